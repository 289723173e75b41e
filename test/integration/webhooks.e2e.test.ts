/**
 * Webhooks for partner systems, against the real services, database and broker: a receiver in the
 * test gets signed deliveries it verifies with the Standard Webhooks library; when it fails, the
 * delivery is retried with backoff and then succeeds; resend sends the same webhook-id again; repeated
 * failure marks the delivery FAILED and pauses the subscription, which resumes on request; another
 * partnership's events never arrive, and a request to several partnerships names only the receiver's.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningService } from "@csp-mesh/kit";
import { Webhook } from "standardwebhooks";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { mailsMentioning, recipients } from "../support/mailpit";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  failure,
  isolation,
  signIn,
  startDirectory,
  startNotifier,
  startReports,
} from "../support/mesh";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
interface Delivery {
  name: string;
  eventType: string;
  status: string;
  attempts: { httpStatus: number; error: string }[];
  createTime: { seconds: string };
}

const M = "partners/csp-maidstone";
const D = "partners/csp-dover";

describe("webhooks: signed deliveries, retries, resend, pause, partner scoping", () => {
  const iso = isolation("webhooks");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let notifier: RunningService<NotifierConfig>;
  let receiver: Server;
  let url = "";
  const received: Received[] = [];
  /** How the receiver answers the next requests (then 204). */
  const script: number[] = [];
  const t = { opcc: "", system: "", dover: "" };
  let secret = "";

  const hooks = () => clients(notifier.grpcPort).webhooks;
  const createRequest = (addressees: string[], title: string) =>
    call<{ name: string }>(
      clients(reports.grpcPort).reports,
      "CreateReportRequest",
      {
        reportRequest: {
          title,
          issueOfConcern: "An issue of concern for the webhook test.",
          addressees: addressees.map((partner) => ({ partner })),
          sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          classification: "CLASSIFICATION_OFFICIAL",
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      t.opcc,
    );
  const deliveries = (token = t.system) =>
    call<{ deliveries: Delivery[] }>(
      hooks(),
      "ListWebhookDeliveries",
      { parent: "webhookSubscriptions/maidstone-hooks" },
      token,
    ).then((r) => r.deliveries);
  const bodiesFor = (request: string) =>
    received.filter((r) => JSON.parse(r.body).data.reportRequest === request).map((r) => JSON.parse(r.body));

  const started = new Date();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(script.shift() ?? 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory);
    notifier = await startNotifier(`${iso.db}_n`, iso.topicPrefix, directory, {
      SMTP_URL: process.env.SMTP_URL as string,
      EMAIL_DISPATCH_MS: "200",
      WEBHOOK_DISPATCH_MS: "100",
      WEBHOOK_RETRY_BASE_MS: "200",
      WEBHOOK_MAX_ATTEMPTS: "3",
      WEBHOOK_PAUSE_AFTER_FAILURES: "1",
    });
    const identity = clients(directory.grpcPort).identity;
    t.opcc = await signIn(identity, "people/opcc-staff-1");
    t.dover = await signIn(identity, "people/dover-chair");
    const admin = await signIn(identity, "people/opcc-admin-1");
    const sys = await call<{ partnerSystem: { clientId: string }; clientSecret: string }>(
      clients(directory.grpcPort).directory,
      "CreatePartnerSystem",
      { systemId: "maidstone-hooks", partnerSystem: { displayName: "Maidstone hooks", partner: M } },
      admin,
    );
    t.system = (
      await call<{ accessToken: string }>(identity, "ExchangeClientCredentials", {
        clientId: sys.partnerSystem.clientId,
        clientSecret: sys.clientSecret,
      })
    ).accessToken;
    const created = await call<{ subscription: { name: string; partner: string; state: string }; secret: string }>(
      hooks(),
      "CreateWebhookSubscription",
      {
        subscriptionId: "maidstone-hooks",
        subscription: { url, eventTypes: ["report.requested", "report.withdrawn"] },
      },
      t.system,
    );
    expect(created.subscription).toMatchObject({ partner: M, state: "SUBSCRIPTION_STATE_ACTIVE" });
    secret = created.secret;
  });

  afterAll(async () => {
    for (const svc of [notifier, reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
    await new Promise((r) => receiver?.close(r));
  });

  test("signed deliveries of the partner's own events only, narrowed to itself", async () => {
    const both = await createRequest([M, D], "Webhook request to two partnerships");
    const doverOnly = await createRequest([D], "Webhook request to Dover alone");
    await eventually(async () => (bodiesFor(both.name).length === 1 ? true : undefined), 20_000);
    const r = received.find((x) => JSON.parse(x.body).data.reportRequest === both.name) as Received;
    // Verified by the Standard Webhooks reference library, with the secret shown at creation.
    const verified = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
      type: string;
      specversion: string;
      data: { addressees: string[] };
    };
    expect(verified).toMatchObject({ specversion: "1.0", type: "report.requested", data: { addressees: [M] } });
    expect(() => new Webhook(secret).verify(r.body.replace("two", "2"), r.headers as Record<string, string>)).toThrow();
    // Dover's own request: its event was consumed (a later one arrived) but never sent here.
    const later = await createRequest([M], "Webhook request after Dover's");
    await eventually(async () => (bodiesFor(later.name).length === 1 ? true : undefined), 20_000);
    expect(bodiesFor(doverOnly.name)).toEqual([]);
    expect(received.every((x) => !x.body.includes(D))).toBe(true);
    // Dover's chair cannot see Maidstone's subscription.
    const hidden = await failure(
      call(hooks(), "GetWebhookSubscription", { name: "webhookSubscriptions/maidstone-hooks" }, t.dover),
    );
    expect(hidden.code).toBe(5); // NOT_FOUND
  });

  test("a failing receiver: retried with backoff until it answers; resend sends the same id again", async () => {
    script.push(500, 503);
    const req = await createRequest([M], "Webhook request delivered on the third attempt");
    await eventually(async () => {
      const d = (await deliveries()).find((x) => x.status === "DELIVERY_STATUS_DELIVERED" && x.attempts.length === 3);
      return d && bodiesFor(req.name).length === 3 ? d : undefined;
    }, 20_000);
    const d = (await deliveries()).find((x) => x.attempts.length === 3) as Delivery;
    expect(d.attempts.map((a) => a.httpStatus)).toEqual([500, 503, 204]);
    const ids = received
      .filter((x) => JSON.parse(x.body).data.reportRequest === req.name)
      .map((x) => x.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(1);

    await call(hooks(), "ResendWebhookDelivery", { name: d.name }, t.system);
    await eventually(async () => (bodiesFor(req.name).length === 4 ? true : undefined), 20_000);
    expect(received.at(-1)?.headers["webhook-id"]).toBe(d.name);
  });

  test("repeated failure: the delivery is FAILED and the subscription paused; resumed, it delivers", async () => {
    script.push(500, 500, 500);
    const req = await createRequest([M], "Webhook request that fails every attempt");
    const sub = await eventually(async () => {
      const s = await call<{ state: string; pauseReason: string }>(
        hooks(),
        "GetWebhookSubscription",
        { name: "webhookSubscriptions/maidstone-hooks" },
        t.system,
      );
      return s.state === "SUBSCRIPTION_STATE_PAUSED" ? s : undefined;
    }, 20_000);
    expect(sub.pauseReason).toContain("failed deliveries");
    // The partnership's chair is told by email.
    const told = await eventually(async () => {
      const found = (await mailsMentioning("maidstone-hooks", started)).filter((m) => m.Subject.includes("paused"));
      return found.length ? found : undefined;
    }, 20_000);
    expect(recipients(told)).toEqual(["csp.chair@maidstone.example"]);
    const all = await deliveries();
    const failed = all.find((x) => x.status === "DELIVERY_STATUS_FAILED") as Delivery;
    expect(failed.attempts).toHaveLength(3);
    // Newest first, and by status from the subscription's lists: exactly the deliveries in it.
    const times = all.map((x) => Number(x.createTime.seconds));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const onlyFailed = await call<{ deliveries: Delivery[] }>(
      hooks(),
      "ListWebhookDeliveries",
      { parent: "webhookSubscriptions/maidstone-hooks", status: "DELIVERY_STATUS_FAILED" },
      t.system,
    );
    expect(onlyFailed.deliveries.map((x) => x.name).sort()).toEqual(
      all
        .filter((x) => x.status === "DELIVERY_STATUS_FAILED")
        .map((x) => x.name)
        .sort(),
    );

    // Events while paused are queued, not lost; resuming and resending delivers everything.
    const whilePaused = await createRequest([M], "Webhook request while paused");
    await call(
      hooks(),
      "SetWebhookSubscriptionState",
      { name: "webhookSubscriptions/maidstone-hooks", state: "SUBSCRIPTION_STATE_ACTIVE" },
      t.system,
    );
    await call(hooks(), "ResendWebhookDelivery", { name: failed.name }, t.system);
    await eventually(
      async () => (bodiesFor(req.name).length === 4 && bodiesFor(whilePaused.name).length === 1 ? true : undefined),
      90_000,
    );
  }, 120_000);

  test("subscriptions are checked: known event types, https (or loopback here), the caller's own partner", async () => {
    const bad = await failure(
      call(
        hooks(),
        "CreateWebhookSubscription",
        { subscriptionId: "bad-one", subscription: { url: "http://example.org/hook", eventTypes: ["no.such-event"] } },
        t.system,
      ),
    );
    expect(bad.violations.sort()).toEqual(["subscription.event_types[0]", "subscription.url"]);
    // An address the URL parser refuses (found by Schemathesis once): a field error, not INTERNAL.
    const unparsable = await failure(
      call(
        hooks(),
        "CreateWebhookSubscription",
        {
          subscriptionId: "bad-two",
          subscription: { url: "http://\u023a1\udb32\udc5f/x", eventTypes: ["report.requested"] },
        },
        t.system,
      ),
    );
    expect([unparsable.code, unparsable.violations]).toEqual([3, ["subscription.url"]]);
    const foreign = await failure(
      call(
        hooks(),
        "CreateWebhookSubscription",
        { subscriptionId: "foreign", subscription: { partner: D, url, eventTypes: ["report.requested"] } },
        t.system,
      ),
    );
    expect(foreign.code).toBe(7); // PERMISSION_DENIED
  });
});
