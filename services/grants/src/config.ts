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
});

export type GrantsConfig = z.infer<typeof grantsConfigSchema>;
