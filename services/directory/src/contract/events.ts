import { defineEvent, eventDomain } from "@csp-mesh/kit";
import { z } from "zod";

/** Directory events. Payloads are snapshots of the public fields (never secrets or their hashes). */
const partnerSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  kind: z.string(),
  authoritySubtype: z.string().optional(),
  status: z.string(),
  mergedInto: z.string().optional(),
  members: z.array(z.string()),
  /** What published grants name it by, where it serves, who accounts for a partnership's money. */
  orgIdentifier: z.string().optional(),
  area: z.object({ code: z.string(), name: z.string() }).optional(),
  accountableBody: z.string().optional(),
  /** Lineage from combination agreements (absent on events from before they existed). */
  predecessors: z.array(z.string()).optional(),
  successors: z.array(z.string()).optional(),
  combination: z.string().optional(),
  etag: z.string(),
});
const personSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  /**
   * Their work address, so the notifier can write to them without calling back into the directory
   * (absent on events from before it was carried). Never a personal address: the directory holds
   * people only in their partnership role.
   */
  email: z.string().optional(),
  partner: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
  etag: z.string(),
});
const systemSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  partner: z.string(),
  clientId: z.string(),
  revoked: z.boolean(),
  /** Its tokens are bound to a client certificate (absent on events from before binding existed). */
  certificateBound: z.boolean().optional(),
  etag: z.string(),
});

/** A combination agreement's state after each step (one shape for every step's event). */
const combinationSnapshot = z.object({
  name: z.string(),
  state: z.string(),
  combinedName: z.string(),
  areas: z.array(z.string()),
  /** Every responsible authority of the areas: the parties whose consent is needed. */
  parties: z.array(z.string()),
  outstanding: z.array(z.string()),
  acrossPoliceAreas: z.boolean(),
  effectiveDate: z.string(),
  /** Once in force: the combined partnership. */
  combinedPartner: z.string().optional(),
  proposedBy: z.string(),
  /** The answer this step recorded (consent_recorded). */
  consent: z.object({ party: z.string(), answer: z.enum(["CONSENTED", "REFUSED"]) }).optional(),
  /** The PCC's decision (decided). */
  approve: z.boolean().optional(),
  /** When the partnerships are separate again (ended). */
  endDate: z.string().optional(),
  /** A variation: the agreement it varies (which it replaces once in force). */
  varies: z.string().optional(),
  etag: z.string(),
});

export const PartnerCreated = defineEvent(
  "partner.created",
  "directory",
  partnerSnapshot,
  "A partner (CSP, county CSP, responsible authority, OPCC or panel) was added to the directory; the payload is its snapshot.",
);
export const PartnerUpdated = defineEvent(
  "partner.updated",
  "directory",
  partnerSnapshot,
  "A partner's details or status changed (for example renamed, or merged into another); the payload is its new snapshot.",
);
export const PersonCreated = defineEvent(
  "person.created",
  "directory",
  personSnapshot,
  "A person was added to a partner with their roles; the payload is their snapshot (no credentials).",
);
export const PersonUpdated = defineEvent(
  "person.updated",
  "directory",
  personSnapshot,
  "A person's details, roles or status changed; the payload is their new snapshot.",
);
export const SystemCreated = defineEvent(
  "system.created",
  "directory",
  systemSnapshot,
  "A partner system (a machine client of one partner) was registered; never carries its secret.",
);
export const SystemSecretRotated = defineEvent(
  "system.secret_rotated",
  "directory",
  systemSnapshot,
  "A partner system's client secret was replaced; the old one stops working. Never carries either secret.",
);
export const SystemRevoked = defineEvent(
  "system.revoked",
  "directory",
  systemSnapshot,
  "A partner system was revoked: its credentials and tokens are refused from now on.",
);

export const CombinationProposed = defineEvent(
  "combination.proposed",
  "directory",
  combinationSnapshot,
  "A combination agreement (CDA 1998 s.5A) was proposed: every party (responsible authority) is asked for its consent.",
);
export const CombinationDocumentAdded = defineEvent(
  "combination.document_added",
  "directory",
  combinationSnapshot,
  "A document (terms of reference, a council's report) was added to an open combination proposal.",
);
export const CombinationConsentRecorded = defineEvent(
  "combination.consent_recorded",
  "directory",
  combinationSnapshot,
  "A party's consent to a combination, or its refusal with reasons, was recorded (never rewritten).",
);
export const CombinationDecided = defineEvent(
  "combination.decided",
  "directory",
  combinationSnapshot,
  "The PCC decided whether to enter a combination agreement (approve: true relies on a statutory interest).",
);
export const CombinationSigned = defineEvent(
  "combination.signed",
  "directory",
  combinationSnapshot,
  "The written combination agreement was signed and recorded (its text hashed); it takes effect on its date.",
);
export const CombinationTookEffect = defineEvent(
  "combination.took_effect",
  "directory",
  combinationSnapshot,
  "A combination agreement came into force: the combined partnership exists and its constituents are combined into it.",
);
export const CombinationEnded = defineEvent(
  "combination.ended",
  "directory",
  combinationSnapshot,
  "A combination agreement ended by written agreement of the parties: the partnerships are separate again.",
);

/** The directory service's published language: its topic and every event on it. */
export const DIRECTORY_EVENTS = eventDomain(
  "directory",
  "Partners, people and partner systems (the directory service).",
  [
    PartnerCreated,
    PartnerUpdated,
    PersonCreated,
    PersonUpdated,
    SystemCreated,
    SystemSecretRotated,
    SystemRevoked,
    CombinationProposed,
    CombinationDocumentAdded,
    CombinationConsentRecorded,
    CombinationDecided,
    CombinationSigned,
    CombinationTookEffect,
    CombinationEnded,
  ],
);
