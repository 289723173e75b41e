/**
 * csp.grants.v1.GrantsRegisterService: the register of grants made, for anyone (no token). It is
 * read from the published awards' own view of the award lists (never by reading the collection),
 * a page at a time; an OFFICIAL-SENSITIVE award is listed with its recipient, amount, date and
 * conditions, and its purpose and reasons withheld.
 */
import {
  type AnyMethodSpec,
  BY_SORT_KEY,
  isoCalendarDate,
  listBaseSchema,
  londonDate,
  method,
  readViewPage,
  toTimestamp,
} from "@csp-mesh/kit";
import { z } from "zod";
import type { GrantsConfig } from "../config";
import { paidPence } from "../domain/award";
import { CONDITIONS, type ConditionCode } from "../domain/conditions";
import { financialYearDates, grantIdentifier, prefixedIdentifier } from "../domain/publication";
import type { AwardDoc } from "../store/documents";
import type { Stores } from "./stores";

const listPublishedSchema = listBaseSchema.extend({
  year: z
    .string()
    .regex(/^(\d{4}\/\d{2})?$/, "a financial year such as 2027/28, or empty for every year")
    .default(""),
});

const WITHHELD = "Withheld: OFFICIAL-SENSITIVE";

/** The published grant: what the Specified Information Order and 360Giving ask for. */
export function publishedGrant(
  d: AwardDoc,
  c: Pick<GrantsConfig, "PUBLISHER_PREFIX" | "FUNDER_NAME" | "FUNDER_ORG_ID">,
) {
  const p = d.publication;
  const sensitive = d.classification !== "OFFICIAL";
  const partnershipName = p?.partnershipName ?? d.ownerName;
  const { start, end } = financialYearDates(d.year);
  return {
    identifier: grantIdentifier(c.PUBLISHER_PREFIX, d._id),
    award: d._id,
    title: `${d.programmeTitle}: ${partnershipName}`,
    description: sensitive ? WITHHELD : d.purposes.join("; "),
    purposes: sensitive ? [] : d.purposes,
    amountAwardedPence: String(d.amountPence),
    amountAppliedForPence: String(d.requestedPence),
    amountDisbursedPence: String(paidPence(d.tranches)),
    awardDate: isoCalendarDate(londonDate(d.createTime)),
    recipient: p?.recipient ?? { identifier: prefixedIdentifier(c.PUBLISHER_PREFIX, d.owner), name: d.ownerName },
    partnership: d.owner,
    partnershipDisplayName: partnershipName,
    funder: { identifier: c.FUNDER_ORG_ID || `${c.PUBLISHER_PREFIX}-pcc`, name: c.FUNDER_NAME },
    programme: d.programme,
    programmeTitle: d.programmeTitle,
    year: d.year,
    plannedStartDate: start,
    plannedEndDate: end,
    fromOpenCall: p?.fromOpenCall ?? false,
    conditions: d.conditions.map((code) => CONDITIONS[code as ConditionCode] ?? code),
    reasons: sensitive ? WITHHELD : d.reasons,
    beneficiaryLocations: p?.locations ?? [],
    updateTime: toTimestamp(d.updateTime),
  };
}

export function registerMethods(stores: Stores, config: GrantsConfig): Record<string, AnyMethodSpec> {
  const { awards } = stores;
  return {
    ListPublishedGrants: method({
      public: true,
      request: listPublishedSchema,
      handler: async (req) => {
        const lists = awards.lists;
        if (!lists) throw new Error("awards are listed");
        const page = await readViewPage(
          lists.index,
          { view: req.year ? `all|pubyear:${req.year}` : "all|pub:all", order: BY_SORT_KEY },
          { pageSize: req.pageSize, pageToken: req.pageToken, fingerprint: `register:${req.year}` },
          async (id) => {
            const d = await awards.getInternal(id);
            return d?.acceptTime ? d : null;
          },
        );
        return {
          grants: page.items.map((d) => publishedGrant(d, config)),
          nextPageToken: page.nextPageToken,
          publisher: { identifier: config.PUBLISHER_PREFIX, name: config.FUNDER_NAME },
        };
      },
    }),
  };
}
