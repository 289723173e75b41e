/** Email settings over the fake notifier: what the page shows and asks, and what its form saves. */
import type { Reply } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, headingOf, summaryRows, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { registerEmailSettingsPages } from "./email-settings";

const OWN = "people/-/notificationSettings";
const settings = (
  emailDelivery: Reply<"notificationSettings", "GetNotificationSettings">["emailDelivery"],
  email = "sam.patel@dover.example",
): Reply<"notificationSettings", "GetNotificationSettings"> => ({
  name: "people/dover-officer/notificationSettings",
  emailDelivery,
  email,
  updateTime: null,
});

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("notificationSettings", "GetNotificationSettings", () => settings("EMAIL_DELIVERY_DAILY_DIGEST"))
    .on("notificationSettings", "UpdateNotificationSettings", (req) => req.notificationSettings ?? {});
});

const called = () =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);

const routes: PageTests = {
  "GET /email-settings": {
    "shows the person's own address and their choice, read with their token": async () => {
      const page = await mesh.send("GET", "/email-settings", { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Email settings");
      expect(summaryRows(page.text)).toEqual([["Emails go to", "sam.patel@dover.example"]]);
      expect(chosen(page.text, "delivery")).toEqual(["EMAIL_DELIVERY_DAILY_DIGEST"]);
      expect(mesh.downstream.requests("notificationSettings", "GetNotificationSettings")).toEqual([{ name: OWN }]);
      expect(mesh.downstream.calls.find((c) => c.method === "GetNotificationSettings")?.token).toBe("token-officer");
      expect(page.text).not.toContain("Email settings saved");
    },
    "after saving it says so; without an address it says whom to ask": async () => {
      mesh.downstream.on("notificationSettings", "GetNotificationSettings", () =>
        settings("EMAIL_DELIVERY_IMMEDIATE", ""),
      );
      const page = await mesh.send("GET", "/email-settings?saved=1", { as: "panel" });
      expect(textOf(page.text)).toContain("Email settings saved");
      expect(summaryRows(page.text)).toEqual([
        ["Emails go to", "No address is recorded for you: ask your administrator"],
      ]);
      expect(chosen(page.text, "delivery")).toEqual(["EMAIL_DELIVERY_IMMEDIATE"]);
    },
    "not signed in: to sign in, nothing asked": async () => {
      const page = await mesh.send("GET", "/email-settings");
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /email-settings": {
    "saves the choice as the person's own settings and shows them saved": async () => {
      const sent = await mesh.send("POST", "/email-settings", {
        as: "panel",
        form: { delivery: "EMAIL_DELIVERY_IMMEDIATE" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/email-settings?saved=1"]);
      expect(mesh.downstream.requests("notificationSettings", "UpdateNotificationSettings")).toEqual([
        { notificationSettings: { name: OWN, emailDelivery: "EMAIL_DELIVERY_IMMEDIATE" } },
      ]);
      expect(called()).toEqual(["notificationSettings.UpdateNotificationSettings"]);
      expect(mesh.downstream.calls.at(-1)?.token).toBe("token-panel");
    },
    "no choice, or one that is not offered: 400 naming the field, nothing saved, nothing chosen": async () => {
      for (const form of [{}, { delivery: "EMAIL_DELIVERY_WEEKLY" }] as Record<string, string>[]) {
        const page = await mesh.send("POST", "/email-settings", { as: "officer", form });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([
          { text: "Select how you want to get emails from the mesh", href: "#delivery" },
        ]);
        expect(chosen(page.text, "delivery")).toEqual([]);
        expect(summaryRows(page.text)).toEqual([["Emails go to", "sam.patel@dover.example"]]);
      }
      expect(called()).not.toContain("notificationSettings.UpdateNotificationSettings");
    },
    "the notifier unavailable: 503, nothing half-saved": async () => {
      mesh.downstream.on("notificationSettings", "UpdateNotificationSettings", () => {
        throw grpcError("UNAVAILABLE", "notifier is starting");
      });
      const page = await mesh.send("POST", "/email-settings", {
        as: "officer",
        form: { delivery: "EMAIL_DELIVERY_IMMEDIATE" },
      });
      expect(page.status).toBe(503);
      expect(textOf(page.text)).toContain("Nothing you sent has been lost or half-saved.");
    },
    "signed out: the choice is kept for when they sign in again": async () => {
      const sent = await mesh.send("POST", "/email-settings", {
        as: "ended-officer",
        form: { delivery: "EMAIL_DELIVERY_IMMEDIATE" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/sign-in?kept=1"]);
      expect(called()).toEqual([]);
    },
  },
};

describe("email settings over the fake mesh", () => {
  test("every settings route has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerEmailSettingsPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
