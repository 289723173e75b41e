import { WEBHOOK_EVENT_TYPES } from "@csp-mesh/notifier/contract";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, refusedFields, rest, ts } from "../testing";
import { webhookRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const EVENT = WEBHOOK_EVENT_TYPES[0] ?? "";
const subscription = (state = "SUBSCRIPTION_STATE_ACTIVE") => ({
  name: "webhookSubscriptions/dover-case-system",
  partner: "partners/csp-dover",
  url: "https://cases.dover.example/hooks/csp",
  eventTypes: [EVENT],
  state,
  pauseReason: "",
  consecutiveFailures: 0,
  createdBy: "people/dover-officer",
  createTime: ts("2026-02-01T10:00:00Z"),
  updateTime: ts("2026-02-02T10:00:00Z"),
});
const delivery = {
  name: "webhookSubscriptions/dover-case-system/deliveries/evt:42",
  eventId: "evt:42",
  eventType: EVENT,
  status: "DELIVERY_STATUS_FAILED",
  attempts: [{ time: ts("2026-02-03T10:00:00Z"), httpStatus: 502, error: "bad gateway" }],
  nextAttemptTime: null,
  createTime: ts("2026-02-03T09:59:59Z"),
};
const createBody = (partner?: string) => ({
  subscriptionId: "dover-case-system",
  subscription: {
    ...(partner === undefined ? {} : { partner }),
    url: "https://cases.dover.example/hooks/csp",
    eventTypes: [EVENT],
  },
  requestId: "create-1",
});

const routes: RouteTests = {
  "GET /v1/webhook-subscriptions": {
    "asks ListWebhookSubscriptions for the page, with the caller's token, and returns the list": async () => {
      const list = { subscriptions: [subscription()], nextPageToken: "p2" };
      mesh.downstream.on("notifier", "ListWebhookSubscriptions", list);
      const r = await rest(mesh, "GET", "/v1/webhook-subscriptions?pageSize=10&pageToken=p1", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("notifier", "ListWebhookSubscriptions")).toEqual([
        { pageSize: 10, pageToken: "p1" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "PERMISSION_DENIED is 403": async () => {
      mesh.downstream.on("notifier", "ListWebhookSubscriptions", () => {
        throw grpcError("PERMISSION_DENIED", "the panel has no webhook subscriptions");
      });
      const r = await rest(mesh, "GET", "/v1/webhook-subscriptions", { as: "panel" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Not allowed", detail: "the panel has no webhook subscriptions" });
    },
  },
  "POST /v1/webhook-subscriptions": {
    "creates it for partners/<id> from a bare id: 201 with the subscription and its secret": async () => {
      const created = { subscription: subscription(), secret: "whsec_c2VjcmV0" };
      mesh.downstream.on("notifier", "CreateWebhookSubscription", created);
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { as: "officer", body: createBody("csp-dover") });
      expect([r.status, r.json]).toEqual([201, created]);
      expect(mesh.downstream.requests("notifier", "CreateWebhookSubscription")).toEqual([
        {
          subscriptionId: "dover-case-system",
          subscription: {
            partner: "partners/csp-dover",
            url: "https://cases.dover.example/hooks/csp",
            eventTypes: [EVENT],
          },
          requestId: "create-1",
        },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "without a partner the service is left to choose the caller's own (empty)": async () => {
      mesh.downstream.on("notifier", "CreateWebhookSubscription", { subscription: subscription(), secret: "whsec_x" });
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { body: createBody() });
      expect(r.status).toBe(201);
      const [sent] = mesh.downstream.requests("notifier", "CreateWebhookSubscription");
      expect((sent?.subscription as { partner: string }).partner).toBe("");
    },
    "an address that is not http(s), and no event types, are 400 naming both; nothing is asked": async () => {
      const body = { ...createBody(), subscription: { url: "ftp://cases.dover.example/x", eventTypes: [] } };
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { body });
      expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
      expect(r.json).toMatchObject({
        errors: [{ field: "subscription.url" }, { field: "subscription.event_types" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "an event type the mesh does not publish is 400 naming the item": async () => {
      const body = { ...createBody(), subscription: { ...createBody().subscription, eventTypes: ["made.up"] } };
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { body });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "subscription.event_types[0]" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "the service's refusal with field violations is 422 with those fields": async () => {
      mesh.downstream.on("notifier", "CreateWebhookSubscription", () => {
        throw refusedFields("invalid subscription", [
          { field: "subscription.url", description: "http:// is only allowed to localhost" },
        ]);
      });
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { body: createBody() });
      expect([r.status, r.type]).toEqual([422, "application/problem+json"]);
      expect(r.json).toEqual({
        type: "https://csp-mesh.example/problems/unprocessable-request",
        title: "Unprocessable request",
        status: 422,
        detail: "invalid subscription",
        errors: [{ field: "subscription.url", description: "http:// is only allowed to localhost" }],
      });
    },
    "ALREADY_EXISTS is 409": async () => {
      mesh.downstream.on("notifier", "CreateWebhookSubscription", () => {
        throw grpcError("ALREADY_EXISTS", "webhookSubscriptions/dover-case-system already exists");
      });
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions", { body: createBody() });
      expect([r.status, r.type]).toEqual([409, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Already exists" });
    },
  },
  "GET /v1/webhook-subscriptions/{id}": {
    "asks for webhookSubscriptions/<id> and returns it": async () => {
      mesh.downstream.on("notifier", "GetWebhookSubscription", subscription());
      const r = await rest(mesh, "GET", "/v1/webhook-subscriptions/dover-case-system", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, subscription()]);
      expect(mesh.downstream.requests("notifier", "GetWebhookSubscription")).toEqual([
        { name: "webhookSubscriptions/dover-case-system" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "an id with upper-case letters is 400 naming id": async () => {
      const r = await rest(mesh, "GET", "/v1/webhook-subscriptions/Dover");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "DELETE /v1/webhook-subscriptions/{id}": {
    "deletes webhookSubscriptions/<id> and returns what was deleted": async () => {
      mesh.downstream.on("notifier", "DeleteWebhookSubscription", subscription());
      const r = await rest(mesh, "DELETE", "/v1/webhook-subscriptions/dover-case-system", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, subscription()]);
      expect(mesh.downstream.requests("notifier", "DeleteWebhookSubscription")).toEqual([
        { name: "webhookSubscriptions/dover-case-system" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "NOT_FOUND is 404": async () => {
      mesh.downstream.on("notifier", "DeleteWebhookSubscription", () => {
        throw grpcError("NOT_FOUND", "no such subscription");
      });
      const r = await rest(mesh, "DELETE", "/v1/webhook-subscriptions/gone-already");
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
    },
  },
  "POST /v1/webhook-subscriptions/{id}/pause": {
    "sets the state PAUSED": async () => {
      mesh.downstream.on("notifier", "SetWebhookSubscriptionState", subscription("SUBSCRIPTION_STATE_PAUSED"));
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/pause", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, subscription("SUBSCRIPTION_STATE_PAUSED")]);
      expect(mesh.downstream.requests("notifier", "SetWebhookSubscriptionState")).toEqual([
        { name: "webhookSubscriptions/dover-case-system", state: "SUBSCRIPTION_STATE_PAUSED" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
  },
  "POST /v1/webhook-subscriptions/{id}/resume": {
    "sets the state ACTIVE": async () => {
      mesh.downstream.on("notifier", "SetWebhookSubscriptionState", subscription());
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/resume", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, subscription()]);
      expect(mesh.downstream.requests("notifier", "SetWebhookSubscriptionState")).toEqual([
        { name: "webhookSubscriptions/dover-case-system", state: "SUBSCRIPTION_STATE_ACTIVE" },
      ]);
    },
    "FAILED_PRECONDITION is 409": async () => {
      mesh.downstream.on("notifier", "SetWebhookSubscriptionState", () => {
        throw grpcError("FAILED_PRECONDITION", "the subscription is not paused");
      });
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/resume");
      expect([r.status, r.type]).toEqual([409, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Not possible now", detail: "the subscription is not paused" });
    },
  },
  "GET /v1/webhook-subscriptions/{id}/deliveries": {
    "asks for the subscription's deliveries with paging and status": async () => {
      const list = { deliveries: [delivery], nextPageToken: "" };
      mesh.downstream.on("notifier", "ListWebhookDeliveries", list);
      const r = await rest(
        mesh,
        "GET",
        "/v1/webhook-subscriptions/dover-case-system/deliveries?status=DELIVERY_STATUS_FAILED&pageSize=50",
        { as: "officer" },
      );
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("notifier", "ListWebhookDeliveries")).toEqual([
        {
          parent: "webhookSubscriptions/dover-case-system",
          pageSize: 50,
          pageToken: "",
          status: "DELIVERY_STATUS_FAILED",
        },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "a status that does not exist is 400 naming status": async () => {
      const r = await rest(mesh, "GET", "/v1/webhook-subscriptions/dover-case-system/deliveries?status=LOST");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "status" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/webhook-subscriptions/{id}/deliveries/{eventId}/resend": {
    "resends <subscription>/deliveries/<eventId> and returns the delivery": async () => {
      mesh.downstream.on("notifier", "ResendWebhookDelivery", delivery);
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/deliveries/evt:42/resend", {
        as: "officer",
      });
      expect([r.status, r.json]).toEqual([200, delivery]);
      expect(mesh.downstream.requests("notifier", "ResendWebhookDelivery")).toEqual([
        { name: "webhookSubscriptions/dover-case-system/deliveries/evt:42" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "RESOURCE_EXHAUSTED is 429": async () => {
      mesh.downstream.on("notifier", "ResendWebhookDelivery", () => {
        throw grpcError("RESOURCE_EXHAUSTED", "resent too often");
      });
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/deliveries/evt-1/resend");
      expect([r.status, r.type]).toEqual([429, "application/problem+json"]);
    },
    "an event id with characters outside its pattern is 400 naming eventId": async () => {
      const r = await rest(mesh, "POST", "/v1/webhook-subscriptions/dover-case-system/deliveries/evt%20one/resend");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "event_id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("webhook REST routes over a fake notifier", () => {
  test("every webhook route has a test, and every test names a route", () => {
    expect(coverage(webhookRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
