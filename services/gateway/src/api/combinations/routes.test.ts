import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, refusedFields, rest } from "../testing";
import { combination, ID, NAME, terms } from "./fixtures";
import { combinationRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const AT = `/v1/combinations/${ID}`;
/** A proposal as a client sends it: areas by their ids. */
const proposal = { terms: { ...terms, areas: ["csp-dartford", "partners/csp-gravesham"] } };
const signature = { text: "The agreement as signed by the parties", signedDate: "2027-03-15" };
const ending = { text: "The parties agree to end the agreement", endDate: "2029-03-31" };
const crime = { interest: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER", reasons: "One board, one plan" };

/** A body that fails its schema: 400 naming exactly `fields`, and the service is not asked. */
async function refusedAtTheEdge(method: string, path: string, body: unknown, fields: string[]) {
  const r = await rest(mesh, method, path, { body });
  expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
  expect(r.json).toMatchObject({ title: "Invalid request", detail: expect.stringContaining("invalid body") });
  expect((r.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(fields);
  expect(mesh.downstream.calls).toEqual([]);
}

const routes: RouteTests = {
  "GET /v1/combinations": {
    "lists agreements with the caller's token and paging": async () => {
      const list = { combinations: [combination()], nextPageToken: "t2" };
      mesh.downstream.on("combinations", "ListCombinations", list);
      const r = await rest(mesh, "GET", "/v1/combinations?pageSize=10&pageToken=t1", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("combinations", "ListCombinations")).toEqual([{ pageSize: 10, pageToken: "t1" }]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "a page size over 500 is 400 naming page_size, and nothing is asked": async () => {
      const r = await rest(mesh, "GET", "/v1/combinations?pageSize=501");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "page_size" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/combinations": {
    "proposes (201): areas as resource names, the request id passed on for a retry": async () => {
      mesh.downstream.on("combinations", "ProposeCombination", combination());
      const r = await rest(mesh, "POST", "/v1/combinations", { as: "chair", body: { ...proposal, requestId: "p-1" } });
      expect([r.status, r.json]).toEqual([201, combination()]);
      await rest(mesh, "POST", "/v1/combinations", { body: proposal });
      expect(mesh.downstream.requests("combinations", "ProposeCombination")).toEqual([
        { terms, requestId: "p-1" },
        { terms, requestId: "" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-chair", "token-opcc"]);
    },
    "a single area, no name, short descriptions and a date that is not one are 400 naming each field": () =>
      refusedAtTheEdge(
        "POST",
        "/v1/combinations",
        {
          terms: {
            ...terms,
            areas: ["csp-dartford"],
            combinedName: " ",
            rationale: "short",
            scrutiny: "",
            effectiveDate: "1 April 2027",
          },
        },
        ["terms.areas", "terms.combined_name", "terms.rationale", "terms.scrutiny", "terms.effective_date"],
      ),
    "an area that is not a partner's name is 400 naming it; a request id with spaces is 400": async () => {
      await refusedAtTheEdge(
        "POST",
        "/v1/combinations",
        { terms: { ...terms, areas: ["csp-dartford", "Gravesham CSP"] } },
        ["terms.areas[1]"],
      );
      await refusedAtTheEdge("POST", "/v1/combinations", { ...proposal, requestId: "a b" }, ["request_id"]);
    },
    "the service's refusals (an area twice, a date in the past) are 422 with every field": async () => {
      mesh.downstream.on("combinations", "ProposeCombination", () => {
        throw refusedFields("invalid proposal", [
          { field: "terms.areas[1]", description: "partners/csp-dartford is given twice" },
          { field: "terms.effective_date", description: "today or a later date" },
        ]);
      });
      const r = await rest(mesh, "POST", "/v1/combinations", { body: proposal });
      expect([r.status, r.type]).toEqual([422, "application/problem+json"]);
      expect(r.json).toMatchObject({
        title: "Unprocessable request",
        errors: [{ field: "terms.areas[1]" }, { field: "terms.effective_date" }],
      });
    },
    "an officer's PERMISSION_DENIED is 403": async () => {
      mesh.downstream.on("combinations", "ProposeCombination", () => {
        throw grpcError("PERMISSION_DENIED", "only the OPCC or a chair of one of the partnerships proposes");
      });
      const r = await rest(mesh, "POST", "/v1/combinations", { as: "officer", body: proposal });
      expect([r.status, r.json]).toEqual([
        403,
        expect.objectContaining({ detail: "only the OPCC or a chair of one of the partnerships proposes" }),
      ]);
    },
  },
  "GET /v1/combinations/{id}": {
    "gets the agreement by its name, as the service gives it": async () => {
      const inForce = combination("COMBINATION_STATE_IN_FORCE");
      mesh.downstream.on("combinations", "GetCombination", inForce);
      const r = await rest(mesh, "GET", AT, { as: "panel" });
      expect([r.status, r.json]).toEqual([200, inForce]);
      expect(mesh.downstream.requests("combinations", "GetCombination")).toEqual([{ name: NAME }]);
    },
    "NOT_FOUND (not there, or not visible to the caller) is 404; an id that is not one is 400": async () => {
      mesh.downstream.on("combinations", "GetCombination", () => {
        throw grpcError("NOT_FOUND", `combination ${NAME} not found`);
      });
      const r = await rest(mesh, "GET", AT, { as: "panel" });
      expect([r.status, r.json]).toEqual([404, expect.objectContaining({ detail: `combination ${NAME} not found` })]);
      const bad = await rest(mesh, "GET", "/v1/combinations/C_1");
      expect([bad.status, bad.json]).toEqual([
        400,
        expect.objectContaining({ errors: [expect.objectContaining({ field: "id" })] }),
      ]);
      expect(mesh.downstream.calls).toHaveLength(1);
    },
  },
  "POST /v1/combinations/{id}/consents": {
    "records a party's own consent: the party as its name, no reasons, no decision of its own": async () => {
      mesh.downstream.on("combinations", "RecordConsent", combination());
      const r = await rest(mesh, "POST", `${AT}/consents`, {
        as: "officer",
        body: { party: "dartford-council", answer: "CONSENT_ANSWER_CONSENTED" },
      });
      expect([r.status, r.json]).toEqual([200, combination()]);
      expect(mesh.downstream.requests("combinations", "RecordConsent")).toEqual([
        {
          name: NAME,
          party: "partners/dartford-council",
          answer: "CONSENT_ANSWER_CONSENTED",
          reasons: "",
          onBehalf: null,
        },
      ]);
    },
    "the OPCC records a refusal on the authority's behalf, with its decision": async () => {
      mesh.downstream.on("combinations", "RecordConsent", combination());
      const body = {
        party: "partners/gravesham-council",
        answer: "CONSENT_ANSWER_REFUSED",
        reasons: "The council prefers its own partnership",
        onBehalf: { decisionReference: "Cabinet 2027/14", decisionDate: "2027-02-14" },
      };
      expect((await rest(mesh, "POST", `${AT}/consents`, { body })).status).toBe(200);
      expect(mesh.downstream.requests("combinations", "RecordConsent")).toEqual([{ name: NAME, ...body }]);
    },
    "an answer that is not one, and a decision without its date, are 400 naming each field": () =>
      refusedAtTheEdge(
        "POST",
        `${AT}/consents`,
        { party: "dartford-council", answer: "CONSENTED", onBehalf: { decisionReference: "Cabinet 2027/14" } },
        ["answer", "on_behalf.decision_date"],
      ),
    "a refusal without reasons is 422 naming reasons; another answer than the one recorded is 409; a stranger's is 403":
      async () => {
        const body = { party: "dartford-council", answer: "CONSENT_ANSWER_REFUSED" };
        mesh.downstream.on("combinations", "RecordConsent", () => {
          throw refusedFields("invalid consent", [
            { field: "reasons", description: "say why it is refused (at least 10 characters)" },
          ]);
        });
        const refused = await rest(mesh, "POST", `${AT}/consents`, { body });
        expect([refused.status, refused.json]).toEqual([
          422,
          expect.objectContaining({ errors: [expect.objectContaining({ field: "reasons" })] }),
        ]);
        mesh.downstream.on("combinations", "RecordConsent", () => {
          throw grpcError("FAILED_PRECONDITION", "partners/dartford-council's answer is already recorded (consented)");
        });
        const twice = await rest(mesh, "POST", `${AT}/consents`, { body: { ...body, reasons: "Changed our mind" } });
        expect([twice.status, twice.json]).toEqual([
          409,
          expect.objectContaining({ title: "Not possible now", detail: expect.stringContaining("already recorded") }),
        ]);
        mesh.downstream.on("combinations", "RecordConsent", () => {
          throw grpcError(
            "PERMISSION_DENIED",
            "only a person of that authority, or the OPCC on its behalf, records its answer",
          );
        });
        expect((await rest(mesh, "POST", `${AT}/consents`, { as: "chair", body })).status).toBe(403);
      },
  },
  "POST /v1/combinations/{id}/decision": {
    "approves relying on an interest; what is not given is sent empty": async () => {
      const approved = combination("COMBINATION_STATE_APPROVED");
      mesh.downstream.on("combinations", "DecideCombination", approved);
      const r = await rest(mesh, "POST", `${AT}/decision`, { body: { approve: true, interests: [crime] } });
      expect([r.status, r.json]).toEqual([200, approved]);
      expect(mesh.downstream.requests("combinations", "DecideCombination")).toEqual([
        {
          name: NAME,
          approve: true,
          interests: [crime],
          reasons: "",
          cooperationArrangements: "",
          secretaryOfState: null,
        },
      ]);
    },
    "across police areas: the co-operation arrangements and the Secretary of State's agreement are sent": async () => {
      mesh.downstream.on("combinations", "DecideCombination", combination("COMBINATION_STATE_APPROVED"));
      const body = {
        approve: true,
        interests: [crime],
        cooperationArrangements: "The two forces share one tasking group",
        secretaryOfState: { agreed: true, reference: "HO/2027/31", date: "2027-03-01" },
      };
      expect((await rest(mesh, "POST", `${AT}/decision`, { body })).status).toBe(200);
      expect(mesh.downstream.requests("combinations", "DecideCombination")).toEqual([
        { name: NAME, ...body, reasons: "" },
      ]);
    },
    "an interest that is not a statutory one, or without reasons, and no approve, are 400 naming each field": () =>
      refusedAtTheEdge(
        "POST",
        `${AT}/decision`,
        {
          interests: [
            { interest: "SAVING_MONEY", reasons: "Cheaper to run one board" },
            { ...crime, reasons: "" },
          ],
        },
        ["approve", "interests[0].interest", "interests[1].reasons"],
      ),
    "approving without an interest is 422 naming interests; with consents outstanding 409 naming who": async () => {
      mesh.downstream.on("combinations", "DecideCombination", () => {
        throw refusedFields("invalid decision", [
          { field: "interests", description: "rely on at least one of the statutory interests" },
        ]);
      });
      const r = await rest(mesh, "POST", `${AT}/decision`, { body: { approve: true } });
      expect([r.status, r.json]).toEqual([
        422,
        expect.objectContaining({ errors: [expect.objectContaining({ field: "interests" })] }),
      ]);
      mesh.downstream.on("combinations", "DecideCombination", () => {
        throw grpcError("FAILED_PRECONDITION", "still awaiting the consent of partners/dartford-council");
      });
      const early = await rest(mesh, "POST", `${AT}/decision`, { body: { approve: true, interests: [crime] } });
      expect([early.status, early.json]).toEqual([
        409,
        expect.objectContaining({ detail: "still awaiting the consent of partners/dartford-council" }),
      ]);
    },
  },
  "POST /v1/combinations/{id}/signature": {
    "records the signed agreement": async () => {
      const signed = combination("COMBINATION_STATE_SIGNED");
      mesh.downstream.on("combinations", "SignCombination", signed);
      const r = await rest(mesh, "POST", `${AT}/signature`, { body: signature });
      expect([r.status, r.json]).toEqual([200, signed]);
      expect(mesh.downstream.requests("combinations", "SignCombination")).toEqual([{ name: NAME, ...signature }]);
    },
    "a text under 20 characters and a date that is not one are 400 naming each field": () =>
      refusedAtTheEdge("POST", `${AT}/signature`, { text: "Signed.", signedDate: "2027-02-30" }, [
        "text",
        "signed_date",
      ]),
    "an agreement not approved is 409; a signed date after today is 422; a panel member's PERMISSION_DENIED is 403":
      async () => {
        mesh.downstream.on("combinations", "SignCombination", () => {
          throw grpcError("FAILED_PRECONDITION", "an agreement is signed once approved");
        });
        expect((await rest(mesh, "POST", `${AT}/signature`, { body: signature })).status).toBe(409);
        mesh.downstream.on("combinations", "SignCombination", () => {
          throw refusedFields("invalid signature", [{ field: "signed_date", description: "not after today" }]);
        });
        const late = await rest(mesh, "POST", `${AT}/signature`, { body: signature });
        expect([late.status, late.json]).toEqual([
          422,
          expect.objectContaining({ errors: [expect.objectContaining({ field: "signed_date" })] }),
        ]);
        mesh.downstream.on("combinations", "SignCombination", () => {
          throw grpcError("PERMISSION_DENIED", "only the OPCC records the signed agreement");
        });
        expect((await rest(mesh, "POST", `${AT}/signature`, { as: "panel", body: signature })).status).toBe(403);
      },
  },
  "POST /v1/combinations/{id}/ending": {
    "records the parties' agreement to end it": async () => {
      const ended = combination("COMBINATION_STATE_ENDED");
      mesh.downstream.on("combinations", "EndCombination", ended);
      const r = await rest(mesh, "POST", `${AT}/ending`, { body: ending });
      expect([r.status, r.json]).toEqual([200, ended]);
      expect(mesh.downstream.requests("combinations", "EndCombination")).toEqual([{ name: NAME, ...ending }]);
    },
    "no end date is 400 naming end_date; a body that is not JSON is 415": async () => {
      await refusedAtTheEdge("POST", `${AT}/ending`, { text: ending.text }, ["end_date"]);
      const r = await rest(mesh, "POST", `${AT}/ending`, {
        raw: Buffer.from("end it"),
        headers: { "content-type": "text/plain" },
      });
      expect(r.status).toBe(415);
      expect(mesh.downstream.calls).toEqual([]);
    },
    "an agreement not in force is 409; an unknown one 404; an officer's PERMISSION_DENIED 403": async () => {
      for (const [code, status] of [
        ["FAILED_PRECONDITION", 409],
        ["NOT_FOUND", 404],
        ["PERMISSION_DENIED", 403],
      ] as const) {
        mesh.downstream.on("combinations", "EndCombination", () => {
          throw grpcError(code, "refused");
        });
        expect([code, (await rest(mesh, "POST", `${AT}/ending`, { as: "officer", body: ending })).status]).toEqual([
          code,
          status,
        ]);
      }
    },
  },
};

describe("combination REST routes over a fake combinations service", () => {
  test("every combination route has a test, and every test names a route", () => {
    expect(coverage(combinationRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
