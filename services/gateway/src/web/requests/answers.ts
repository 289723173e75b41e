/**
 * Every partnership's latest answers to a request, side by side: a page per question for reading,
 * and a CSV file for a spreadsheet (http/csv.ts: formulas neutralised).
 */

import type { Request, Response, Router } from "express";
import { spreadsheetCsv } from "../../http/csv";
import { fileDisposition } from "../../http/streams";
import type { WebArea } from "../frame/area";
import { formatCalendarDate } from "../frame/forms/dates";
import { dateTimeText, link, stateLabel, tagHtml } from "../frame/labels";
import { actorText } from "./history";

type Tok = { seconds: string };
interface Answer {
  sectionId: string;
  text?: string;
  number?: number;
  date?: string;
  choice?: string;
  choices?: { values: string[] } | null;
}
export interface LatestSubmission {
  name: string;
  partner: string;
  version: number;
  answers: Answer[];
  attachments: { filename: string }[];
  author: string;
  authorDisplayName?: string;
  createTime: Tok | null;
}
export interface RequestView {
  name: string;
  title: string;
  classification: string;
  sections: { id: string; title: string }[];
  addressees: { partner: string; state: string; latestVersion: number }[];
}

export function answerText(a: Answer | undefined): string {
  if (!a) return "";
  if (a.choices) return a.choices.values.join(", ");
  if (a.date) return formatCalendarDate(a.date);
  return a.text ?? a.choice ?? (a.number !== undefined ? String(a.number) : "");
}

/** Who submitted a version, by name (versions from before names were kept say what kind of actor). */
export const authorOf = (s: { author: string; authorDisplayName?: string }) =>
  actorText({ actor: s.author, actorDisplayName: s.authorDisplayName ?? "" });

/** The CSV: one row per partnership, one column per question, then who, when and attachments. */
export function answersCsv(rq: RequestView, latest: LatestSubmission[], partnerName: (p: string) => string): string {
  const byPartner = new Map(latest.map((s) => [s.partner, s]));
  const header = [
    "Partnership",
    "State",
    "Version",
    "Submitted at (UK time)",
    "Submitted by",
    ...rq.sections.map((s) => s.title),
    "Attachments",
  ];
  const rows = rq.addressees.map((a) => {
    const s = byPartner.get(a.partner);
    const answers = new Map((s?.answers ?? []).map((x) => [x.sectionId, x]));
    return [
      partnerName(a.partner),
      stateLabel(a.state).label,
      s ? String(s.version) : "",
      s ? dateTimeText(s.createTime) : "",
      s ? authorOf(s) : "",
      ...rq.sections.map((sec) => answerText(answers.get(sec.id))),
      (s?.attachments ?? []).map((f) => f.filename).join("; "),
    ];
  });
  return spreadsheetCsv([header, ...rows]);
}

/** The download's name: the request and its classification, so the file says how to handle it. */
export const csvFilename = (rq: RequestView) =>
  `${rq.name.replace("reportRequests/", "answers-")}-${rq.classification.replace("CLASSIFICATION_", "").replace("_", "-")}.csv`;

export function registerAnswerPages(r: Router, a: WebArea): void {
  const { d, page, render, nameOf } = a;
  const load = async (req: Request, token: string, forDownload: boolean) => {
    const r = await d.reports.ExportLatestAnswers(
      { name: `reportRequests/${req.params.id}`, forDownload, format: forDownload ? "csv" : "" },
      token,
    );
    // The service always answers with the request; without it there is nothing to show.
    if (!r.reportRequest) throw new Error("ExportLatestAnswers answered without the request");
    return { ...r, reportRequest: r.reportRequest };
  };

  r.get(
    "/requests/:id/answers.csv",
    page(async (req: Request, res: Response, s) => {
      const { reportRequest: rq, latest } = await load(req, s.token, true);
      res.type("text/csv; charset=utf-8").setHeader("content-disposition", fileDisposition(csvFilename(rq)));
      res.send(answersCsv(rq, latest, (p) => nameOf(res, p)));
    }),
  );

  r.get(
    "/requests/:id/answers",
    page(async (req: Request, res: Response, s) => {
      const { reportRequest: rq, latest } = await load(req, s.token, false);
      const state = typeof req.query.state === "string" ? req.query.state : "";
      const addressees = rq.addressees.filter((x) => !state || x.state === state);
      const byPartner = new Map(latest.map((x) => [x.partner, x]));
      const id = String(req.params.id);
      const versionHref = (x: LatestSubmission, v: number) =>
        `/requests/${id}/submissions/${x.partner.replace("partners/", "")}/versions/${v}`;
      render(req, res, "requests/answers.njk", {
        title: `Answers: ${rq.title}`,
        id,
        request: rq,
        stateItems: [
          { value: "", text: "Every partnership", selected: !state },
          ...[...new Set(rq.addressees.map((x) => x.state))].map((v) => ({
            value: v,
            text: stateLabel(v).label,
            selected: v === state,
          })),
        ],
        status: addressees.map((x) => {
          const sub = byPartner.get(x.partner);
          return [
            { text: nameOf(res, x.partner) },
            { html: tagHtml(x.state) },
            {
              html: sub
                ? Array.from({ length: sub.version }, (_, i) => link(versionHref(sub, i + 1), `Version ${i + 1}`)).join(
                    ", ",
                  )
                : "None yet",
            },
            { text: sub ? `${authorOf(sub)}, ${dateTimeText(sub.createTime)}` : "" },
          ];
        }),
        questions: rq.sections.map((sec) => ({
          title: sec.title,
          rows: addressees
            .filter((x) => byPartner.has(x.partner))
            .map((x) => {
              const sub = byPartner.get(x.partner) as LatestSubmission;
              return [
                { text: nameOf(res, x.partner) },
                {
                  text: answerText(sub.answers.find((ans) => ans.sectionId === sec.id)) || "Not answered",
                  classes: "csp-answer",
                },
              ];
            }),
        })),
      });
    }),
  );
}
