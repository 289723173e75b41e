import type { Caller, Role } from "../auth/caller";
import { ROLES } from "../auth/caller";
import {
  ACTIONS,
  allOf,
  CLASSIFICATIONS,
  type Classification,
  decide,
  RESOURCE_KINDS,
  type ResourceFacts,
  type ResourceKind,
  readFilter,
  scopedFilter,
} from "./policy";

const A = "partners/csp-a";
const B = "partners/csp-b";
const OPCC = "partners/opcc-kent";
const PANEL = "partners/kent-medway-pcp";

const homeOf: Record<Role, string> = {
  "opcc-admin": OPCC,
  "opcc-staff": OPCC,
  "csp-officer": A,
  "csp-chair": A,
  "partner-system": A,
  "panel-member": PANEL,
};
const caller = (role: Role, partner = homeOf[role]): Caller => ({
  subject: role === "partner-system" ? "systems/x" : "people/x",
  partner,
  roles: [role],
  kind: role === "partner-system" ? "system" : "person",
});

/** Outcome letters in ACTIONS order (read, create, update, manage-credentials, submit, review). */
const outcomes = (c: Caller, kind: ResourceKind, r: ResourceFacts) =>
  ACTIONS.map((a) => {
    const d = decide(c, a, kind, r);
    return d.allowed ? "A" : d.code === "NOT_FOUND" ? "N" : "D";
  }).join("");

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
    expect(outcomes(c, "submission", { owner: A, classification, releasedToPanel: released })).toBe(expected);
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
    expect(outcomes(c, "report-request", r)).toBe(expected);
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
    expect(outcomes(c, "person", { owner: A, classification })).toBe(expected);
  });
});

describe("policy invariants over every kind x role x action x classification", () => {
  const combos = RESOURCE_KINDS.flatMap((kind) =>
    ROLES.flatMap((role) =>
      ACTIONS.flatMap((action) => CLASSIFICATIONS.map((cl) => [kind, role, action, cl] as const)),
    ),
  );

  test.each(combos)("%s / %s / %s / %s", (kind, role, action, classification) => {
    const released = { owner: A, addressees: [A], classification, releasedToPanel: true };
    const foreign = { owner: B, addressees: [B], classification };
    const d = decide(caller(role), action, kind, released);
    // Panel members never handle OFFICIAL-SENSITIVE material, released or not.
    if (role === "panel-member" && classification === "OFFICIAL-SENSITIVE" && action !== "create") {
      expect(d).toEqual({ allowed: false, code: "NOT_FOUND" });
    }
    // Creation reveals nothing, so it is never answered with NOT_FOUND.
    if (action === "create") expect(d).not.toEqual({ allowed: false, code: "NOT_FOUND" });
    // A CSP-side caller gets nothing of another partner's, except the shared partner directory.
    if (["csp-officer", "csp-chair", "partner-system"].includes(role) && kind !== "partner") {
      const f = decide(caller(role), action, kind, foreign);
      expect(f.allowed).toBe(false);
    }
    // OPCC staff can see everything in the force area.
    if (role.startsWith("opcc-") && kind !== "audit-record") {
      expect(decide(caller(role), "read", kind, foreign).allowed).toBe(true);
    }
  });
});

describe("readFilter: the partner scope is a database filter built from the caller", () => {
  test("CSP officers see their own partner's submissions only", () => {
    expect(readFilter(caller("csp-officer"), "submission")).toEqual({ owner: A });
  });
  test("CSP officers see requests owned by or addressed to their partner", () => {
    expect(readFilter(caller("csp-officer"), "report-request")).toEqual({ $or: [{ owner: A }, { addressees: A }] });
  });
  test("panel members see released OFFICIAL material only", () => {
    expect(readFilter(caller("panel-member"), "submission")).toEqual({
      $and: [{ releasedToPanel: true }, { classification: "OFFICIAL" }],
    });
  });
  test("OPCC staff are unrestricted; others cannot read the audit ledger at all", () => {
    expect(readFilter(caller("opcc-staff"), "submission")).toEqual({});
    expect(readFilter(caller("csp-chair"), "audit-record")).toBeNull();
    expect(readFilter(caller("opcc-admin"), "audit-record")).toEqual({});
  });
});

describe("scopedFilter: a query narrowed to the caller's scope", () => {
  test("adds the scope beside the query, leaves unrestricted callers' queries as they are, refuses the rest", () => {
    expect(scopedFilter(caller("csp-officer"), "submission", { _id: "x" })).toEqual({ _id: "x", owner: A });
    expect(scopedFilter(caller("opcc-staff"), "submission", { _id: "x" })).toEqual({ _id: "x" });
    expect(scopedFilter(caller("csp-chair"), "audit-record", {})).toBeNull();
  });

  test("keeps the query's own keys at the top level, so the database can find the document by _id", () => {
    const f = scopedFilter(caller("csp-officer"), "report-request", { _id: "r1" });
    expect(f).toEqual({ _id: "r1", $or: [{ owner: A }, { addressees: A }] });
  });

  test("a key both sides constrain stays a conjunction: the caller's own filter cannot widen the scope", () => {
    const f = scopedFilter(caller("csp-officer"), "submission", { owner: "partners/csp-other", $and: [{ v: 1 }] });
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
