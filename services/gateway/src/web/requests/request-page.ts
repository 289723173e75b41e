/** One request's page (its state, the addressees' progress, versions and history), and withdrawing or acknowledging it. */
import { randomUUID } from "node:crypto";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { WebArea } from "../frame/area";
import { dateTimeText, escapeHtml, link, stateLabel, tagHtml } from "../frame/labels";
import { historySentence } from "./history";
import { reqName } from "./names";
import { versionPath } from "./views";

export function registerRequestPages(r: Router, a: WebArea): void {
  const { d, page, render, nameOf } = a;
  const showRequest = async (
    req: Request,
    res: Response,
    s: Session,
    withdraw: { errors: Record<string, string>; errorList?: { text: string; href: string }[] } = { errors: {} },
  ) => {
    const id = String(req.params.id);
    const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
    const history = await d.reports.ListReportRequestHistory({ name: rq.name, pageSize: 200 }, s.token);
    const versions = await d.reports.ListSubmissions({ parent: rq.name, pageSize: 200 }, s.token);
    const mine = s.isPartnership ? rq.addressees.find((a) => a.partner === s.caller.partner) : undefined;
    render(req, res, "requests/request.njk", {
      title: rq.title,
      id,
      request: rq,
      created: req.query.created === "1",
      legalBasisText:
        rq.legalBasis === "LEGAL_BASIS_FORMAL_S7"
          ? "Formal requirement, section 7(1) Crime and Disorder Act 1998"
          : "Informal request",
      summary: [
        { key: { text: "Issue of concern" }, value: { text: rq.issueOfConcern } },
        ...(rq.objective
          ? [{ key: { text: "Plan objective" }, value: { text: rq.objectiveTitle || rq.objective } }]
          : []),
        { key: { text: "Due" }, value: { text: dateTimeText(rq.dueTime) } },
        {
          key: { text: "Classification" },
          value: { text: rq.classification.replace("CLASSIFICATION_", "").replace("_", "-") },
        },
        ...(rq.formalS7
          ? [
              { key: { text: "Reasoning (s.7(1A))" }, value: { text: rq.formalS7.reasoning } },
              {
                key: { text: "Publication (s.7(3))" },
                value: {
                  text: rq.formalS7.publish
                    ? `To be published: ${rq.formalS7.publicationManner}`
                    : "Not to be published",
                },
              },
            ]
          : []),
      ],
      mine: mine && {
        ...mine,
        ...stateLabel(mine.state),
        canWork:
          ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"].some((x) => mine.state.endsWith(x)) && !rq.withdrawn,
      },
      canWithdraw: s.isOpcc && !rq.withdrawn,
      withdrawItems: [
        { value: "", text: "every partnership that has not finished" },
        ...rq.addressees
          .filter((a) => !a.state.endsWith("ACCEPTED") && !a.state.endsWith("WITHDRAWN"))
          .map((a) => ({ value: a.partner, text: nameOf(res, a.partner) })),
      ],
      withdrawErrors: withdraw.errors,
      errorList: withdraw.errorList,
      addresseeRows: s.isOpcc
        ? rq.addressees.map((a) => [
            { text: nameOf(res, a.partner) },
            { html: tagHtml(a.state, a.overdue) },
            { text: a.latestVersion ? String(a.latestVersion) : "None" },
            {
              html:
                a.latestVersion > 0
                  ? link(
                      versionPath(rq.name, a.partner, a.latestVersion),
                      a.state.endsWith("SUBMITTED") ? "Review" : "View",
                    )
                  : "",
            },
          ])
        : undefined,
      versionRows: versions.submissions.map((v) => [
        { html: link(versionPath(rq.name, v.partner, v.version), `Version ${v.version}`) },
        { text: nameOf(res, v.partner) },
        { text: dateTimeText(v.createTime) },
        { html: `<code>${escapeHtml(v.contentSha256.slice(0, 16))}…</code>` },
      ]),
      historyRows: history.entries.map((h) => [
        { text: dateTimeText(h.time) },
        { text: historySentence(h, (p) => nameOf(res, p)) },
      ]),
    });
  };
  r.get(
    "/requests/:id",
    page((req, res, s) => showRequest(req, res, s)),
  );

  r.post(
    "/requests/:id/withdraw",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const b = req.body as Record<string, string>;
      const reasons = (b.reasons ?? "").trim();
      if (reasons.length < 5) {
        const text = "Say why the request is being withdrawn";
        res.status(400);
        return showRequest(req, res, s, {
          errors: { reasons: text },
          errorList: [{ text, href: "#withdraw-reasons" }],
        });
      }
      await d.reports.WithdrawReportRequest(
        { name: reqName(id), partner: b.partner ?? "", reasons, requestId: `web-${randomUUID()}` },
        s.token,
      );
      res.redirect(303, `/requests/${id}`);
    }),
  );

  r.post(
    "/requests/:id/acknowledge",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      await d.reports.AcknowledgeReportRequest({ name: reqName(id), requestId: `web-${randomUUID()}` }, s.token);
      res.redirect(303, `/requests/${id}`);
    }),
  );
}
