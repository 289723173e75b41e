/**
 * The report request REST routes' tests, split by resource among the files beside this one (report-requests, submissions and attachments): each
 * route of the area is in exactly one file's share (fixtures.ts, TESTED_IN), and each of those files
 * checks its table against its share, so a route added without a test fails here or in its file.
 */
import { FakeDownstream } from "../../testing/fake-downstream";
import { callerOf } from "../../testing/fake-sessions";
import { filesNotChecking, splitCoverage } from "../testing";
import { TESTED_IN } from "./fixtures";
import { requestRoutes } from "./routes";

describe("the report request REST routes' tests", () => {
  test("every report request route is in exactly one test file's share, and every share names the area's routes", () => {
    const routes = requestRoutes(new FakeDownstream(callerOf).api, 1024 * 1024);
    expect(splitCoverage(routes, TESTED_IN)).toEqual({ unassigned: [], unknown: [], twice: [] });
  });

  test("each file of the split exists and checks its table against its own share", () => {
    expect(filesNotChecking(__dirname, TESTED_IN, "TESTED_IN")).toEqual([]);
  });
});
