import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const grantsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: allocations name partnerships it knows. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
  /** The assessments service: a business case's JSA priorities are checked against it (without it, none can be linked). */
  ASSESSMENTS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "must be host:port")
    .optional(),
  /** The reports service: monitoring returns are report requests (without it, none can be issued). */
  REPORTS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "must be host:port")
    .optional(),
  /**
   * The publisher's 360Giving prefix (registered with 360Giving): published grants are identified
   * as <prefix>-<award id>, and an organisation with no org-id.guide identifier as <prefix>-<partner id>.
   */
  PUBLISHER_PREFIX: z
    .string()
    .regex(/^360G-[A-Za-z0-9]{2,30}$/, "a 360Giving prefix such as 360G-kentpcc")
    .default("360G-kentpcc"),
  /** How often each replica releases budget held by decisions that stopped before making their award. */
  LEDGER_SWEEP_MS: z.coerce.number().int().positive().default(300_000),
  /** Who the published grants name as their funder: the PCC (a corporation sole), not its office. */
  FUNDER_NAME: z.string().min(2).max(200).default("Kent Police and Crime Commissioner"),
  /** The funder's org-id.guide identifier; none covers PCCs, so by default <prefix>-pcc. */
  FUNDER_ORG_ID: z.string().max(80).default(""),
});

export type GrantsConfig = z.infer<typeof grantsConfigSchema>;
