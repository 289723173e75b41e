import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const reportsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: addressees are checked against it and "all active CSPs" resolved by it. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
  /** The grants service: a request's plan objective is checked against it (without it, none can be linked). */
  GRANTS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "must be host:port")
    .optional(),
  /** Largest attachment accepted, in bytes (default 20 MB). */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** How often each replica looks for addressees that have just become overdue. */
  OVERDUE_SCAN_MS: z.coerce.number().int().positive().default(30_000),
});

export type ReportsConfig = z.infer<typeof reportsConfigSchema>;
