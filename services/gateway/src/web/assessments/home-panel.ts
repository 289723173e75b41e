/**
 * The home page's assessment panels: for the OPCC, contributions awaiting review across every
 * cycle; for a partnership, the cycles still waiting for its contribution (returned ones with the
 * reasons); for the panel, the newest published editions. Scoped by the same calls the pages make.
 */

import type { Response } from "express";
import type { Session } from "../../auth";
import type { WebArea } from "../frame/area";
import type { HomePanel } from "../frame/home-panel";
import { dateTimeText } from "../frame/labels";
import { cycleIdOf, lastSegment } from "./views";

/** Cycles looked at: the newest, which are the ones still being worked on. */
const CYCLES = 10;
const SHOWN = 10;

export async function assessmentPanel(a: WebArea, res: Response, s: Session): Promise<HomePanel> {
  if (s.isPanel) {
    const list = await a.d.assessments.ListEditions({ pageSize: SHOWN }, s.token);
    return {
      id: "assessment-editions",
      title: "Joint strategic assessments published",
      count: list.editions.length,
      items: list.editions.map((e) => ({
        href: `/${e.name}`,
        text: `${e.title}, edition ${e.number}`,
        detail: `Published ${dateTimeText(e.publishTime)}`,
      })),
      more: { href: "/assessments/editions", text: "All published editions" },
      empty: "No assessment has been published yet.",
    };
  }
  if (s.isOpcc) {
    // Every cycle's submitted contributions from one list of the service, with their count; then
    // the titles of the few cycles on the page, by name.
    const waiting = await a.d.assessments.ListContributions(
      { cycle: "assessments/-", state: "CONTRIBUTION_STATE_SUBMITTED", pageSize: SHOWN },
      s.token,
    );
    const cycleNames = [...new Set(waiting.contributions.map((c) => c.cycle))];
    const titles = new Map(
      await Promise.all(
        cycleNames.map(async (name) => [name, (await a.d.assessments.GetCycle({ name }, s.token)).title] as const),
      ),
    );
    return {
      id: "contributions-to-review",
      title: "Assessment contributions awaiting your review",
      count: waiting.totalSize,
      items: waiting.contributions.map((c) => ({
        href: `/assessments/${cycleIdOf(c.cycle)}/contributions/${lastSegment(c.partner)}`,
        text: `${a.nameOf(res, c.partner)}: ${titles.get(c.cycle) ?? c.cycle}`,
        detail: `Version ${c.versions.at(-1)?.version ?? 0}`,
      })),
      more: { href: "/assessments", text: "All assessment cycles" },
      empty: "No contribution is waiting for review.",
    };
  }
  // The newest cycles with the partnership's own contribution to each, in one call.
  const { cycles, ownContributions } = await a.d.assessments.ListCycles(
    { pageSize: CYCLES, withOwnContributions: true },
    s.token,
  );
  const mineOf = new Map(ownContributions.map((c) => [c.cycle, c]));
  const owed = cycles
    .map((c) => ({ c, mine: mineOf.get(c.name) }))
    .filter(({ mine }) => !mine || ["CONTRIBUTION_STATE_DRAFT", "CONTRIBUTION_STATE_RETURNED"].includes(mine.state));
  return {
    id: "assessments-owed",
    title: "Strategic assessments to contribute",
    count: owed.length,
    items: owed.slice(0, SHOWN).map(({ c, mine }) => {
      const latest = mine?.versions.at(-1);
      return {
        href: `/assessments/${cycleIdOf(c.name)}/contribution`,
        text: `${c.title} (${c.year})`,
        detail:
          mine?.state === "CONTRIBUTION_STATE_RETURNED"
            ? `Returned: ${latest?.returnReasons ?? ""}`
            : `Due ${dateTimeText(c.dueTime)}`,
      };
    }),
    more: { href: "/assessments", text: "All assessment cycles" },
    empty: "No assessment is waiting for your partnership's contribution.",
  };
}
