import { z } from "zod";
import { defineEvent } from "../events/domain-event";

/**
 * Report-request events. The Kafka key is the request's name, so a request's events stay in order.
 * Payloads name the request and the addressee concerned; answers never travel on the bus.
 */
const about = z.object({
  reportRequest: z.string(),
  /** The addressee concerned; "" when the event concerns the whole request. */
  partner: z.string(),
  /** people/<id> or systems/<id> who caused it ("system" for the overdue scan). */
  actor: z.string(),
});

export const ReportRequested = defineEvent(
  "report.requested",
  "reports",
  about.extend({
    addressees: z.array(z.string()),
    title: z.string(),
    legalBasis: z.enum(["INFORMAL", "FORMAL_S7"]),
    dueTime: z.string(),
  }),
);
export const ReportAcknowledged = defineEvent("report.acknowledged", "reports", about);
export const ReportSubmitted = defineEvent(
  "report.submitted",
  "reports",
  about.extend({ version: z.number().int().positive(), contentSha256: z.string(), submission: z.string() }),
);
export const ReportAccepted = defineEvent(
  "report.accepted",
  "reports",
  about.extend({ version: z.number().int().positive(), published: z.boolean() }),
);
export const ReportReturned = defineEvent(
  "report.returned",
  "reports",
  about.extend({ version: z.number().int().positive(), reasons: z.string() }),
);
export const ReportWithdrawn = defineEvent(
  "report.withdrawn",
  "reports",
  about.extend({ addressees: z.array(z.string()), reasons: z.string() }),
);
export const ReportOverdue = defineEvent("report.overdue", "reports", about.extend({ dueTime: z.string() }));
/** Someone took the partnerships' answers away as a file: who, what, when (the event's time). */
export const ReportAnswersExported = defineEvent(
  "report.answers-exported",
  "reports",
  about.extend({ format: z.string(), partnerships: z.number().int() }),
);

export const REPORT_EVENTS = [
  ReportRequested,
  ReportAcknowledged,
  ReportSubmitted,
  ReportAccepted,
  ReportReturned,
  ReportWithdrawn,
  ReportOverdue,
  ReportAnswersExported,
];
