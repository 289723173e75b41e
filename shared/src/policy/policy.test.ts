import { decisionLetters, PROBE_HOME, policyViolations, probeCaller } from "./kind-checks";
import { allOf, OPCC_ANY, PARTNER_ADDRESSED, PARTNER_OWN, readFilter, resourceKind, scopedFilter } from "./policy";

// The engine is tried on kinds shaped like the services' (each service tests its own kinds' rules
// in its contract): a partnership's own, addressed to partnerships, people, the administrators' alone.
const OWNED = resourceKind("submission-like", {
  read: { ...OPCC_ANY, ...PARTNER_OWN, "panel-member": "released" },
  create: PARTNER_OWN,
  update: PARTNER_OWN,
  submit: PARTNER_OWN,
  review: OPCC_ANY,
});
const ADDRESSED = resourceKind("request-like", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: OPCC_ANY,
  update: OPCC_ANY,
  review: OPCC_ANY,
  submit: PARTNER_ADDRESSED,
});
const PEOPLE = resourceKind("person-like", {
  read: { ...OPCC_ANY, ...PARTNER_OWN, "panel-member": "own" },
  create: { "opcc-admin": "any", "csp-chair": "own" },
  update: { "opcc-admin": "any", "csp-chair": "own" },
});
const LEDGER = resourceKind("ledger-like", { read: { "opcc-admin": "any" } });

const A = PROBE_HOME["csp-officer"];
const B = "partners/csp-b";
const OPCC = PROBE_HOME["opcc-staff"];
const caller = probeCaller;
const outcomes = decisionLetters;

test("decide: NOT_FOUND when the caller may not see it, PERMISSION_DENIED when it may see but not act", () => {
  // The letters are the actions in order: read, create, update, manage-credentials, submit, review.
  // (Each service's contract test holds the full table for its own kinds.)
  const own = { owner: A, classification: "OFFICIAL" as const };
  expect(outcomes(caller("csp-officer"), OWNED, own)).toBe("AAADAD");
  expect(outcomes(caller("csp-officer", B), OWNED, own)).toBe("NDNNNN");
  expect(outcomes(caller("opcc-staff"), OWNED, own)).toBe("ADDDDA");
  expect(outcomes(caller("panel-member"), OWNED, { ...own, releasedToPanel: true })).toBe("ADDDDD");
  expect(
    outcomes(caller("panel-member"), OWNED, { ...own, classification: "OFFICIAL-SENSITIVE", releasedToPanel: true }),
  ).toBe("NDNNNN");
  expect(outcomes(caller("csp-chair"), ADDRESSED, { owner: OPCC, addressees: [A], classification: "OFFICIAL" })).toBe(
    "ADDDAD",
  );
  expect(outcomes(caller("csp-chair"), PEOPLE, own)).toBe("AAADDD");
});

describe("the platform's promises over a kind (policyViolations, which every service runs on its own)", () => {
  test("the kinds shaped like the services' keep every promise", () => {
    expect([OWNED, ADDRESSED, PEOPLE].flatMap((k) => policyViolations(k))).toEqual([]);
    expect(policyViolations(LEDGER, { notForAllOpcc: true })).toEqual([]);
  });

  test("a kind that breaks one is reported, naming the role, action and classification", () => {
    const leaky = resourceKind("leaky", { read: { ...OPCC_ANY, "csp-officer": "any" } });
    const found = policyViolations(leaky);
    expect(found).toContain("leaky / csp-officer / read / OFFICIAL: allowed on another partner's");
    expect(policyViolations(LEDGER)).toContain("ledger-like / opcc-staff / read / OFFICIAL: the OPCC cannot read it");
  });
});

describe("readFilter: the partner scope is a database filter built from the caller", () => {
  test("CSP officers see their own partner's submissions only", () => {
    expect(readFilter(caller("csp-officer"), OWNED)).toEqual({ owner: A });
  });
  test("CSP officers see requests owned by or addressed to their partner", () => {
    expect(readFilter(caller("csp-officer"), ADDRESSED)).toEqual({ $or: [{ owner: A }, { addressees: A }] });
  });
  test("panel members see released OFFICIAL material only", () => {
    expect(readFilter(caller("panel-member"), OWNED)).toEqual({
      $and: [{ releasedToPanel: true }, { classification: "OFFICIAL" }],
    });
  });
  test("OPCC staff are unrestricted; others cannot read the audit ledger at all", () => {
    expect(readFilter(caller("opcc-staff"), OWNED)).toEqual({});
    expect(readFilter(caller("csp-chair"), LEDGER)).toBeNull();
    expect(readFilter(caller("opcc-admin"), LEDGER)).toEqual({});
  });
});

describe("scopedFilter: a query narrowed to the caller's scope", () => {
  test("adds the scope beside the query, leaves unrestricted callers' queries as they are, refuses the rest", () => {
    expect(scopedFilter(caller("csp-officer"), OWNED, { _id: "x" })).toEqual({ _id: "x", owner: A });
    expect(scopedFilter(caller("opcc-staff"), OWNED, { _id: "x" })).toEqual({ _id: "x" });
    expect(scopedFilter(caller("csp-chair"), LEDGER, {})).toBeNull();
  });

  test("keeps the query's own keys at the top level, so the database can find the document by _id", () => {
    const f = scopedFilter(caller("csp-officer"), ADDRESSED, { _id: "r1" });
    expect(f).toEqual({ _id: "r1", $or: [{ owner: A }, { addressees: A }] });
  });

  test("a key both sides constrain stays a conjunction: the caller's own filter cannot widen the scope", () => {
    const f = scopedFilter(caller("csp-officer"), OWNED, { owner: "partners/csp-other", $and: [{ v: 1 }] });
    expect(f).toEqual({ owner: "partners/csp-other", v: 1, $and: [{ owner: A }] });
  });
});

describe("allOf", () => {
  test("flattens nested $and and moves clashing keys into $and", () => {
    expect(allOf({ a: 1 }, { $and: [{ b: 2 }, { $and: [{ c: 3 }] }] }, { a: { $gt: 0 } })).toEqual({
      a: 1,
      b: 2,
      c: 3,
      $and: [{ a: { $gt: 0 } }],
    });
    expect(allOf({ $or: [{ x: 1 }] }, { $or: [{ y: 1 }] })).toEqual({ $or: [{ x: 1 }], $and: [{ $or: [{ y: 1 }] }] });
    expect(allOf({}, {})).toEqual({});
  });
});

test("lineage: a combined partnership reads, never changes, its predecessors' records, by _id only", () => {
  const combined = { ...caller("csp-officer", "partners/csp-combined"), lineage: [A] };
  const addressed = { owner: OPCC, addressees: [A], classification: "OFFICIAL" as const };
  // read allowed; submit (PARTNER_ADDRESSED) refused as visible-but-not-allowed.
  expect(outcomes(combined, ADDRESSED, addressed)).toBe("ADDDDD");
  expect(outcomes(combined, OWNED, { owner: A, classification: "OFFICIAL" })).toBe("ADDDDD");
  // Outside the lineage nothing changes: B's records stay invisible.
  expect(outcomes(combined, ADDRESSED, { ...addressed, addressees: [B] })).toBe("NDNNNN");
  // A lookup by _id reaches the predecessors; a list keeps to the caller's own partner.
  expect(scopedFilter(combined, ADDRESSED, { _id: "x" })).toEqual({
    _id: "x",
    $or: [{ owner: { $in: ["partners/csp-combined", A] } }, { addressees: { $in: ["partners/csp-combined", A] } }],
  });
  expect(scopedFilter(combined, ADDRESSED, { state: "OPEN" })).toEqual({
    state: "OPEN",
    $or: [{ owner: "partners/csp-combined" }, { addressees: "partners/csp-combined" }],
  });
});
