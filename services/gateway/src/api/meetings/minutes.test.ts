/** The meeting REST routes over a fake meetings service: a meeting's minutes, saved, circulated, commented on and approved. */

import type { Services } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import type { PEOPLE } from "../../testing/fake-sessions";
import { coverage, type RouteTests, rest } from "../testing";
import { commandSent, ID, postCommand, TESTED_IN } from "./fixtures";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

/**
 * A command on one meeting: the body posted becomes the meetings method's request with the meeting's
 * name, and the meeting it answers is the response.
 */
function command(
  verb: string,
  method: keyof Services["meetings"] & string,
  body: Record<string, unknown> | undefined,
  sent: Record<string, unknown>,
  as: keyof typeof PEOPLE = "opcc",
): Record<string, () => Promise<void>> {
  return {
    [`sends ${method} for meetings/<id> with the body the schema checked, and the caller's token`]: async () => {
      expect(await postCommand(mesh, verb, method, body, as)).toEqual(commandSent(sent, as));
    },
  };
}

const routes: RouteTests = {
  "POST /v1/meetings/{id}/minutes": {
    ...command(
      "minutes",
      "SaveMinutes",
      { text: "Discussed hotspots.", decisions: ["Map the hotspots"] },
      { text: "Discussed hotspots.", decisions: ["Map the hotspots"] },
    ),
    "empty minutes are 400 naming text": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/minutes`, { body: { text: "  " } });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "text", description: "write the minutes" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/circulate-minutes": {
    ...command("circulate-minutes", "CirculateMinutes", undefined, { requestId: "" }),
  },
  "POST /v1/meetings/{id}/comment-minutes": {
    ...command(
      "comment-minutes",
      "CommentOnMinutes",
      { text: "Item 2 should say 'by June'", requestId: "k1" },
      { text: "Item 2 should say 'by June'", requestId: "k1" },
      "officer",
    ),
    "OUT_OF_RANGE from the service is 422 (the request met the schema)": async () => {
      mesh.downstream.on("meetings", "CommentOnMinutes", () => {
        throw grpcError("OUT_OF_RANGE", "the comment period has closed");
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/comment-minutes`, {
        as: "officer",
        body: { text: "Late comment" },
      });
      expect([r.status, r.json]).toEqual([422, expect.objectContaining({ detail: "the comment period has closed" })]);
    },
  },
  "POST /v1/meetings/{id}/approve-minutes": {
    ...command("approve-minutes", "ApproveMinutes", { requestId: "ap-1" }, { requestId: "ap-1" }),
  },
};

describe("meeting REST routes over a fake meetings service: minutes", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes, TESTED_IN["minutes.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
