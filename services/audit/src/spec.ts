import { type DomainEvent, PeriodicTask, runOnce, type ServiceSpec } from "@csp-mesh/kit";
import { MESH_EVENT_DOMAINS } from "@csp-mesh/notifier/contract";
import type { Db } from "mongodb";
import { ledgerMethods } from "./api/ledger-api";
import { type AuditConfig, auditConfigSchema } from "./config";
import { Checkpoints } from "./store/checkpoints";
import { Ledger } from "./store/ledger";

/** Records from before the chain existed (collection audit_records), chained once in the order recorded. */
async function chainEarlierRecords(db: Db, ledger: Ledger): Promise<void> {
  const old = db.collection<{
    _id: string;
    type: string;
    source: string;
    subject: string;
    classification: string;
    eventTime: Date;
    recordTime: Date;
    correlationId: string;
    payloadJson: string;
  }>("audit_records");
  for await (const r of old.find({}).sort({ recordTime: 1, _id: 1 })) {
    await ledger.append({
      eventId: r._id,
      type: r.type,
      source: r.source,
      subject: r.subject,
      classification: r.classification,
      eventTime: r.eventTime.toISOString(),
      recordTime: r.recordTime.toISOString(),
      correlationId: r.correlationId,
      payloadJson: r.payloadJson,
    });
  }
}

export const auditSpec: ServiceSpec<AuditConfig> = {
  name: "audit",
  configSchema: auditConfigSchema,
  protoFiles: ["csp/audit/v1/audit.proto"],
  grpcServices: ["csp.audit.v1.AuditService"],
  // The ledger records every service's events.
  events: MESH_EVENT_DOMAINS.flatMap((d) => d.events),
  async setup(kit) {
    const ledger = new Ledger(kit.mongo.db);
    await ledger.init();
    await runOnce(kit.mongo.db, "audit-ledger-chain-v1", () => chainEarlierRecords(kit.mongo.db, ledger));
    await runOnce(kit.mongo.db, "audit.type-lists-v1", async () => {
      await ledger.rebuildLists();
    });
    const checkpoints = new Checkpoints(kit.mongo.db, ledger);
    const signer = new PeriodicTask(
      "ledger checkpoint",
      kit.config.CHECKPOINT_INTERVAL_MS,
      () => checkpoints.checkpoint(),
      kit.log,
    );
    signer.start();

    const record = async (e: DomainEvent) => {
      await ledger.append({
        eventId: e.id,
        type: e.type,
        source: e.source,
        subject: e.subject,
        classification: e.classification,
        eventTime: new Date(e.time).toISOString(),
        correlationId: e.correlationId,
        payloadJson: JSON.stringify(e.data),
      });
    };

    return {
      consumers: [
        {
          group: "audit.ledger",
          domains: MESH_EVENT_DOMAINS.map((d) => d.domain),
          handlers: { "*": record },
        },
      ],
      grpc: { "csp.audit.v1.AuditService": ledgerMethods(ledger, checkpoints) },
      httpRoutes: [
        // The key checkpoints are signed with, for verifiers to pin (it is in every export too).
        async (req, res) => {
          if (req.url !== "/.well-known/ledger-key.pem") return false;
          res.writeHead(200, { "content-type": "application/x-pem-file" }).end(await checkpoints.publicKeyPem());
          return true;
        },
      ],
      onStop: () => signer.stop(),
    };
  },
};
