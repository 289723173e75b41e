/**
 * The report requests of the demonstration, made through csp.reports.v1 as the people concerned:
 * the OPCC creates and reviews, each partnership's officer acknowledges, drafts and submits.
 */
import { formatDateTime } from "@csp-mesh/kit";
import { named, reportRequest, submission, submissionList } from "./client";
import { attempt, csp, type DemoContext, partner, waitUntil } from "./context";
import { csv } from "./files";
import { answersToProto, createRequestMessage, reviewMessage, submitMessage } from "./messages";
import { officerOf, PEOPLE } from "./plan";
import { type Answers, demoRequests, type RequestSpec } from "./reports-content";

const basisText = (s: RequestSpec) => (s.legalBasis === "FORMAL_S7" ? "formal s.7 requirement" : "informal request");

/** CreateReportRequest as Priya Shah (OPCC), OFFICIAL. */
async function createRequest(ctx: DemoContext, spec: RequestSpec): Promise<string> {
  const r = await ctx.mesh.call(
    "reports",
    "CreateReportRequest",
    createRequestMessage(spec, ctx.rid(spec.key)),
    PEOPLE.opcc,
    reportRequest,
  );
  ctx.log(
    `${basisText(spec)} "${spec.title}" from ${await ctx.mesh.nameOf(PEOPLE.opcc)} to ` +
      `${spec.addressees.map(csp).join(", ")}, due ${formatDateTime(spec.due)}: ${r.name}`,
  );
  return r.name;
}

async function acknowledge(ctx: DemoContext, name: string, by: string, what: string) {
  await ctx.mesh.call("reports", "AcknowledgeReportRequest", { name, requestId: ctx.rid(`ack-${what}`) }, by, named);
  ctx.log(`  acknowledged by ${await ctx.mesh.nameOf(by)}`);
}

async function submit(
  ctx: DemoContext,
  spec: RequestSpec,
  name: string,
  by: string,
  answers: Answers,
  files: string[],
) {
  const s = await ctx.mesh.call(
    "reports",
    "SubmitReport",
    submitMessage(spec, name, answers, files, ctx.rid(`submit-${spec.key}`)),
    by,
    submission,
  );
  ctx.log(`  version ${s.version} submitted by ${await ctx.mesh.nameOf(by)}: ${s.name}`);
  return s;
}

async function review(ctx: DemoContext, name: string, p: string, version: number, reasons?: string) {
  await ctx.mesh.call(
    "reports",
    "ReviewSubmission",
    reviewMessage(name, p, version, reasons, ctx.rid(`review-${name.slice(-8)}-${version}`)),
    PEOPLE.reviewer,
    reportRequest,
  );
}

/**
 * The request that becomes overdue: due moments from now (the API refuses a due time already past),
 * never answered. Created first, so that the rest of the seed runs while its due time comes.
 */
export async function createOverdueRequest(ctx: DemoContext): Promise<string> {
  return createRequest(ctx, demoRequests(ctx.times).overdue);
}

/** Once its due time has passed: the request reads as overdue; the reports service's scan raises the event. */
export async function confirmOverdue(ctx: DemoContext, name: string): Promise<void> {
  await waitUntil(ctx.times.soon);
  const r = await ctx.mesh.call("reports", "GetReportRequest", { name }, PEOPLE.opcc, reportRequest);
  const late = r.addressees.filter((a) => a.overdue).map((a) => a.partner);
  ctx.log(
    late.length > 0
      ? `${name} is now overdue for ${late.join(", ")}; the overdue scan raises report.overdue (and the ` +
          "escalation email) within OVERDUE_SCAN_MS, 30 s by default"
      : `${name} is not shown as overdue yet: check the reports service's clock`,
  );
}

/** Every other request, each in its own state. Returns the names later steps link to. */
export async function seedReports(ctx: DemoContext): Promise<{ formal?: string; published?: string }> {
  const specs = demoRequests(ctx.times);

  const formal = await attempt(ctx, `"${specs.formal.title}"`, async () => {
    const s = specs.formal;
    const name = await createRequest(ctx, s);
    const by = officerOf("thanet");
    await acknowledge(ctx, name, by, s.key);
    await ctx.mesh.call(
      "reports",
      "SaveDraft",
      { parent: name, answers: answersToProto(s.sections, s.draft), attachments: [] },
      by,
      named,
    );
    ctx.log(`  draft saved by ${await ctx.mesh.nameOf(by)} (not yet submitted)`);
    return name;
  });

  await attempt(ctx, `"${specs.returned.title}"`, async () => {
    const s = specs.returned;
    const name = await createRequest(ctx, s);
    const v = await submit(ctx, s, name, officerOf("canterbury"), s.answers, []);
    await review(ctx, name, partner("canterbury"), v.version, s.returnReasons);
    ctx.log(
      `  returned by ${await ctx.mesh.nameOf(PEOPLE.reviewer)} with reasons: "${s.returnReasons.slice(0, 60)}..."`,
    );
  });

  const published = await attempt(ctx, `"${specs.published.title}"`, async () => {
    const s = specs.published;
    const name = await createRequest(ctx, s);
    const by = officerOf("maidstone");
    await acknowledge(ctx, name, by, s.key);
    const file = await ctx.mesh.upload(
      "reports",
      "UploadAttachment",
      { parent: name, filename: s.attachment.filename },
      csv(s.attachment.rows),
      by,
      named,
    );
    ctx.log(`  attachment ${s.attachment.filename} uploaded by ${await ctx.mesh.nameOf(by)}: ${file.name}`);
    const v = await submit(ctx, s, name, by, s.answers, [file.name]);
    await review(ctx, name, partner("maidstone"), v.version);
    ctx.log(
      `  accepted by ${await ctx.mesh.nameOf(PEOPLE.reviewer)} and, as the s.7 publication decision says, ` +
        "released to the Police and Crime Panel",
    );
    const seen = await ctx.mesh.call("reports", "ListPublishedReports", { pageSize: 10 }, PEOPLE.panel, submissionList);
    ctx.log(`  the panel (${await ctx.mesh.nameOf(PEOPLE.panel)}) sees ${seen.submissions.length} published report(s)`);
    return name;
  });

  await attempt(ctx, `"${specs.shared.title}"`, async () => {
    const s = specs.shared;
    const name = await createRequest(ctx, s);
    await acknowledge(ctx, name, officerOf("dartford"), `${s.key}-dartford`);
    await submit(ctx, s, name, officerOf(s.answerer), s.answers, []);
    ctx.log(`  ${csp(s.answerer)}'s report awaits review; Gravesham CSP has not acted on the request yet`);
  });

  return { ...(formal ? { formal } : {}), ...(published ? { published } : {}) };
}
