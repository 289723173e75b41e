import { baseConfigSchema } from "@csp-mesh/kit";
import { z } from "zod";

export const meetingsConfigSchema = baseConfigSchema.extend({
  /** The directory's gRPC address: invitees are checked against it and "all active CSPs" resolved by it. */
  DIRECTORY_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
  /** The grants service: an agenda item's links to plan objectives are checked against it (without it, none can be made). */
  GRANTS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, "must be host:port")
    .optional(),
  /** How often each replica looks for unanswered invitations past their deadline and overdue actions. */
  MEETINGS_SCAN_MS: z.coerce.number().int().positive().default(30_000),
  /** Largest paper accepted, in bytes (default 20 MB, as report attachments). */
  PAPER_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Where people open the mesh (the gateway's address), linked from calendar entries; "" for none. */
  PUBLIC_BASE_URL: z.union([z.literal(""), z.url()]).default(""),
  /** Shown as the organiser in calendar files. */
  CALENDAR_ORGANISER: z.string().min(1).default("Office of the Police and Crime Commissioner"),
});

export type MeetingsConfig = z.infer<typeof meetingsConfigSchema>;
