/**
 * The home page's assessment panels: for the OPCC, contributions awaiting review across the newest
 * cycles; for a partnership, the cycles still waiting for its contribution (returned ones with the
 * reasons); for the panel, the newest published editions. Scoped by the same calls the pages make.
 */
import type { Response } from "express";
import type { Session } from "../auth";
import type { WebArea } from "./area";
import { type Contribution, type Cycle, cycleIdOf, type Edition, lastSegment } from "./assessment-views";
import type { HomePanel } from "./home";
import { dateTimeText } from "./labels";

/** Cycles looked at: the newest, which are the ones still being worked on. */
const CYCLES = 10;
const SHOWN = 10;

export async function assessmentPanel(a: WebArea, res: Response, s: Session): Promise<HomePanel> {
  if (s.isPanel) {
    const list = await a.d.call<{ editions: Edition[] }>("assessments", "ListEditions", { pageSize: SHOWN }, s.token);
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
  const { cycles } = await a.d.call<{ cycles: Cycle[] }>("assessments", "ListCycles", { pageSize: CYCLES }, s.token);
  if (s.isOpcc) {
    const progress = await Promise.all(
      cycles.map((c) =>
        a.d.call<{ partners: { partner: string; state: string; latestVersion: number }[] }>(
          "assessments",
          "GetCycleProgress",
          { name: c.name },
          s.token,
        ),
      ),
    );
    const waiting = cycles.flatMap((c, i) =>
      (progress[i]?.partners ?? []).filter((p) => p.state === "CONTRIBUTION_STATE_SUBMITTED").map((p) => ({ c, p })),
    );
    return {
      id: "contributions-to-review",
      title: "Assessment contributions awaiting your review",
      count: waiting.length,
      items: waiting.slice(0, SHOWN).map(({ c, p }) => ({
        href: `/assessments/${cycleIdOf(c.name)}/contributions/${lastSegment(p.partner)}`,
        text: `${a.nameOf(res, p.partner)}: ${c.title}`,
        detail: `Version ${p.latestVersion}`,
      })),
      more: { href: "/assessments", text: "All assessment cycles" },
      empty: "No contribution is waiting for review.",
    };
  }
  const own = await Promise.all(
    cycles.map((c) =>
      a.d
        .call<Contribution>(
          "assessments",
          "GetContribution",
          { name: `${c.name}/contributions/${lastSegment(s.caller.partner)}` },
          s.token,
        )
        .catch(() => undefined),
    ),
  );
  const owed = cycles
    .map((c, i) => ({ c, mine: own[i] }))
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
