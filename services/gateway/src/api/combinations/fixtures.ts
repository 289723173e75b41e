/**
 * A combination agreement as the directory's CombinationsService answers it, at each step, for the
 * combination REST routes' tests (the REST API gives it as the service does).
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { ts } from "../testing";

export const ID = "c-mfx2k9a1-3f9c2a7b";
export const NAME = `combinations/${ID}`;
export const PARTIES = ["partners/dartford-council", "partners/gravesham-council", "partners/kent-police"];
export const SHA = "cd".repeat(32);

export const terms = {
  areas: ["partners/csp-dartford", "partners/csp-gravesham"],
  combinedName: "Dartford and Gravesham Community Safety Partnership",
  rationale: "One police district and shared priorities",
  governance: "A joint board chaired in turn by the two councils",
  localDelivery: "Each council keeps its own task groups",
  scrutiny: "Both councils' crime and disorder committees, jointly",
  effectiveDate: "2027-04-01",
};

const consent = (party: string) => ({
  party,
  answer: "CONSENT_ANSWER_CONSENTED",
  reasons: "",
  onBehalf: null,
  recordedBy: "people/opcc-staff-1",
  recordedByDisplayName: "OPCC Staff",
  recordTime: ts("2027-02-14T10:00:00Z"),
});

const written = (text: string, date: string) => ({
  text,
  sha256: SHA,
  date,
  recordedBy: "people/opcc-staff-1",
  recordedByDisplayName: "OPCC Staff",
  recordTime: ts(`${date}T10:00:00Z`),
});

/** The agreement in `state`, with what each step before it recorded. */
export function combination(state = "COMBINATION_STATE_PROPOSED") {
  const steps = [
    "COMBINATION_STATE_PROPOSED",
    "COMBINATION_STATE_APPROVED",
    "COMBINATION_STATE_SIGNED",
    "COMBINATION_STATE_IN_FORCE",
    "COMBINATION_STATE_ENDED",
  ];
  const decided = state !== "COMBINATION_STATE_PROPOSED";
  const after = (s: string) => steps.indexOf(state) >= steps.indexOf(s);
  return {
    name: NAME,
    terms,
    state,
    parties: PARTIES,
    acrossPoliceAreas: false,
    consents: decided ? PARTIES.map(consent) : [consent("partners/kent-police")],
    outstanding: decided ? [] : PARTIES.slice(0, 2),
    decision: decided
      ? {
          approve: state !== "COMBINATION_STATE_DECLINED",
          interests:
            state === "COMBINATION_STATE_DECLINED"
              ? []
              : [{ interest: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER", reasons: "One board, one plan" }],
          reasons: state === "COMBINATION_STATE_DECLINED" ? "The areas' priorities differ too much" : "",
          cooperationArrangements: "",
          secretaryOfState: null,
          decidedBy: "people/opcc-staff-1",
          decidedByDisplayName: "OPCC Staff",
          decideTime: ts("2027-03-01T10:00:00Z"),
        }
      : null,
    agreement: after("COMBINATION_STATE_SIGNED")
      ? written("The agreement as signed by the parties", "2027-03-15")
      : null,
    combinedPartner: after("COMBINATION_STATE_IN_FORCE") ? "partners/csp-dartford-gravesham" : "",
    effectTime: after("COMBINATION_STATE_IN_FORCE") ? ts("2027-04-01T00:00:00Z") : null,
    ending: after("COMBINATION_STATE_ENDED") ? written("The parties agree to end the agreement", "2029-03-31") : null,
    endTime: after("COMBINATION_STATE_ENDED") ? ts("2029-03-31T00:00:00Z") : null,
    proposedBy: "people/opcc-staff-1",
    proposedByDisplayName: "OPCC Staff",
    etag: "W/1",
    createTime: ts("2027-02-01T09:00:00Z"),
    updateTime: ts("2027-02-01T09:00:00Z"),
  };
}
