import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const assessmentsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: addressed CSPs are checked against it and "all active CSPs" resolved by it. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
  /** The grants service: a s.10 response's plan objective is checked against it (without it, none can be linked). */
  GRANTS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "must be host:port")
    .optional(),
});

export type AssessmentsConfig = z.infer<typeof assessmentsConfigSchema>;
