import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

/** "7,1" -> [7, 1]: days before a due time (fractions allowed, so tests can use seconds). */
const dayList = z
  .string()
  .transform((s) => (s.trim() === "" ? [] : s.split(",").map((x) => Number(x.trim()))))
  .pipe(z.array(z.number().positive().max(365)).max(10));

export const notifierConfigSchema = baseConfigSchema.extend({
  /** How often due deliveries are looked for. */
  WEBHOOK_DISPATCH_MS: z.coerce.number().int().positive().default(500),
  /** First retry after about this long; each further retry waits twice as long (with jitter), up to an hour. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(5_000),
  /** Attempts before a delivery is marked FAILED (it can still be resent). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Failed deliveries in a row after which a subscription is paused. */
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Per-attempt time limit. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Allow http:// endpoints on loopback addresses (development and tests); https only otherwise. */
  WEBHOOK_ALLOW_LOOPBACK_HTTP: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),

  /**
   * Where email goes: smtp://host:port (smtps:// for implicit TLS; user:password@ for AUTH). Empty:
   * no email is written (webhooks still work). `npm start` points it at its local Mailpit.
   */
  SMTP_URL: z
    .union([z.literal(""), z.url({ protocol: /^smtps?$/, error: "must be smtp://host:port or smtps://host:port" })])
    .default(""),
  /** The From of every email. */
  MAIL_FROM: z.string().min(3).default("Community safety partnership mesh <noreply@csp-mesh.invalid>"),
  /** The web address of the mesh, for the links in emails (which carry no sensitive content). */
  PUBLIC_BASE_URL: z.url().default("http://127.0.0.1:8080"),
  /** Reminders before a report is due, in days before its due time. */
  REPORT_REMINDER_DAYS: dayList.default([7, 1]),
  /** Reminders before a meeting action is due, in days before its due time. */
  ACTION_REMINDER_DAYS: dayList.default([3]),
  /** How often reminders and digests are looked for. */
  SCHEDULE_SCAN_MS: z.coerce.number().int().positive().default(15_000),
  /** How often waiting emails are looked for. */
  EMAIL_DISPATCH_MS: z.coerce.number().int().positive().default(1_000),
  /** First email retry after about this long, then twice as long each time (with jitter), up to an hour. */
  EMAIL_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** Attempts before an email is marked FAILED (an SMTP server refusing or unreachable). */
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** The daily digest goes at this hour, London time (0-23). */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
});
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
