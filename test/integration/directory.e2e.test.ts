/**
 * The directory end to end through gRPC, against the real database and Kafka: a call writes to the
 * database, the outbox relay publishes to Kafka, and the audit service (another process's consumer
 * group) records each event exactly once in effect.
 */

import type { BaseConfig, RunningService } from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { seedDemoDirectory } from "../../services/directory/src/seed/seed";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  failure,
  isolation,
  signIn,
  startAudit,
  startDirectory,
} from "../support/mesh";

type Partner = { name: string; displayName: string; etag: string; kind: string; members: string[] };

describe("directory service end to end", () => {
  const iso = isolation("dir");
  let directory: RunningService<DirectoryConfig>;
  let audit: RunningService<BaseConfig>;
  let dir: ReturnType<typeof clients>;
  let auditClient: Client;
  let admin: string;
  let reader: Awaited<ReturnType<typeof collectEvents>>;

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    audit = await startAudit(`${iso.db}_a`, iso.topicPrefix, directory);
    dir = clients(directory.grpcPort);
    auditClient = clients(audit.grpcPort).audit;
    admin = await signIn(dir.identity, "people/opcc-admin-1");
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "directory");
  });

  afterAll(async () => {
    await reader?.stop();
    await audit?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("create, get, and the partner.created event on Kafka", async () => {
    const created = await call<Partner>(
      dir.directory,
      "CreatePartner",
      {
        partnerId: "csp-test-town",
        partner: {
          displayName: "Test Town Community Safety Partnership",
          kind: "PARTNER_KIND_CSP",
          members: ["partners/kent-police", "partners/maidstone-council"],
        },
        requestId: "create-test-town-1",
      },
      admin,
    );
    expect(created.name).toBe("partners/csp-test-town");
    const got = await call<Partner>(dir.directory, "GetPartner", { name: created.name }, admin);
    expect(got.displayName).toBe("Test Town Community Safety Partnership");
    expect(got.members).toEqual(["partners/kent-police", "partners/maidstone-council"]);

    const evt = await eventually(
      async () => reader.events.find((e) => e.type === "partner.created" && e.subject === created.name),
      20_000,
      "partner.created on Kafka",
    );
    expect(evt.classification).toBe("OFFICIAL");
    expect(evt.data).toMatchObject({ name: created.name, kind: "CSP", classification: "OFFICIAL" });
  });

  test("a retried create with the same request_id returns the first result; other content is ALREADY_EXISTS", async () => {
    const req = {
      partnerId: "csp-retry",
      partner: { displayName: "Retry CSP", kind: "PARTNER_KIND_CSP" },
      requestId: "req-retry-1",
    };
    const first = await call<Partner>(dir.directory, "CreatePartner", req, admin);
    const again = await call<Partner>(dir.directory, "CreatePartner", req, admin);
    expect(again.etag).toBe(first.etag);
    const conflict = await failure(
      call(dir.directory, "CreatePartner", { ...req, partner: { ...req.partner, displayName: "Other" } }, admin),
    );
    expect(conflict.code).toBe(status.ALREADY_EXISTS);
  });

  test("invalid input is INVALID_ARGUMENT naming the fields", async () => {
    const e = await failure(
      call(
        dir.directory,
        "CreatePartner",
        {
          partnerId: "Bad Id",
          partner: { displayName: "x", kind: "PARTNER_KIND_CSP", members: ["partners/csp-dover"] },
        },
        admin,
      ),
    );
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(e.violations).toEqual(expect.arrayContaining(["partner_id", "partner.display_name"]));
    const member = await failure(
      call(
        dir.directory,
        "CreatePartner",
        {
          partnerId: "csp-bad-member",
          partner: { displayName: "Bad member", kind: "PARTNER_KIND_CSP", members: ["partners/csp-dover"] },
        },
        admin,
      ),
    );
    expect(member.code).toBe(status.INVALID_ARGUMENT);
    expect(member.violations).toEqual(["partner.members[0]"]);
  });

  test("list paginates and filters by kind, status and member", async () => {
    const seen: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const page = await call<{ partners: Partner[]; nextPageToken: string }>(
        dir.directory,
        "ListPartners",
        { pageSize: 4, pageToken, kind: "PARTNER_KIND_CSP" },
        admin,
      );
      expect(page.partners.length).toBeLessThanOrEqual(4);
      seen.push(...page.partners.map((p) => p.name));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== "" && pages < 50);
    // 12 district CSPs + Medway from the seed, plus the two created above.
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
    expect([...seen].sort()).toEqual(seen);
    expect(pages).toBe(4);

    const withMedwayCouncil = await call<{ partners: Partner[] }>(
      dir.directory,
      "ListPartners",
      { member: "partners/medway-council" },
      admin,
    );
    expect(withMedwayCouncil.partners.map((p) => p.name)).toEqual(["partners/csp-medway"]);

    const badToken = await failure(
      call(dir.directory, "ListPartners", { pageToken: "garbage", kind: "PARTNER_KIND_OPCC" }, admin),
    );
    expect(badToken.code).toBe(status.INVALID_ARGUMENT);
    expect(badToken.violations).toEqual(["page_token"]);
  });

  test("update with update_mask; a stale etag is ABORTED and changes nothing", async () => {
    const before = await call<Partner>(dir.directory, "GetPartner", { name: "partners/csp-thanet" }, admin);
    const updated = await call<Partner>(
      dir.directory,
      "UpdatePartner",
      {
        partner: { name: before.name, etag: before.etag, displayName: "Thanet CSP" },
        updateMask: { paths: ["display_name"] },
      },
      admin,
    );
    expect(updated.displayName).toBe("Thanet CSP");
    expect(updated.etag).not.toBe(before.etag);
    expect(updated.members).toEqual(before.members);

    const stale = await failure(
      call(
        dir.directory,
        "UpdatePartner",
        {
          partner: { name: before.name, etag: before.etag, displayName: "Lost update" },
          updateMask: { paths: ["display_name"] },
        },
        admin,
      ),
    );
    expect(stale.code).toBe(status.ABORTED);
    const after = await call<Partner>(dir.directory, "GetPartner", { name: before.name }, admin);
    expect(after.displayName).toBe("Thanet CSP");

    const immutable = await failure(
      call(
        dir.directory,
        "UpdatePartner",
        {
          partner: { name: before.name, etag: after.etag, kind: "PARTNER_KIND_OPCC" },
          updateMask: { paths: ["kind"] },
        },
        admin,
      ),
    );
    expect(immutable.code).toBe(status.INVALID_ARGUMENT);
    expect(immutable.violations).toEqual(["update_mask"]);
  });

  test("what published grants name a partner by: org identifier, ONS area, a partnership's accountable body", async () => {
    const csp = await call<Partner & { accountableBody: string; area: { code: string; name: string } | null }>(
      dir.directory,
      "GetPartner",
      { name: "partners/csp-dover" },
      admin,
    );
    expect([csp.accountableBody, csp.area]).toEqual(["partners/dover-council", { code: "E07000108", name: "Dover" }]);
    const council = await call<Partner & { orgIdentifier: string }>(
      dir.directory,
      "GetPartner",
      { name: "partners/dover-council" },
      admin,
    );
    expect(council.orgIdentifier).toBe("GB-LAE-DOV");

    // Every problem in one round, each naming its field; nothing changes.
    const bad = await failure(
      call(
        dir.directory,
        "UpdatePartner",
        {
          partner: {
            name: csp.name,
            etag: csp.etag,
            orgIdentifier: "Dover council",
            area: { code: "07000108", name: "Dover" },
            accountableBody: "partners/kent-police",
          },
          updateMask: { paths: ["org_identifier", "area", "accountable_body"] },
        },
        admin,
      ),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.violations).toEqual(["partner.org_identifier", "partner.area.code"]);
    const notMember = await failure(
      call(
        dir.directory,
        "UpdatePartner",
        {
          partner: {
            name: csp.name,
            etag: csp.etag,
            accountableBody: "partners/maidstone-council",
            orgIdentifier: "GB-LAE-DOV",
          },
          updateMask: { paths: ["accountable_body", "org_identifier"] },
        },
        admin,
      ),
    );
    expect(notMember.violations).toEqual(["partner.org_identifier", "partner.accountable_body"]);
    const updated = await call<Partner & { area: unknown }>(
      dir.directory,
      "UpdatePartner",
      { partner: { name: csp.name, etag: csp.etag, area: null }, updateMask: { paths: ["area"] } },
      admin,
    );
    expect(updated.area).toBeNull();
  });

  test("a merge keeps the partner, marked MERGED with its successor", async () => {
    const p = await call<Partner>(dir.directory, "GetPartner", { name: "partners/csp-retry" }, admin);
    const merged = await call<Partner & { status: string; mergedInto: string }>(
      dir.directory,
      "UpdatePartner",
      {
        partner: { name: p.name, etag: p.etag, status: "PARTNER_STATUS_MERGED", mergedInto: "partners/csp-maidstone" },
        updateMask: { paths: ["status", "merged_into"] },
      },
      admin,
    );
    expect(merged.status).toBe("PARTNER_STATUS_MERGED");
    expect(merged.mergedInto).toBe("partners/csp-maidstone");
    const list = await call<{ partners: Partner[] }>(
      dir.directory,
      "ListPartners",
      { status: "PARTNER_STATUS_MERGED" },
      admin,
    );
    expect(list.partners.map((x) => x.name)).toEqual(["partners/csp-retry"]);
  });

  test("partner systems: client credentials give a working token; a revoked credential does not", async () => {
    const chair = await signIn(dir.identity, "people/dover-chair");
    const created = await call<{ partnerSystem: { name: string; clientId: string }; clientSecret: string }>(
      dir.directory,
      "CreatePartnerSystem",
      { systemId: "dover-ecins", partnerSystem: { displayName: "Dover case system", partner: "partners/csp-dover" } },
      chair,
    );
    expect(created.clientSecret).toMatch(/^cms_/);
    const stored = await directory.kit.mongo.db
      .collection("partner_systems")
      .findOne({ _id: created.partnerSystem.name as never });
    expect(JSON.stringify(stored)).not.toContain(created.clientSecret);

    const token = await call<{ accessToken: string }>(dir.identity, "ExchangeClientCredentials", {
      clientId: created.partnerSystem.clientId,
      clientSecret: created.clientSecret,
    });
    const people = await call<{ people: { partner: string }[] }>(dir.directory, "ListPeople", {}, token.accessToken);
    expect(people.people.length).toBeGreaterThan(0);
    expect(new Set(people.people.map((p) => p.partner))).toEqual(new Set(["partners/csp-dover"]));

    const wrong = await failure(
      call(dir.identity, "ExchangeClientCredentials", {
        clientId: created.partnerSystem.clientId,
        clientSecret: "cms_wrong",
      }),
    );
    expect(wrong.code).toBe(status.UNAUTHENTICATED);

    await call(dir.directory, "RevokePartnerSystem", { name: created.partnerSystem.name }, chair);
    const revoked = await failure(
      call(dir.identity, "ExchangeClientCredentials", {
        clientId: created.partnerSystem.clientId,
        clientSecret: created.clientSecret,
      }),
    );
    expect(revoked.code).toBe(status.UNAUTHENTICATED);
  });

  test("the audit service records every directory event exactly once", async () => {
    type Rec = { eventId: string; type: string };
    const all = async () => {
      const out: Rec[] = [];
      let pageToken = "";
      do {
        const page = await call<{ records: Rec[]; nextPageToken: string }>(
          auditClient,
          "ListAuditRecords",
          { pageSize: 200, pageToken },
          admin,
        );
        out.push(...page.records);
        pageToken = page.nextPageToken;
      } while (pageToken);
      return out;
    };
    await eventually(
      async () => (reader.events.some((e) => e.type === "system.revoked") ? true : undefined),
      20_000,
      "system.revoked on Kafka",
    );
    // The test reader consumes several partitions and may still be catching up with events the
    // ledger already holds, so compare the two once both have settled (or time out and show the diff).
    const onKafka = () => new Set(reader.events.map((e) => e.id));
    let records: Rec[] = [];
    await eventually(
      async () => {
        records = await all();
        const recorded = new Set(records.map((r) => r.eventId));
        const published = onKafka();
        return recorded.size === published.size && [...published].every((id) => recorded.has(id)) ? true : undefined;
      },
      30_000,
      "the ledger to hold exactly the events on Kafka",
    ).catch(() => undefined);
    const expected = onKafka();
    expect(new Set(records.map((r) => r.eventId))).toEqual(expected);
    expect(records).toHaveLength(expected.size);

    const csp = await signIn(dir.identity, "people/dover-officer");
    const denied = await call<{ records: Rec[] }>(auditClient, "ListAuditRecords", {}, csp);
    expect(denied.records).toEqual([]);
  });

  test("seeding twice gives the same directory", async () => {
    const db = directory.kit.mongo.db;
    const snapshot = async () =>
      JSON.stringify(
        await db
          .collection("partners")
          .find({}, { projection: { _outbox: 0, _outboxPending: 0, _outboxLease: 0, _outboxLeaseToken: 0 } })
          .sort({ _id: 1 })
          .toArray(),
      );
    const before = await snapshot();
    const r = await seedDemoDirectory(db);
    expect(r.inserted).toBe(0);
    expect(await snapshot()).toBe(before);
  });
});
