import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, rest, ts } from "../testing";
import { settingsRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const OWN = "people/-/notificationSettings";
const settings = (emailDelivery: string) => ({
  name: "people/dover-officer/notificationSettings",
  emailDelivery,
  email: "officer@dover.example",
  updateTime: ts("2026-03-01T09:00:00Z"),
});

const routes: RouteTests = {
  "GET /v1/me/notification-settings": {
    "asks for the caller's own settings with their token, and returns them": async () => {
      mesh.downstream.on("notificationSettings", "GetNotificationSettings", settings("EMAIL_DELIVERY_IMMEDIATE"));
      const r = await rest(mesh, "GET", "/v1/me/notification-settings", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, settings("EMAIL_DELIVERY_IMMEDIATE")]);
      expect(mesh.downstream.requests("notificationSettings", "GetNotificationSettings")).toEqual([{ name: OWN }]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "UNAVAILABLE is 503": async () => {
      mesh.downstream.on("notificationSettings", "GetNotificationSettings", () => {
        throw grpcError("UNAVAILABLE", "notifier is starting");
      });
      const r = await rest(mesh, "GET", "/v1/me/notification-settings");
      expect([r.status, r.type]).toEqual([503, "application/problem+json"]);
      expect(r.json).toMatchObject({ status: 503, title: "Service unavailable", detail: "notifier is starting" });
    },
    "DEADLINE_EXCEEDED is 504": async () => {
      mesh.downstream.on("notificationSettings", "GetNotificationSettings", () => {
        throw grpcError("DEADLINE_EXCEEDED", "deadline exceeded");
      });
      const r = await rest(mesh, "GET", "/v1/me/notification-settings");
      expect(r.json).toMatchObject({ status: 504, title: "Timed out" });
      expect(r.status).toBe(504);
    },
  },
  "PUT /v1/me/notification-settings": {
    "updates the caller's own settings to the delivery chosen": async () => {
      mesh.downstream.on("notificationSettings", "UpdateNotificationSettings", (req) =>
        settings(String((req.notificationSettings as { emailDelivery: string }).emailDelivery)),
      );
      const r = await rest(mesh, "PUT", "/v1/me/notification-settings", {
        as: "panel",
        body: { emailDelivery: "EMAIL_DELIVERY_DAILY_DIGEST" },
      });
      expect([r.status, r.json]).toEqual([200, settings("EMAIL_DELIVERY_DAILY_DIGEST")]);
      expect(mesh.downstream.requests("notificationSettings", "UpdateNotificationSettings")).toEqual([
        { notificationSettings: { name: OWN, emailDelivery: "EMAIL_DELIVERY_DAILY_DIGEST" } },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-panel"]);
    },
    "a field it does not take (someone's email) is 400 and nothing is asked": async () => {
      const r = await rest(mesh, "PUT", "/v1/me/notification-settings", {
        body: { emailDelivery: "EMAIL_DELIVERY_IMMEDIATE", email: "someone@else.example" },
      });
      expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
      expect(r.json).toMatchObject({ errors: [{ field: "(request)", description: expect.stringContaining("email") }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a delivery that does not exist is 400 naming email_delivery": async () => {
      const r = await rest(mesh, "PUT", "/v1/me/notification-settings", { body: { emailDelivery: "WEEKLY" } });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({
        detail: expect.stringContaining("invalid body"),
        errors: [{ field: "email_delivery" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a body that is not JSON is 415, and one that is malformed JSON is a 400 problem": async () => {
      const form = await rest(mesh, "PUT", "/v1/me/notification-settings", {
        raw: Buffer.from("emailDelivery=EMAIL_DELIVERY_IMMEDIATE"),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect([form.status, form.type]).toEqual([415, "application/problem+json"]);
      const broken = await rest(mesh, "PUT", "/v1/me/notification-settings", {
        raw: Buffer.from('{"emailDelivery":'),
        headers: { "content-type": "application/json" },
      });
      expect([broken.status, broken.type]).toEqual([400, "application/problem+json"]);
      expect(broken.json).toMatchObject({ title: "Malformed JSON" });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("notification settings REST routes over a fake notifier", () => {
  test("every settings route has a test, and every test names a route", () => {
    expect(coverage(settingsRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
