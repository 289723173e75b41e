/** REST schemas for grant awards and a programme's ledger: the OpenAPI document is generated from them. */
import { penceJson } from "@csp-mesh/kit";
import { z } from "zod";
import { classification, page, pathId, Timestamp } from "../common-schemas";

const pence = penceJson;
const trigger = z.enum([
  "TRANCHE_TRIGGER_ON_AGREEMENT",
  "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN",
  "TRANCHE_TRIGGER_ON_YEAR_END_RETURN",
]);

export const Award = z
  .object({
    name: z.string(),
    programme: z.string(),
    programmeTitle: z.string(),
    year: z.string(),
    application: z.string(),
    recipient: z.string(),
    recipientDisplayName: z.string(),
    amountPence: pence,
    requestedPence: pence,
    purposes: z.array(z.string()),
    conditions: z.array(z.object({ code: z.string(), text: z.string() })),
    tranches: z.array(z.object({ number: z.number().int(), amountPence: pence, trigger })),
    reasons: z.string(),
    state: z.enum(["AWARD_STATE_OFFERED"]),
    decidedBy: z.string(),
    awardTime: Timestamp,
    classification,
    updateTime: Timestamp,
    etag: z.string(),
  })
  .openapi("GrantAward");

export const Ledger = z
  .object({
    programme: z.string(),
    budgetPence: pence,
    committedPence: pence,
    remainingPence: pence,
    commitments: z.array(z.object({ award: z.string(), recipient: z.string(), amountPence: pence })),
  })
  .openapi("GrantProgrammeLedger");

export const awards = {
  ids: {
    award: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,126}$/) }),
    programme: z.object({ id: pathId }),
  },
  queries: { list: z.object({ ...page, programme: z.union([z.literal(""), pathId]).default("") }) },
  list: z
    .object({ awards: z.array(Award), nextPageToken: z.string(), totalSize: z.number().int() })
    .openapi("GrantAwardList"),
};
