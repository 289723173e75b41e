/**
 * Submitted versions: one version's page (with what changed since the one before), the OPCC's
 * review, attachment downloads, and the published reports the panel reads.
 */
import { randomUUID } from "node:crypto";
import { isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import { sendDownload } from "../../http/streams";
import type { WebArea } from "../frame/area";
import { dateTimeText, link, sizeText } from "../frame/labels";
import { answerText, authorOf } from "./answers";
import { versionChanges } from "./changes";
import { reqName } from "./names";
import { versionPath } from "./views";

export function registerVersionPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;
  r.get(
    "/published",
    page(async (req, res, s) => {
      const list = await d.reports.ListPublishedReports({ pageSize: 50 }, s.token);
      render(req, res, "dashboard.njk", {
        title: "Published reports",
        caption: "Reports required under section 7 and released to the Police and Crime Panel",
        head: [{ text: "Report" }, { text: "Partnership" }, { text: "Accepted version" }],
        rows: list.submissions.map((x) => [
          {
            html: link(versionPath(x.reportRequest, x.partner, x.version), x.reportRequest),
          },
          { text: nameOf(res, x.partner) },
          { text: String(x.version) },
        ]),
        empty: "No reports have been published yet.",
      });
    }),
  );

  const showVersion = async (
    req: Request,
    res: Response,
    s: Session,
    extra: {
      errors?: Record<string, string>;
      errorList?: { text: string; href: string }[];
      values?: Record<string, string>;
    } = {},
  ) => {
    const id = String(req.params.id);
    const partner = String(req.params.partner ?? (req.body as Record<string, string>).partner ?? "").replace(
      "partners/",
      "",
    );
    const version = Number(req.params.version ?? (req.body as Record<string, string>).version);
    const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
    const sub = await d.reports.GetSubmission(
      { name: `${rq.name}/submissions/${partner}/versions/${version}` },
      s.token,
    );
    const a = rq.addressees.find((x) => x.partner === sub.partner);
    const byId = new Map(sub.answers.map((x) => [x.sectionId, x]));
    // A resubmission shows what it changed since the version before (the OPCC sees it before deciding).
    const previous =
      sub.version > 1
        ? await d.reports.GetSubmission(
            { name: `${rq.name}/submissions/${partner}/versions/${sub.version - 1}` },
            s.token,
          )
        : undefined;
    render(req, res, "requests/submission.njk", {
      title: `${nameOf(res, sub.partner)}: version ${sub.version}`,
      id,
      request: rq,
      submission: sub,
      partnerName: nameOf(res, sub.partner),
      rows: [
        { key: { text: "Submitted" }, value: { text: `${dateTimeText(sub.createTime)} by ${authorOf(sub)}` } },
        ...rq.sections.map((sec) => ({
          key: { text: sec.title },
          value: { text: answerText(byId.get(sec.id)) || "Not answered" },
        })),
      ],
      attachments: sub.attachments.map((x) => ({
        id: x.name.replace("attachments/", ""),
        filename: x.filename,
        size: sizeText(x.sizeBytes),
      })),
      changes: previous && versionChanges(rq.sections, previous, sub),
      previousVersion: previous?.version,
      canReview: s.isOpcc && a?.state === "ADDRESSEE_STATE_SUBMITTED" && a.latestVersion === sub.version,
      errors: extra.errors ?? {},
      errorList: extra.errorList,
      values: extra.values ?? {},
    });
  };

  r.get(
    "/requests/:id/submissions/:partner/versions/:version",
    page((req, res, s) => showVersion(req, res, s)),
  );

  r.post(
    "/requests/:id/review",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const b = req.body as Record<string, string>;
      const decision = b.decision ?? "";
      const reasons = (b.reasons ?? "").trim();
      const invalid = (field: string, text: string) => {
        res.status(400);
        return showVersion(req, res, s, {
          errors: { [field]: text },
          errorList: [{ text, href: `#${field}` }],
          values: { decision, reasons },
        });
      };
      if (!["REVIEW_DECISION_ACCEPT", "REVIEW_DECISION_RETURN"].includes(decision))
        return invalid("decision", "Choose whether to accept or return the report");
      if (decision === "REVIEW_DECISION_RETURN" && reasons.length < 5)
        return invalid("reasons", "Say why the report is being returned");
      try {
        await d.reports.ReviewSubmission(
          {
            name: reqName(id),
            partner: `partners/${String(b.partner).replace("partners/", "")}`,
            version: Number(b.version),
            decision: decision as Ask<"reports", "ReviewSubmission">["decision"],
            reasons,
            requestId: `web-${randomUUID()}`,
          },
          s.token,
        );
        res.redirect(303, `/requests/${id}`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        return invalid("reasons", err.details);
      }
    }),
  );

  r.get(
    "/attachments/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!/^[a-f0-9]{24}$/.test(id)) return notFound(req, res);
      await sendDownload(d.reports.DownloadAttachment, { name: `attachments/${id}` }, s.token, res);
    }),
  );
}
