/** REST schemas for the partner directory (the directory service behind them). */
import { z } from "zod";
import { classification, page, pathId } from "../common-schemas";

export const Partner = z
  .object({
    name: z.string(),
    displayName: z.string(),
    kind: z.string(),
    authoritySubtype: z.string(),
    status: z.string().openapi({
      description:
        "PARTNER_STATUS_ACTIVE; PARTNER_STATUS_MERGED (combined into mergedInto); PARTNER_STATUS_DISSOLVED (a combined partnership whose agreement ended)",
    }),
    mergedInto: z.string(),
    members: z.array(z.string()),
    classification,
    etag: z.string(),
    demo: z.boolean(),
    orgIdentifier: z.string().openapi({ description: "org-id.guide identifier of the legal body, e.g. GB-LAE-MAI" }),
    area: z
      .object({ code: z.string().openapi({ example: "E07000110" }), name: z.string() })
      .nullable()
      .openapi({ description: "The area served, by ONS code" }),
    accountableBody: z.string().openapi({ description: "For a CSP: the authority that receives its money" }),
    predecessors: z.array(z.string()).openapi({
      description:
        "Lineage: the partnerships this one succeeds (a combined one's constituents, or the combined one it left)",
    }),
    successors: z.array(z.string()).openapi({
      description: "Lineage: the partnerships that succeed this one (the combined one, or those it separated into)",
    }),
    combination: z.string().openapi({
      description: "The combination agreement that made or last changed it, combinations/<id>; empty if none",
    }),
  })
  .openapi("Partner");

export const directory = {
  ids: { partner: z.object({ id: pathId }) },
  queries: {
    partners: z.object({
      ...page,
      kind: z
        .enum([
          "PARTNER_KIND_CSP",
          "PARTNER_KIND_COUNTY_CSP",
          "PARTNER_KIND_RESPONSIBLE_AUTHORITY",
          "PARTNER_KIND_OPCC",
          "PARTNER_KIND_POLICE_AND_CRIME_PANEL",
        ])
        .optional(),
      status: z.enum(["PARTNER_STATUS_ACTIVE", "PARTNER_STATUS_MERGED", "PARTNER_STATUS_DISSOLVED"]).optional(),
    }),
  },
  lists: {
    partners: z.object({ partners: z.array(Partner), nextPageToken: z.string() }).openapi("PartnerList"),
  },
};
