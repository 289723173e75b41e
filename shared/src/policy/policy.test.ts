import type { Role } from "../auth/caller";
import { decisionLetters, PROBE_HOME, policyViolations, probeCaller } from "./kind-checks";
import {
  allOf,
  CLASSIFICATIONS,
  type Classification,
  OPCC_ANY,
  PARTNER_ADDRESSED,
  PARTNER_OWN,
  readFilter,
  resourceKind,
  scopedFilter,
} from "./policy";

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
const homeOf = PROBE_HOME;
const caller = probeCaller;
const outcomes = decisionLetters;

// A = allowed, N = NOT_FOUND (not even visible), D = PERMISSION_DENIED (visible, not allowed).
type Row = [Role, "own" | "other", boolean /* released to panel */, Classification, string];

describe("policy: submissions (owned by a CSP)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "ADDDDA"],
      ["opcc-staff", "own", false, cl, "ADDDDA"],
      ["csp-officer", "own", false, cl, "AAADAD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "AAADAD"],
      ["csp-chair", "other", false, cl, "NDNNNN"],
      ["partner-system", "own", false, cl, "AAADAD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  rows.push(
    ["panel-member", "own", true, "OFFICIAL", "ADDDDD"],
    ["panel-member", "own", true, "OFFICIAL-SENSITIVE", "NDNNNN"],
  );
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    expect(outcomes(c, OWNED, { owner: A, classification, releasedToPanel: released })).toBe(expected);
  });
});

describe("policy: report requests (owned by the OPCC, addressed to CSP A)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "AAADDA"],
      ["opcc-staff", "own", false, cl, "AAADDA"],
      ["csp-officer", "own", false, cl, "ADDDAD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "ADDDAD"],
      ["partner-system", "own", false, cl, "ADDDAD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  rows.push(
    ["panel-member", "own", true, "OFFICIAL", "ADDDDD"],
    ["panel-member", "own", true, "OFFICIAL-SENSITIVE", "NDNNNN"],
  );
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    const r = { owner: OPCC, addressees: [A], classification, releasedToPanel: released };
    expect(outcomes(c, ADDRESSED, r)).toBe(expected);
  });
});

describe("policy: people (belonging to CSP A)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "AAADDD"],
      ["opcc-staff", "own", false, cl, "ADDDDD"],
      ["csp-officer", "own", false, cl, "ADDDDD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "AAADDD"],
      ["csp-chair", "other", false, cl, "NDNNNN"],
      ["partner-system", "own", false, cl, "ADDDDD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, _released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    expect(outcomes(c, PEOPLE, { owner: A, classification })).toBe(expected);
  });
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
