import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const grantsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: allocations name partnerships it knows. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
});

export type GrantsConfig = z.infer<typeof grantsConfigSchema>;
