import { noticesFor } from "./notices";

const names: Record<string, string> = {
  "partners/csp-dover": "Dover CSP",
  "partners/csp-folkestone": "Folkestone and Hythe CSP",
  "partners/csp-east-kent": "East Kent CSP",
};
const facts = { baseUrl: "https://mesh.example/", partnerName: (p: string) => names[p] ?? p };
const AREAS = ["partners/csp-dover", "partners/csp-folkestone"];
const PARTIES = ["partners/dover-dc", "partners/fhdc", "partners/kent-police"];
const event = (type: string, data: Record<string, unknown> = {}) => ({
  id: "e1",
  type,
  subject: "combinations/c-lz0abc-0123abcd",
  classification: "OFFICIAL" as const,
  data: {
    name: "combinations/c-lz0abc-0123abcd",
    state: "PROPOSED",
    combinedName: "East Kent CSP",
    areas: AREAS,
    parties: PARTIES,
    outstanding: PARTIES,
    acrossPoliceAreas: false,
    effectiveDate: "2027-04-01",
    proposedBy: "people/opcc-staff-1",
    etag: "1",
    ...data,
  },
});
const LINK = "https://mesh.example/combinations/c-lz0abc-0123abcd";

describe("combination agreement emails", () => {
  test("a proposal asks each party's officers for their authority's consent: the areas, the combined name, the date, a link", () => {
    const [n, ...more] = noticesFor(event("combination.proposed"), facts);
    expect(more).toEqual([]);
    expect(n).toMatchObject({
      audience: { partners: PARTIES, roles: ["csp-officer"] },
      digestable: false,
      words: {
        subject:
          "Your authority's consent is sought to combine Dover CSP and Folkestone and Hythe CSP into East Kent CSP",
        link: { href: LINK, text: "Read the proposal and record your authority's answer" },
      },
    });
    expect(n?.words.paragraphs[0]).toBe(
      "A combination agreement under section 5A of the Crime and Disorder Act 1998 has been proposed: Dover CSP and Folkestone and Hythe CSP would combine into one partnership, East Kent CSP, from 1 April 2027.",
    );
    expect(n?.words.paragraphs.join(" ")).not.toContain("Secretary of State");
    const [across] = noticesFor(event("combination.proposed", { acrossPoliceAreas: true }), facts);
    expect(across?.words.paragraphs.join(" ")).toContain("the Secretary of State's agreement");
  });

  test("answers write nothing until the last, which tells the OPCC (who decide next); a signature writes nothing", () => {
    const consent = { party: "partners/dover-dc", answer: "CONSENTED" };
    expect(
      noticesFor(event("combination.consent_recorded", { consent, outstanding: PARTIES.slice(1) }), facts),
    ).toEqual([]);
    const [last, ...more] = noticesFor(event("combination.consent_recorded", { consent, outstanding: [] }), facts);
    expect(more).toEqual([]);
    expect(last).toMatchObject({
      audience: { roles: ["opcc-admin", "opcc-staff"] },
      words: {
        subject:
          "Every party has answered the proposal to combine Dover CSP and Folkestone and Hythe CSP into East Kent CSP",
        link: { href: LINK },
      },
    });
    expect(last?.audience.partners).toBeUndefined();
    expect(noticesFor(event("combination.signed", { state: "SIGNED", outstanding: [] }), facts)).toEqual([]);
    expect(noticesFor(event("combination.document_added", { state: "PROPOSED" }), facts)).toEqual([]);
  });

  test("the decision goes to the parties' officers and the areas' chairs and officers, approved or declined", () => {
    const approved = noticesFor(
      event("combination.decided", { state: "APPROVED", outstanding: [], approve: true }),
      facts,
    );
    expect(approved.map((n) => n.audience)).toEqual([
      { partners: PARTIES, roles: ["csp-officer"] },
      { partners: AREAS, roles: ["csp-chair", "csp-officer"] },
    ]);
    expect(approved.map((n) => n.key)).toEqual(["parties", "areas"]);
    expect(approved[0]?.words.subject).toBe(
      "The combination of Dover CSP and Folkestone and Hythe CSP into East Kent CSP was approved",
    );
    expect(approved[0]?.words.paragraphs[1]).toBe(
      "Once the written agreement is signed, it takes effect on 1 April 2027. Sign in to read the decision.",
    );
    expect(approved.every((n) => n.digestable && n.words.link.href === LINK)).toBe(true);
    const declined = noticesFor(
      event("combination.decided", { state: "DECLINED", outstanding: [], approve: false }),
      facts,
    );
    expect(declined).toHaveLength(2);
    expect(declined[1]?.words.subject).toMatch(/ was declined$/);
    expect(declined[1]?.words.paragraphs.join(" ")).toContain("Sign in to read the reasons.");
  });

  test("taking effect tells the parties and the areas (and the combined partnership) that it exists and new requests address it", () => {
    const ns = noticesFor(
      event("combination.took_effect", {
        state: "IN_FORCE",
        outstanding: [],
        combinedPartner: "partners/csp-east-kent",
      }),
      facts,
    );
    expect(ns.map((n) => n.audience)).toEqual([
      { partners: PARTIES, roles: ["csp-officer"] },
      { partners: [...AREAS, "partners/csp-east-kent"], roles: ["csp-chair", "csp-officer"] },
    ]);
    expect(ns[0]).toMatchObject({
      digestable: false,
      words: {
        subject: "East Kent CSP now exists: Dover CSP and Folkestone and Hythe CSP are combined",
        paragraphs: [
          "The combination agreement is in force: from 1 April 2027, Dover CSP and Folkestone and Hythe CSP are combined into one partnership, East Kent CSP.",
          "New requests from the Office of the Police and Crime Commissioner address East Kent CSP, not the partnerships it combines.",
        ],
        link: { href: LINK },
      },
    });
  });

  test("the end tells the same people that the partnerships are separate again, from the end date", () => {
    const ns = noticesFor(
      event("combination.ended", {
        state: "ENDED",
        outstanding: [],
        combinedPartner: "partners/csp-east-kent",
        endDate: "2029-03-31",
      }),
      facts,
    );
    expect(ns.map((n) => n.audience.partners)).toEqual([PARTIES, [...AREAS, "partners/csp-east-kent"]]);
    expect(ns[1]).toMatchObject({
      digestable: false,
      words: {
        subject: "The combination agreement for East Kent CSP has ended",
        link: { href: LINK },
      },
    });
    expect(ns[1]?.words.paragraphs[0]).toBe(
      "The parties have agreed in writing to end the combination agreement. From 31 March 2029, Dover CSP and Folkestone and Hythe CSP are separate partnerships again and East Kent CSP is dissolved.",
    );
  });

  test("three areas are listed with commas; a directory event about a person or partner writes nothing", () => {
    const [n] = noticesFor(event("combination.proposed", { areas: [...AREAS, "partners/csp-canterbury"] }), facts);
    expect(n?.words.subject).toContain("Dover CSP, Folkestone and Hythe CSP and partners/csp-canterbury into");
    expect(noticesFor(event("person.created"), facts)).toEqual([]);
    expect(noticesFor(event("partner.updated"), facts)).toEqual([]);
  });
});
