/**
 * The demonstration's grants, made through csp.grants.v1 as the OPCC: the Police and Crime Plan,
 * this year's Crime Reduction Grant opened with an allocation to every partnership, and the Safer in
 * Kent Fund opened to applications. Money goes as whole pence (int64 decimal strings).
 */
import { isoCalendarDate, londonDate } from "@csp-mesh/kit";
import { z } from "zod";
import { named } from "./client";
import { type DemoContext, timestamp } from "./context";
import { caseContent, DEMO_CASES, MAIDSTONE_AWARD_PENCE } from "./grants-cases";
import { currentFinancialYear, DEMO_PLAN, demoProgrammes } from "./grants-content";
import { officerOf, PARTNERS, type Partnership, PEOPLE } from "./plan";

/** Alex Morgan, OPCC administrator: declares a conflict in Maidstone's case (a board seat) and stays out of it. */
const CONFLICTED = "people/opcc-admin-1";
const RUBRIC = ["STRATEGIC-FIT", "NEED", "OUTCOMES", "VALUE", "DELIVERY"];

const pence = (n: number | undefined) => String(n ?? 0);

export async function seedGrants(ctx: DemoContext, cycle?: string): Promise<void> {
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
    if (what === "crg") await seedBusinessCases(ctx, made.name, cycle);
  }
}

/** The Crime Reduction Grant's business cases: submitted by each officer, then reviewed, scored and decided by the OPCC. */
async function seedBusinessCases(ctx: DemoContext, programme: string, cycle: string | undefined): Promise<void> {
  const { mesh, rid, log } = ctx;
  for (const c of DEMO_CASES) {
    const officer = officerOf(c.partnership);
    const made = await mesh.call(
      "grants",
      "SubmitApplication",
      { programme, content: caseContent(c, cycle), requestId: rid(`case-${c.partnership}`) },
      officer,
      named,
    );
    const name = made.name;
    if (c.outcome === "returned") {
      await mesh.call(
        "grants",
        "ReturnApplication",
        { name, version: 1, reasons: c.returnReasons, requestId: rid(`return-${c.partnership}`) },
        PEOPLE.reviewer,
        named,
      );
      log(`  ${await mesh.nameOf(officer)}'s business case returned with reasons: ${name}`);
      continue;
    }
    if (c.outcome === "awaiting review") {
      log(`  ${await mesh.nameOf(officer)}'s business case awaits the OPCC's review: ${name}`);
      continue;
    }
    await mesh.call(
      "grants",
      "AcceptApplication",
      { name, version: 1, requestId: rid(`accept-${c.partnership}`) },
      PEOPLE.reviewer,
      named,
    );
    await mesh.call(
      "grants",
      "DeclareInterest",
      {
        name,
        conflict: true,
        details: "Sits on the partnership's board",
        requestId: rid(`interest-admin-${c.partnership}`),
      },
      CONFLICTED,
      named,
    );
    for (const [i, scorer] of [PEOPLE.opcc, PEOPLE.reviewer].entries()) {
      await mesh.call(
        "grants",
        "DeclareInterest",
        { name, conflict: false, requestId: rid(`interest-${i}-${c.partnership}`) },
        scorer,
        named,
      );
      await mesh.call(
        "grants",
        "ScoreApplication",
        {
          name,
          version: 1,
          scores: RUBRIC.map((code, j) => ({ code, score: 3 + ((i + j) % 2) })),
          requestId: rid(`score-${i}-${c.partnership}`),
        },
        scorer,
        named,
      );
    }
    const decided = await mesh.call(
      "grants",
      "DecideApplication",
      {
        name,
        decision: "DECISION_AWARD",
        amountPence: String(MAIDSTONE_AWARD_PENCE),
        reasons: "Both projects answer the partnership's assessed priorities, are well costed and measurable.",
        requestId: rid(`decide-${c.partnership}`),
      },
      PEOPLE.reviewer,
      named,
    );
    log(
      `  ${await mesh.nameOf(officer)}'s business case scored by two (one colleague declared a conflict) and awarded: ${decided.name}`,
    );
    await payFirstTranche(ctx, programme, c.partnership);
  }
}

const returned = z.object({ returns: z.array(z.object({ reportRequest: z.string() })) });
const offered = z.object({ agreementSha256: z.string(), tranches: z.array(z.object({ amountPence: z.string() })) });

/** The chair accepts the agreement; tranche one is proposed by Priya Shah, approved by Tom Ellis and paid today. */
async function payFirstTranche(ctx: DemoContext, programme: string, partnership: Partnership): Promise<void> {
  const { mesh, rid, log, times } = ctx;
  const award = `awards/${programme.slice("programmes/".length)}-${PARTNERS[partnership].slice("partners/".length)}`;
  const chair = `people/${PARTNERS[partnership].slice("partners/csp-".length)}-chair`;
  const terms = await mesh.call("grants", "GetAward", { name: award }, chair, offered);
  await mesh.call(
    "grants",
    "AcceptAgreement",
    { name: award, agreementSha256: terms.agreementSha256, requestId: rid(`accept-agreement-${partnership}`) },
    chair,
    named,
  );
  const first = terms.tranches[0]?.amountPence ?? "0";
  const at = { award, number: 1 };
  await mesh.call(
    "grants",
    "ProposeTranche",
    { ...at, amountPence: first, requestId: rid(`propose-${partnership}`) },
    PEOPLE.opcc,
    named,
  );
  await mesh.call(
    "grants",
    "ApproveTranche",
    { ...at, requestId: rid(`approve-${partnership}`) },
    PEOPLE.reviewer,
    named,
  );
  const paidDate = isoCalendarDate(londonDate(times.now));
  await mesh.call(
    "grants",
    "RecordDisbursement",
    { ...at, paidDate, reference: "DEMO-CRG-0001", requestId: rid(`pay-${partnership}`) },
    PEOPLE.opcc,
    named,
  );
  log(
    `  ${await mesh.nameOf(chair)} accepted the agreement; tranche one (${first} pence) proposed, approved by another and paid`,
  );
  // The mid-year monitoring return, in the partnership's reports inbox: accepting it releases tranche two.
  const due = new Date(times.now.getTime() + 60 * 86_400_000);
  const issued = await mesh.call(
    "grants",
    "IssueMonitoringReturn",
    {
      award,
      kind: "RETURN_KIND_MID_YEAR",
      dueTime: { seconds: String(Math.floor(due.getTime() / 1000)), nanos: 0 },
      requestId: rid(`mid-year-return-${partnership}`),
    },
    PEOPLE.opcc,
    returned,
  );
  log(`  mid-year monitoring return issued: ${issued.returns[0]?.reportRequest ?? ""}`);
}
