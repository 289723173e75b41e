import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, rest, ts } from "../testing";
import { awardFixture as award, SHA } from "./award-fixture";
import { variationRoutes } from "./variation-routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const PATH = "/v1/grant-awards/crg-2027-28-csp-dover/variations";
/** Variation 1 as the grants service answers it: int64 pence as strings. */
const proposed = {
  number: 1,
  changes: {
    amountPence: "4000000",
    purposes: [],
    conditions: [],
    tranches: [{ number: 2, amountPence: "1355934" }],
  },
  reasons: "A second evening of patrols",
  proposedBySide: "AGREEMENT_SIDE_FUNDER",
  proposedBy: "people/opcc-staff-1",
  proposedByDisplayName: "Priya Shah",
  proposeTime: ts("2027-09-01T09:00:00Z"),
  termsSha256: SHA,
  state: "VARIATION_STATE_PROPOSED",
  previousAmountPence: "3966100",
  respondedBy: "",
  respondedByDisplayName: "",
  respondTime: null,
  responseReasons: "",
};
const varied = { ...award, state: "AWARD_STATE_ACTIVE", variations: [proposed] };

const routes: RouteTests = {
  "POST /v1/grant-awards/{id}/variations": {
    "proposes the changes (201), pence as integers both ways; parts left out are sent empty": async () => {
      mesh.downstream.on("grants", "ProposeVariation", varied);
      const body = {
        changes: { amountPence: 4_000_000, tranches: [{ number: 2, amountPence: 1_355_934 }] },
        reasons: "A second evening of patrols",
      };
      const r = await rest(mesh, "POST", PATH, { body });
      expect(r.status).toBe(201);
      expect((r.json as { variations: unknown[] }).variations).toEqual([
        {
          ...proposed,
          changes: { ...proposed.changes, amountPence: 4_000_000, tranches: [{ number: 2, amountPence: 1_355_934 }] },
          previousAmountPence: 3_966_100,
        },
      ]);
      expect(mesh.downstream.requests("grants", "ProposeVariation")).toEqual([
        {
          name: "awards/crg-2027-28-csp-dover",
          changes: {
            amountPence: "4000000",
            purposes: [],
            conditions: [],
            tranches: [{ number: 2, amountPence: "1355934" }],
          },
          reasons: "A second evening of patrols",
          requestId: "",
          validateOnly: false,
        },
      ]);
    },
    "a fractional amount and short reasons are 400 naming both, and nothing is sent; the service's INVALID_ARGUMENT is 422":
      async () => {
        const bad = await rest(mesh, "POST", PATH, {
          body: { changes: { amountPence: 4_000_000.5 }, reasons: "more" },
        });
        expect(bad.status).toBe(400);
        expect((bad.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
          "changes.amount_pence",
          "reasons",
        ]);
        expect(mesh.downstream.calls).toEqual([]);
        mesh.downstream.on("grants", "ProposeVariation", () => {
          throw grpcError("INVALID_ARGUMENT", "invalid variation: changes.tranches");
        });
        const r = await rest(mesh, "POST", PATH, {
          body: { changes: { tranches: [{ number: 2, amountPence: 1 }] }, reasons: "Re-profiled payments" },
        });
        expect(r.status).toBe(422);
      },
  },
  "POST /v1/grant-awards/{id}/variations/{number}/agree": {
    "agrees by the SHA-256 as read; the proposer's own side is 403; stale terms are 409": async () => {
      mesh.downstream.on("grants", "AgreeVariation", varied);
      const path = `${PATH}/1/agree`;
      expect((await rest(mesh, "POST", path, { as: "officer", body: { termsSha256: SHA } })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "AgreeVariation")).toEqual([
        { name: "awards/crg-2027-28-csp-dover", number: 1, termsSha256: SHA, requestId: "" },
      ]);
      mesh.downstream.on("grants", "AgreeVariation", () => {
        throw grpcError("PERMISSION_DENIED", "the other side of the agreement agrees a variation, not its proposer");
      });
      expect((await rest(mesh, "POST", path, { body: { termsSha256: SHA } })).status).toBe(403);
      mesh.downstream.on("grants", "AgreeVariation", () => {
        throw grpcError("FAILED_PRECONDITION", "the varied terms differ from those read");
      });
      expect((await rest(mesh, "POST", path, { body: { termsSha256: SHA } })).status).toBe(409);
      expect((await rest(mesh, "POST", `${PATH}/0/agree`, { body: { termsSha256: SHA } })).status).toBe(400);
    },
  },
  "POST /v1/grant-awards/{id}/variations/{number}/decline": {
    "declines with reasons; without them 400": async () => {
      mesh.downstream.on("grants", "DeclineVariation", varied);
      const path = `${PATH}/1/decline`;
      expect((await rest(mesh, "POST", path, { body: { reasons: "We cannot staff a second evening" } })).status).toBe(
        200,
      );
      expect(mesh.downstream.requests("grants", "DeclineVariation")).toEqual([
        { name: "awards/crg-2027-28-csp-dover", number: 1, reasons: "We cannot staff a second evening", requestId: "" },
      ]);
      expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(400);
    },
  },
};

describe("grant variation REST routes over a fake grants service", () => {
  test("every variation route has a test, and every test names a route", () => {
    expect(coverage(variationRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
