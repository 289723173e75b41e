/**
 * csp.grants.v1.GrantsService, GetProgrammeSummary: a programme's money and outcomes over the awards
 * the caller may read. The awards are the programme's ledger's, each read by `_id` (bounded by what
 * the budget can fund), never a query over the awards collection; objective titles come from the
 * plans, by `_id`.
 */
import { type AnyMethodSpec, decide, method, toProtoEnum } from "@csp-mesh/kit";
import { GRANT_AWARD } from "../contract";
import { parseObjectiveName } from "../domain/plan";
import { programmeSummary } from "../domain/summary";
import type { AwardDoc } from "../store/documents";
import { pence } from "./mapping";
import { ledgerSchema } from "./schemas";
import { ledgerOf, type Stores } from "./stores";

export function summaryMethods(stores: Stores): Record<string, AnyMethodSpec> {
  const { programmes, ledgers, awards, plans } = stores;

  /** Each objective's title in its plan's latest version. */
  const titlesOf = async (objectives: string[]) => {
    const plansNamed = [...new Set(objectives.flatMap((o) => parseObjectiveName(o)?.plan ?? []))];
    const titles = new Map<string, string>();
    for (const doc of await Promise.all(plansNamed.map((p) => plans.getInternal(p))))
      for (const o of doc?.versions.at(-1)?.objectives ?? []) titles.set(`${doc?._id}/objectives/${o.code}`, o.title);
    return titles;
  };

  return {
    GetProgrammeSummary: method({
      request: ledgerSchema,
      handler: async (req, { caller }) => {
        const programme = await programmes.get(caller, req.programme);
        const ledger = await ledgers.getInternal(ledgerOf(programme._id));
        const made = await Promise.all((ledger?.commitments ?? []).map((c) => awards.getInternal(c.award)));
        const all = made.filter((a): a is AwardDoc => a !== null);
        const seen = all.filter((a) => decide(caller, "read", GRANT_AWARD, a).allowed);
        const s = programmeSummary(programme.budgetPence, programme.objectives, seen);
        const titles = await titlesOf(s.objectives.map((o) => o.objective));
        return {
          programme: programme._id,
          title: programme.title,
          year: programme.year,
          budgetPence: pence(s.budgetPence),
          committedPence: pence(s.committedPence),
          paidPence: pence(s.paidPence),
          underspendPence: pence(s.underspendPence),
          repaidPence: pence(s.repaidPence),
          complete: seen.length === all.length,
          recipients: s.recipients.map((r) => ({
            partner: r.partner,
            partnerDisplayName: r.partnerName,
            award: r.award,
            state: toProtoEnum("AWARD_STATE", r.state),
            awardedPence: pence(r.awardedPence),
            paidPence: pence(r.paidPence),
            underspendPence: pence(r.underspendPence),
            repaidPence: pence(r.repaidPence),
            holdBack: r.holdBack,
          })),
          objectives: s.objectives.map((o) => ({
            objective: o.objective,
            title: titles.get(o.objective) ?? "",
            awards: o.awards,
            projects: o.projects,
            awardedPence: pence(o.awardedPence),
            outcomes: o.measures.map((m) => ({
              partner: m.partner,
              partnerDisplayName: m.partnerName,
              project: m.project,
              measure: m.measure.title,
              unit: m.measure.unit ? toProtoEnum("MEASURE_UNIT", m.measure.unit) : "MEASURE_UNIT_UNSPECIFIED",
              baseline: m.measure.baseline,
              target: m.measure.target,
              hasActual: m.measure.actual !== undefined,
              actual: m.measure.actual ?? 0,
            })),
          })),
        };
      },
    }),
  };
}
