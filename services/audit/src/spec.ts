import { createHash } from "node:crypto";
import {
  ASSESSMENT_EVENTS,
  type BaseConfig,
  baseConfigSchema,
  DIRECTORY_EVENTS,
  type DomainEvent,
  findPage,
  listBaseSchema,
  MEETING_EVENTS,
  method,
  REPORT_EVENTS,
  type ServiceSpec,
  scopedFilter,
  toTimestamp,
} from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { z } from "zod";

interface AuditDoc {
  /** The event id: recording the same event twice is impossible by construction. */
  _id: string;
  type: string;
  source: string;
  subject: string;
  classification: DomainEvent["classification"];
  eventTime: Date;
  recordTime: Date;
  correlationId: string;
  payloadSha256: string;
  payloadJson: string;
  /** The OPCC owns the ledger; the policy's `owner` field. */
  owner: string;
}

const OPCC = "partners/opcc-kent";

export const auditSpec: ServiceSpec<BaseConfig> = {
  name: "audit",
  configSchema: baseConfigSchema,
  protoFiles: ["csp/audit/v1/audit.proto"],
  events: [...DIRECTORY_EVENTS, ...REPORT_EVENTS, ...MEETING_EVENTS, ...ASSESSMENT_EVENTS],
  async setup(kit) {
    const col = kit.mongo.db.collection<AuditDoc>("audit_records");
    await col.createIndex({ subject: 1, eventTime: 1 });
    await col.createIndex({ type: 1 });

    const record = async (e: DomainEvent) => {
      const payloadJson = JSON.stringify(e.data);
      // Upsert keyed by event id: a redelivery after a crash rewrites the same record.
      await col.updateOne(
        { _id: e.id },
        {
          $setOnInsert: {
            type: e.type,
            source: e.source,
            subject: e.subject,
            classification: e.classification,
            eventTime: new Date(e.time),
            recordTime: new Date(),
            correlationId: e.correlationId,
            payloadSha256: createHash("sha256").update(payloadJson).digest("hex"),
            payloadJson,
            owner: OPCC,
          },
        },
        { upsert: true },
      );
    };

    return {
      consumers: [
        {
          group: "audit.ledger",
          domains: ["directory", "reports", "meetings", "assessments"],
          handlers: { "*": record },
        },
      ],
      grpc: {
        "csp.audit.v1.AuditService": {
          ListAuditRecords: method({
            request: listBaseSchema.extend({ subject: z.string().max(200), type: z.string().max(100) }),
            handler: async (req, { caller }) => {
              const wanted: Filter<AuditDoc> = {};
              if (req.subject) wanted.subject = req.subject;
              if (req.type) wanted.type = req.type;
              const filter = scopedFilter(caller, "audit-record", wanted);
              if (filter === null) return { records: [], nextPageToken: "" };
              const page = await findPage(col, filter, req.pageSize, req.pageToken);
              return {
                records: page.items.map((d) => ({
                  eventId: d._id,
                  type: d.type,
                  source: d.source,
                  subject: d.subject,
                  classification: d.classification,
                  eventTime: toTimestamp(d.eventTime),
                  recordTime: toTimestamp(d.recordTime),
                  correlationId: d.correlationId,
                  payloadSha256: d.payloadSha256,
                  payloadJson: d.payloadJson,
                })),
                nextPageToken: page.nextPageToken,
              };
            },
          }),
        },
      },
    };
  },
};
