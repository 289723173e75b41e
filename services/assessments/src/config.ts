import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const assessmentsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: addressed CSPs are checked against it and "all active CSPs" resolved by it. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
});

export type AssessmentsConfig = z.infer<typeof assessmentsConfigSchema>;
