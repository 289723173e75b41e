/**
 * The emails combination agreements (Crime and Disorder Act 1998 s.5A; the directory's
 * `combination.*` events) cause, pure: a proposal asks every party (each responsible authority of
 * the areas, its officers) for its authority's consent; the last party's answer tells the OPCC, who
 * decide next; the PCC's decision, the agreement taking effect and its end go to the parties and to
 * the areas' chairs and officers (the combined partnership's too, once it exists). A signature
 * writes nothing: taking effect follows it. Reasons stay behind sign-in (the events carry none).
 */
import { formatDate, type Role } from "@csp-mesh/kit";
import type { EventView, Facts, Notice } from "./notice-types";

/** People of a responsible authority are its officers; a partnership also has its chair. */
const PARTY: Role[] = ["csp-officer"];
const PARTNERSHIP: Role[] = ["csp-chair", "csp-officer"];
const OPCC: Role[] = ["opcc-admin", "opcc-staff"];
const str = (v: unknown) => (typeof v === "string" ? v : "");
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** "2027-04-01" -> "1 April 2027" (midday UTC is the same date in London all year). */
const day = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(new Date(`${iso}T12:00:00Z`)) : iso);
/** "A", "A and B", "A, B and C". */
const and = (names: string[]) =>
  names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
/** The agreement's web page: combinations/c-... -> /combinations/c-... */
const agreementPage = (f: Facts, name: string) => `${f.baseUrl.replace(/\/+$/, "")}/${name}`;

export function combinationNotices(e: EventView, f: Facts): Notice[] {
  const d = e.data;
  const parties = list(d.parties);
  const areas = list(d.areas);
  const combined = str(d.combinedName);
  const areaNames = and(areas.map((a) => f.partnerName(a)));
  const link = (text: string) => ({ href: agreementPage(f, str(d.name)), text });
  /** Once in force, the combined partnership is one of the areas' partnerships to tell. */
  const combinedPartner = str(d.combinedPartner);
  /** The same words to the parties' officers and to the areas' (and combined partnership's) chairs and officers. */
  const toEveryone = (digestable: boolean, words: Notice["words"]): Notice[] => [
    { key: "parties", audience: { partners: parties, roles: PARTY }, digestable, words },
    {
      key: "areas",
      audience: { partners: combinedPartner ? [...areas, combinedPartner] : areas, roles: PARTNERSHIP },
      digestable,
      words,
    },
  ];
  switch (e.type) {
    case "combination.proposed":
      return [
        {
          key: "parties",
          audience: { partners: parties, roles: PARTY },
          digestable: false,
          words: {
            subject: `Your authority's consent is sought to combine ${areaNames} into ${combined}`,
            paragraphs: [
              `A combination agreement under section 5A of the Crime and Disorder Act 1998 has been proposed: ${areaNames} would combine into one partnership, ${combined}, from ${day(str(d.effectiveDate))}.`,
              "Every responsible authority of those areas must be a party, so your authority's consent is sought. Someone from your authority records its consent, or its refusal with reasons, in the mesh; the Office of the Police and Crime Commissioner can record it on your authority's behalf with your authority's own decision.",
              ...(d.acrossPoliceAreas === true
                ? [
                    "The areas span more than one police area, so the agreement also needs arrangements for co-operation and the Secretary of State's agreement.",
                  ]
                : []),
            ],
            link: link("Read the proposal and record your authority's answer"),
          },
        },
      ];
    case "combination.consent_recorded":
      // The last answer in: the PCC's decision is next (it needs every party's consent).
      if (list(d.outstanding).length > 0 || parties.length === 0) return [];
      return [
        {
          key: "opcc",
          audience: { roles: OPCC },
          digestable: true,
          words: {
            subject: `Every party has answered the proposal to combine ${areaNames} into ${combined}`,
            paragraphs: [
              `Every responsible authority of ${areaNames} has now recorded its answer to the proposed combination agreement.`,
              "Sign in to read the answers: the Police and Crime Commissioner can decide once every party has consented and none has refused.",
            ],
            link: link("Read the answers"),
          },
        },
      ];
    case "combination.decided": {
      const approved = typeof d.approve === "boolean" ? d.approve : str(d.state) === "APPROVED";
      return toEveryone(true, {
        subject: `The combination of ${areaNames} into ${combined} was ${approved ? "approved" : "declined"}`,
        paragraphs: approved
          ? [
              `The Police and Crime Commissioner has decided to enter the combination agreement combining ${areaNames} into ${combined}.`,
              `Once the written agreement is signed, it takes effect on ${day(str(d.effectiveDate))}. Sign in to read the decision.`,
            ]
          : [
              `The Police and Crime Commissioner has decided not to enter the combination agreement that would have combined ${areaNames} into ${combined}.`,
              "The partnerships stay as they are. Sign in to read the reasons.",
            ],
        link: link("Read the decision"),
      });
    }
    case "combination.took_effect":
      return toEveryone(false, {
        subject: `${combined} now exists: ${areaNames} are combined`,
        paragraphs: [
          `The combination agreement is in force: from ${day(str(d.effectiveDate))}, ${areaNames} are combined into one partnership, ${combined}.`,
          `New requests from the Office of the Police and Crime Commissioner address ${combined}, not the partnerships it combines.`,
        ],
        link: link("Read the combination agreement"),
      });
    case "combination.ended": {
      const end = str(d.endDate);
      return toEveryone(false, {
        subject: `The combination agreement for ${combined} has ended`,
        paragraphs: [
          `The parties have agreed in writing to end the combination agreement. ${end ? `From ${day(end)}` : "Now"}, ${areaNames} are separate partnerships again and ${combined} is dissolved.`,
          "New requests from the Office of the Police and Crime Commissioner address each partnership again.",
        ],
        link: link("Read the combination agreement"),
      });
    }
    default:
      return [];
  }
}
