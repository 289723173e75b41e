import { noticesFor } from "./notices";

const facts = {
  baseUrl: "https://mesh.example/",
  partnerName: (p: string) => (p === "partners/csp-dover" ? "Dover CSP" : p),
};
const event = (type: string, data: Record<string, unknown>) => ({
  id: "e1",
  type,
  subject: "x",
  classification: "OFFICIAL" as const,
  data: { partner: "partners/csp-dover", actor: "people/opcc-staff-1", ...data },
});

describe("grants emails", () => {
  test("an award made: the partnership's chair and officers, the amount in pounds, a link to the award", () => {
    const [n, ...more] = noticesFor(
      event("grant.award-offered", { award: "awards/crg-2027-28-csp-dover", amountPence: 3_966_100 }),
      facts,
    );
    expect(more).toEqual([]);
    expect(n).toMatchObject({
      audience: { partners: ["partners/csp-dover"], roles: ["csp-chair", "csp-officer"] },
      digestable: false,
      words: {
        subject: "A grant of £39,661.00 has been awarded to your partnership",
        link: { href: "https://mesh.example/grants/awards/crg-2027-28-csp-dover" },
      },
    });
  });

  test("a declined case tells the partnership (the reasons behind sign-in); an awarded one is told by the award", () => {
    const application = "programmes/crg-2027-28/applications/csp-dover";
    expect(noticesFor(event("grant.application-decided", { decision: "AWARD", application }), facts)).toEqual([]);
    const [declined] = noticesFor(event("grant.application-decided", { decision: "DECLINE", application }), facts);
    expect(declined?.words.subject).toBe("Your business case has not been funded");
    expect(declined?.words.link?.href).toBe(`https://mesh.example/grants/${application}`);
    const [returned] = noticesFor(event("grant.application-returned", { application, version: 2 }), facts);
    expect(returned?.audience).toEqual({ partners: ["partners/csp-dover"], roles: ["csp-officer"] });
  });

  test("a payment to approve goes to the OPCC; a payment made to the partnership, with its date", () => {
    const award = "awards/crg-2027-28-csp-dover";
    const [proposed] = noticesFor(
      event("grant.tranche-proposed", { award, tranche: 1, amountPence: 2_644_066 }),
      facts,
    );
    expect(proposed).toMatchObject({
      audience: { roles: ["opcc-admin", "opcc-staff"] },
      words: { subject: "A grant payment to Dover CSP awaits approval" },
    });
    const [paid] = noticesFor(
      event("grant.payment-recorded", { award, tranche: 1, amountPence: 2_644_066, paidDate: "2027-05-09" }),
      facts,
    );
    expect(paid?.words.paragraphs[0]).toBe(
      "The Police and Crime Commissioner paid tranche 1 of your partnership's grant, £26,440.66, on 2027-05-09.",
    );
    expect(noticesFor(event("grant.interest-declared", { award }), facts)).toEqual([]);
  });

  test("a tranche released by an accepted return goes to the OPCC; an underspend's repayment to the partnership", () => {
    const award = "awards/crg-2027-28-csp-dover";
    const [due] = noticesFor(event("grant.return-accepted", { award, kind: "MID_YEAR", tranchesDue: [2] }), facts);
    expect(due).toMatchObject({
      audience: { roles: ["opcc-admin", "opcc-staff"] },
      words: { subject: "A grant payment to Dover CSP is now due" },
    });
    expect(due?.words.paragraphs[0]).toBe(
      "Dover CSP's monitoring return has been accepted, so tranche 2 of its grant is now due.",
    );
    expect(noticesFor(event("grant.return-accepted", { award, kind: "YEAR_END", tranchesDue: [] }), facts)).toEqual([]);
    const [repay] = noticesFor(
      event("grant.award-closed", { award, spentPence: 3_950_500, underspendPence: 15_600, holdBack: false }),
      facts,
    );
    expect(repay).toMatchObject({
      audience: { partners: ["partners/csp-dover"], roles: ["csp-chair", "csp-officer"] },
      words: { subject: "Repayment of £156.00 of your grant is requested" },
    });
    expect(noticesFor(event("grant.award-closed", { award, underspendPence: 0 }), facts)).toEqual([]);
  });

  test("a variation: the other side is asked to agree it; its proposer hears the answer; a withdrawal tells the side asked", () => {
    const v = { award: "awards/crg-2027-28-csp-dover", variation: 1, side: "FUNDER", amountPence: 4_000_000 };
    const [asked] = noticesFor(event("grant.variation-proposed", v), facts);
    expect(asked).toMatchObject({
      audience: { partners: ["partners/csp-dover"], roles: ["csp-chair"] },
      words: { subject: "A variation of your partnership's grant agreement awaits your agreement" },
    });
    const [fromChair] = noticesFor(event("grant.variation-proposed", { ...v, side: "RECIPIENT" }), facts);
    expect(fromChair?.audience).toEqual({ roles: ["opcc-admin", "opcc-staff"] });
    const [agreed] = noticesFor(event("grant.variation-agreed", v), facts);
    expect(agreed).toMatchObject({
      audience: { roles: ["opcc-admin", "opcc-staff"] },
      words: { paragraphs: ["The grant agreement now has the varied terms: £40,000.00 in all."] },
    });
    expect(agreed?.words.subject).toMatch(/^Variation 1 of .+'s grant agreement was agreed$/);
    const [withdrawn] = noticesFor(event("grant.variation-declined", { ...v, withdrawn: true }), facts);
    expect(withdrawn).toMatchObject({
      audience: { partners: ["partners/csp-dover"], roles: ["csp-chair"] },
      words: { subject: "Variation 1 of your partnership's grant agreement was withdrawn" },
    });
  });
});
