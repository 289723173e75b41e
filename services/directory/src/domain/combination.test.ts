import {
  type Consent,
  combinedLineage,
  crossForce,
  decideRefusal,
  decisionViolations,
  effectRefusal,
  outstanding,
  type PartnerView,
  type Proposal,
  partiesOf,
  proposalViolations,
  recordConsent,
  variedLineage,
} from "./combination";

const csp = (id: string, members: string[], over: Partial<PartnerView> = {}): PartnerView => ({
  name: `partners/${id}`,
  displayName: id,
  kind: "CSP",
  status: "ACTIVE",
  members: members.map((m) => `partners/${m}`),
  ...over,
});
const authority = (id: string, subtype: string): PartnerView => ({
  name: `partners/${id}`,
  displayName: id,
  kind: "RESPONSIBLE_AUTHORITY",
  status: "ACTIVE",
  members: [],
  authoritySubtype: subtype,
});
const partners = new Map(
  [
    csp("csp-dartford", ["kent-police", "kent-county-council", "dartford-council"]),
    csp("csp-gravesham", ["kent-police", "kent-county-council", "gravesham-council"]),
    csp("csp-bexley", ["met-police", "bexley-council"]),
    csp("csp-old", ["kent-police"], { status: "MERGED" }),
    authority("kent-police", "POLICE"),
    authority("met-police", "POLICE"),
    authority("kent-county-council", "COUNTY_COUNCIL"),
    authority("dartford-council", "DISTRICT_COUNCIL"),
    authority("gravesham-council", "DISTRICT_COUNCIL"),
    authority("bexley-council", "UNITARY_COUNCIL"),
  ].map((p) => [p.name, p]),
);
const TODAY = "2027-03-01";
const proposal: Proposal = {
  areas: ["partners/csp-dartford", "partners/csp-gravesham"],
  combinedName: "Dartford and Gravesham Community Safety Partnership",
  rationale: "One town centre economy and one policing district",
  governance: "A joint board chaired in turn by the two councils",
  localDelivery: "Each council keeps its own delivery group",
  scrutiny: "Each council's scrutiny committee in turn",
  effectiveDate: "2027-04-01",
};
const field = (v: { field: string }[]) => v.map((x) => x.field);

describe("a proposal to combine partnerships", () => {
  test("two active CSPs, described, taking effect today or later", () => {
    expect(proposalViolations(proposal, partners, TODAY)).toEqual([]);
    expect(proposalViolations({ ...proposal, effectiveDate: TODAY }, partners, TODAY)).toEqual([]);
  });

  test("every problem at once: not a CSP, twice, unknown, already combined, a single area, a past date", () => {
    const bad = proposalViolations(
      {
        ...proposal,
        areas: [
          "partners/kent-police",
          "partners/csp-dartford",
          "partners/csp-dartford",
          "partners/nope",
          "partners/csp-old",
        ],
        rationale: "short",
        effectiveDate: "2027-02-30",
      },
      partners,
      TODAY,
    );
    expect(field(bad)).toEqual(["areas[0]", "areas[2]", "areas[3]", "areas[4]", "rationale", "effective_date"]);
    expect(field(proposalViolations({ ...proposal, areas: ["partners/csp-dartford"] }, partners, TODAY))).toEqual([
      "areas",
    ]);
    expect(proposalViolations({ ...proposal, effectiveDate: "2026-01-01" }, partners, TODAY)[0]?.description).toBe(
      "today or a later date",
    );
  });

  test("the parties are every responsible authority of the areas, once each; two forces make it cross-force", () => {
    const parties = partiesOf(proposal.areas, partners);
    expect(parties).toEqual([
      "partners/dartford-council",
      "partners/gravesham-council",
      "partners/kent-county-council",
      "partners/kent-police",
    ]);
    expect(crossForce(parties, partners)).toBe(false);
    expect(crossForce(partiesOf(["partners/csp-dartford", "partners/csp-bexley"], partners), partners)).toBe(true);
  });
});

describe("consents", () => {
  const parties = partiesOf(proposal.areas, partners);
  const open = { state: "PROPOSED" as const, parties, consents: [] as Consent[] };
  const consent = (party: string, over: Partial<Consent> = {}): Consent => ({
    party,
    answer: "CONSENTED",
    reasons: "",
    by: "people/x",
    byName: "X",
    time: new Date("2027-03-01T10:00:00Z"),
    ...over,
  });

  test("by a person of the authority, or the OPCC on its behalf with its decision; never by another partner", () => {
    expect(
      recordConsent(open, consent("partners/kent-police"), { partner: "partners/kent-police", isOpcc: false }),
    ).toMatchObject({
      ok: true,
      changed: true,
    });
    expect(
      recordConsent(open, consent("partners/kent-police"), { partner: "partners/dartford-council", isOpcc: false }),
    ).toMatchObject({ ok: false, refusal: { code: "PERMISSION_DENIED" } });
    const noDecision = recordConsent(open, consent("partners/kent-police"), {
      partner: "partners/opcc-kent",
      isOpcc: true,
    });
    expect(noDecision.ok === false && "violations" in noDecision && field(noDecision.violations)).toEqual([
      "on_behalf.decision_reference",
      "on_behalf.decision_date",
    ]);
    const onBehalf = consent("partners/kent-police", {
      onBehalf: { decisionReference: "Cabinet 2027/14", decisionDate: "2027-02-20" },
    });
    expect(recordConsent(open, onBehalf, { partner: "partners/opcc-kent", isOpcc: true }).ok).toBe(true);
  });

  test("the same answer twice is one; a different answer is refused; an unknown party or a bare refusal is named", () => {
    const once = { ...open, consents: [consent("partners/kent-police")] };
    const who = { partner: "partners/kent-police", isOpcc: false };
    expect(recordConsent(once, consent("partners/kent-police"), who)).toMatchObject({ ok: true, changed: false });
    expect(
      recordConsent(once, consent("partners/kent-police", { answer: "REFUSED", reasons: "We changed our mind" }), who),
    ).toMatchObject({
      ok: false,
      refusal: { code: "FAILED_PRECONDITION" },
    });
    const bad = recordConsent(open, consent("partners/bexley-council", { answer: "REFUSED" }), {
      partner: "partners/bexley-council",
      isOpcc: false,
    });
    expect(bad.ok === false && "violations" in bad && field(bad.violations)).toEqual(["party", "reasons"]);
  });

  test("nothing is decided until every party has consented; one refusal blocks it", () => {
    expect(decideRefusal(open)?.message).toContain("still awaiting the consent of partners/dartford-council");
    const all = parties.map((p) => consent(p));
    expect(outstanding(parties, all)).toEqual([]);
    expect(decideRefusal({ ...open, consents: all })).toBeUndefined();
    const refused = [
      ...all.slice(1),
      consent(parties[0] as string, { answer: "REFUSED", reasons: "Not in our interest" }),
    ];
    expect(decideRefusal({ ...open, consents: refused })?.message).toContain("refused by partners/dartford-council");
  });
});

describe("the PCC's decision and the agreement in force", () => {
  const approve = {
    approve: true,
    interests: [
      { interest: "REDUCING_CRIME_AND_DISORDER" as const, reasons: "One strategy for one night-time economy" },
    ],
    reasons: "",
    cooperationArrangements: "",
  };

  test("approved only relying on a statutory interest with reasons; refused only with reasons", () => {
    expect(decisionViolations(approve, false)).toEqual([]);
    expect(field(decisionViolations({ ...approve, interests: [] }, false))).toEqual(["interests"]);
    expect(field(decisionViolations({ ...approve, approve: false }, false))).toEqual(["reasons"]);
  });

  test("across police areas: co-operation arrangements and the Secretary of State's agreement as well", () => {
    expect(field(decisionViolations(approve, true))).toEqual(["cooperation_arrangements", "secretary_of_state"]);
    expect(
      decisionViolations(
        {
          ...approve,
          cooperationArrangements: "Joint tasking between the two forces' district commanders",
          secretaryOfState: { agreed: true, reference: "HO/2027/031", date: "2027-02-25" },
        },
        true,
      ),
    ).toEqual([]);
  });

  test("in force from its date once signed; the combined partnership's members are the parties, the constituents combined into it", () => {
    expect(effectRefusal({ state: "APPROVED", effectiveDate: "2027-04-01" }, "2027-04-01")?.message).toContain(
      "signed",
    );
    expect(
      effectRefusal({ state: "SIGNED", effectiveDate: "2027-04-01", agreementSha256: "ab" }, "2027-03-31")?.message,
    ).toBe("it takes effect on 2027-04-01");
    expect(
      effectRefusal({ state: "SIGNED", effectiveDate: "2027-04-01", agreementSha256: "ab" }, "2027-04-01"),
    ).toBeUndefined();
    const parties = partiesOf(proposal.areas, partners);
    const l = combinedLineage({ ...proposal, parties }, "partners/csp-dartford-gravesham");
    expect(l.combined).toMatchObject({ members: parties, predecessors: proposal.areas, status: "ACTIVE" });
    expect(l.constituents).toEqual([
      { name: "partners/csp-dartford", status: "MERGED", mergedInto: "partners/csp-dartford-gravesham" },
      { name: "partners/csp-gravesham", status: "MERGED", mergedInto: "partners/csp-dartford-gravesham" },
    ]);
  });
});

describe("a variation", () => {
  test("the combined partnership's constituents may stay in a variation though already combined", () => {
    const varied = { ...proposal, areas: ["partners/csp-dartford", "partners/csp-old"] };
    expect(field(proposalViolations(varied, partners, TODAY))).toEqual(["areas[1]"]);
    expect(proposalViolations(varied, partners, TODAY, ["partners/csp-old"])).toEqual([]);
  });

  test("areas join and leave; the combined partnership keeps every predecessor", () => {
    expect(variedLineage(["a", "b"], ["a", "c"])).toEqual({
      joining: ["c"],
      leaving: ["b"],
      predecessors: ["a", "b", "c"],
    });
  });
});
