import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const address = z.string().regex(/^[^\s:]+:\d+$/, "must be host:port");

export const gatewayConfigSchema = baseConfigSchema.extend({
  DIRECTORY_ADDRESS: address,
  REPORTS_ADDRESS: address,
  MEETINGS_ADDRESS: address,
  ASSESSMENTS_ADDRESS: address,
  /** The notifier (webhook subscriptions); without it the /v1/webhook-subscriptions routes answer 503. */
  NOTIFIER_ADDRESS: address.optional(),
  /** The grants service (plans and programmes); without it their routes answer 503. */
  GRANTS_ADDRESS: address.optional(),
  /** Offer the development sign-in (choose a demonstration person). Never in production. */
  DEV_SIGN_IN_ENABLED: flag.default(false),
  /** Signs the CSRF tokens; must be the same on every replica. Generated per process if unset. */
  COOKIE_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Deadline for each downstream gRPC call. */
  DOWNSTREAM_DEADLINE_MS: z.coerce.number().int().positive().default(10_000),
  /** Largest attachment accepted (passed on to the reports service, which enforces it too). */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Requests per minute per client address on the web and REST surface. */
  HTTP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** A web session ends after this long without a request (default 30 minutes). */
  SESSION_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(1800),
  /** A web session ends this long after sign-in however active the person is (default 10 hours). */
  SESSION_MAX_SECONDS: z.coerce.number().int().min(60).default(36_000),
  /** Set when served over plain HTTP on a non-local host (cookies are Secure otherwise). */
  INSECURE_COOKIES: flag.default(false),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
