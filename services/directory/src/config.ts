import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

const flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const directoryConfigSchema = baseConfigSchema.extend({
  /** Development sign-in as any seeded person. Never enable in production. */
  DEV_SIGN_IN_ENABLED: flag.default(false),
  /** Load the demonstration directory when the partners collection is empty. */
  SEED_DEMO_ON_EMPTY: flag.default(false),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  /** A signing key older than this is replaced by a new one (its public half stays published). */
  SIGNING_KEY_ROTATE_DAYS: z.coerce.number().int().positive().default(30),
  /** Largest document accepted for a combination proposal, in bytes (default 20 MB, as attachments). */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** How often each replica brings into force (or ends) the combination agreements whose date has come. */
  COMBINATION_SWEEP_MS: z.coerce.number().int().positive().default(600_000),
});

export type DirectoryConfig = z.infer<typeof directoryConfigSchema>;
