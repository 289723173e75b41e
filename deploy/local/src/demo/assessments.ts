/**
 * The joint strategic assessment of the demonstration, made through csp.assessments.v1: the OPCC
 * opens a cycle, the partnerships' officers draft and submit, the OPCC accepts, records a s.10
 * response and, once the service has compiled the accepted contributions, publishes an edition.
 */
import { formatDateTime } from "@csp-mesh/kit";
import { demoAssessment } from "./assessments-content";
import { compilation, contribution, edition, editionList, named } from "./client";
import { csp, type DemoContext, partner } from "./context";
import { contentToProto, openCycleMessage } from "./messages";
import { officerOf, PEOPLE } from "./plan";

/** How long to wait for the compilation to take in the accepted contributions (it follows their events). */
const COMPILE_WAIT_MS = 60_000;

/** Returns the cycle's name (assessments/<id>), for the agenda of the coast meeting. */
export async function seedAssessment(ctx: DemoContext): Promise<string> {
  const a = demoAssessment(ctx.times);
  const { mesh, rid, log } = ctx;
  const cycle = (await mesh.call("assessments", "OpenCycle", openCycleMessage(a, rid("cycle")), PEOPLE.opcc, named))
    .name;
  log(
    `assessment cycle "${a.title}" opened by ${await mesh.nameOf(PEOPLE.opcc)} for ` +
      `${a.partnerships.map(csp).join(", ")}, due ${formatDateTime(a.due)}: ${cycle}`,
  );

  const accepted: string[] = [];
  const contributions = new Map<string, string>();
  for (const c of a.contributions) {
    const by = officerOf(c.partnership);
    const content = contentToProto(c.content);
    // One partnership works as a person would (a saved working copy, then submitted); the others send
    // their content in one step, as a partner system would.
    const drafted = c.outcome === "DRAFT" || c.partnership === "maidstone";
    if (drafted) {
      const d = await mesh.call(
        "assessments",
        "SaveContributionDraft",
        { cycle, content, requestId: rid(`jsa-draft-${c.partnership}`), etag: "", validateOnly: false },
        by,
        contribution,
      );
      log(`  ${csp(c.partnership)}'s contribution drafted by ${await mesh.nameOf(by)}: ${d.name}`);
      if (c.outcome === "DRAFT") continue;
    }
    const s = await mesh.call(
      "assessments",
      "SubmitContribution",
      { cycle, ...(drafted ? {} : { content }), requestId: rid(`jsa-submit-${c.partnership}`), validateOnly: false },
      by,
      contribution,
    );
    const version = s.versions.at(-1)?.version ?? 1;
    contributions.set(c.partnership, s.name);
    log(`  ${csp(c.partnership)} submitted version ${version} (${await mesh.nameOf(by)}): ${s.name}`);
    if (c.outcome !== "ACCEPTED") continue;
    await mesh.call(
      "assessments",
      "AcceptContribution",
      { name: s.name, version, requestId: rid(`jsa-accept-${c.partnership}`) },
      PEOPLE.reviewer,
      contribution,
    );
    accepted.push(partner(c.partnership));
    log(`    accepted by ${await mesh.nameOf(PEOPLE.reviewer)}`);
  }

  const r = a.response;
  const responseTo = contributions.get(r.partnership);
  if (responseTo) {
    await mesh.call(
      "assessments",
      "RecordPriorityResponse",
      {
        name: responseTo,
        priorityKey: r.priorityKey,
        response: r.response,
        planObjective: r.planObjective,
        requestId: rid("jsa-s10"),
      },
      PEOPLE.opcc,
      contribution,
    );
    log(`  s.10 response recorded to ${csp(r.partnership)}'s ${r.priorityKey} priority: "${r.planObjective}"`);
  }

  // The service recompiles from its own Kafka events, so the compilation catches up a moment later.
  const until = Date.now() + COMPILE_WAIT_MS;
  for (;;) {
    const c = await mesh
      .call("assessments", "GetCompilation", { cycle }, PEOPLE.opcc, compilation)
      .catch(() => undefined);
    const done = new Set(c?.inputs.filter((i) => i.state === "CONTRIBUTION_STATE_ACCEPTED").map((i) => i.partner));
    if (c && accepted.every((p) => done.has(p))) {
      const e = await mesh.call(
        "assessments",
        "PublishEdition",
        { cycle, note: a.editionNote, compilationSha256: c.sha256, requestId: rid("jsa-edition") },
        PEOPLE.opcc,
        edition,
      );
      const top = [...c.priorities].sort((x, y) => x.position - y.position)[0]?.key ?? "none";
      log(`  edition ${e.number} published from ${done.size} accepted contributions (top priority ${top}): ${e.name}`);
      break;
    }
    if (Date.now() > until) {
      log(
        `  the compilation has not taken in the accepted contributions after ${COMPILE_WAIT_MS / 1000} s: no edition published`,
      );
      return cycle;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seen = await mesh.call("assessments", "ListEditions", { cycle: "", pageSize: 10 }, PEOPLE.panel, editionList);
  log(`  the panel (${await mesh.nameOf(PEOPLE.panel)}) sees ${seen.editions.length} published edition(s)`);
  return cycle;
}
