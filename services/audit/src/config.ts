import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const auditConfigSchema = baseConfigSchema.extend({
  /** How often the ledger's chain head is signed (when it has moved since the last checkpoint). */
  CHECKPOINT_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
});
export type AuditConfig = z.infer<typeof auditConfigSchema>;
