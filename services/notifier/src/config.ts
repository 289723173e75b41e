import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

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
});
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
