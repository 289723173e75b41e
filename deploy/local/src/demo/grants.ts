/**
 * The demonstration's grants, made through csp.grants.v1 as the OPCC: the Police and Crime Plan,
 * this year's Crime Reduction Grant opened with an allocation to every partnership, and the Safer in
 * Kent Fund opened to applications. Money goes as whole pence (int64 decimal strings).
 */
import { londonDate } from "@csp-mesh/kit";
import { named } from "./client";
import { type DemoContext, timestamp } from "./context";
import { currentFinancialYear, DEMO_PLAN, demoProgrammes } from "./grants-content";
import { PEOPLE } from "./plan";

const pence = (n: number | undefined) => String(n ?? 0);

export async function seedGrants(ctx: DemoContext): Promise<void> {
  const { mesh, rid, log, times } = ctx;
  const plan = await mesh.call("plans", "CreatePlan", { ...DEMO_PLAN, requestId: rid("plan") }, PEOPLE.opcc, named);
  log(
    `Police and Crime Plan "${DEMO_PLAN.plan.title}" with ${DEMO_PLAN.plan.objectives.length} objectives: ${plan.name}`,
  );
  const year = currentFinancialYear(londonDate(times.now));
  for (const [what, p] of Object.entries(demoProgrammes(times, year))) {
    const x = p.programme as typeof p.programme & Record<string, unknown>;
    const message = {
      programmeId: p.programmeId,
      requestId: rid(`programme-${what}`),
      programme: {
        ...x,
        budgetPence: pence(x.budgetPence),
        projectMaxPence: pence(x.projectMaxPence as number | undefined),
        countyWideMaxPence: pence(x.countyWideMaxPence as number | undefined),
        windowOpenTime: timestamp(x.windowOpenTime),
        windowCloseTime: timestamp(x.windowCloseTime),
        allocations: ((x.allocations as { partner: string; amountPence: number }[] | undefined) ?? []).map((a) => ({
          partner: a.partner,
          amountPence: pence(a.amountPence),
        })),
      },
    };
    const made = await mesh.call("grants", "CreateProgramme", message, PEOPLE.opcc, named);
    await mesh.call("grants", "OpenProgramme", { name: made.name, requestId: rid(`open-${what}`) }, PEOPLE.opcc, named);
    log(`grant programme "${x.title}" opened by ${await mesh.nameOf(PEOPLE.opcc)}: ${made.name}`);
  }
}
