import { defineEvent, eventDomain } from "@csp-mesh/kit";
import { z } from "zod";

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
  "The OPCC required a report from one or more partnerships (informal or a formal s.7 requirement).",
);
export const ReportAcknowledged = defineEvent(
  "report.acknowledged",
  "reports",
  about,
  "An addressed partnership acknowledged a report request.",
);
export const ReportSubmitted = defineEvent(
  "report.submitted",
  "reports",
  about.extend({ version: z.number().int().positive(), contentSha256: z.string(), submission: z.string() }),
  "A partnership submitted a version of its report (with its SHA-256); earlier versions are kept.",
);
export const ReportAccepted = defineEvent(
  "report.accepted",
  "reports",
  about.extend({ version: z.number().int().positive(), published: z.boolean() }),
  "The OPCC accepted a partnership's submitted version.",
);
export const ReportReturned = defineEvent(
  "report.returned",
  "reports",
  about.extend({ version: z.number().int().positive(), reasons: z.string() }),
  "The OPCC returned a partnership's submitted version with reasons; it may resubmit.",
);
export const ReportWithdrawn = defineEvent(
  "report.withdrawn",
  "reports",
  about.extend({ addressees: z.array(z.string()), reasons: z.string() }),
  "The OPCC withdrew a request, for every partnership or for one.",
);
export const ReportOverdue = defineEvent(
  "report.overdue",
  "reports",
  about.extend({ dueTime: z.string() }),
  "A partnership's report passed its due time without being submitted; raised once per partnership and request.",
);
/** Someone took the partnerships' answers away as a file: who, what, when (the event's time). */
export const ReportAnswersExported = defineEvent(
  "report.answers-exported",
  "reports",
  about.extend({ format: z.string(), partnerships: z.number().int() }),
  "Someone downloaded every partnership's answers to a request (CSV or JSON): recorded for the audit ledger.",
);

/** The reports service's published language: its topic and every event on it. */
export const REPORT_EVENTS = eventDomain(
  "reports",
  "Report requests and the partnerships' submissions (the reports service).",
  [
    ReportRequested,
    ReportAcknowledged,
    ReportSubmitted,
    ReportAccepted,
    ReportReturned,
    ReportWithdrawn,
    ReportOverdue,
    ReportAnswersExported,
  ],
);
