/**
 * A partnership answering a request: the answer form (saved as a draft, with attachments), checking
 * the answers and submitting a version.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import { uploadStream } from "../../http/streams";
import { multipartFile } from "../../http/uploads";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { sizeText } from "../frame/labels";
import {
  ANSWER_PREFIX,
  answerFieldOf,
  answerFields,
  answersToValues,
  answerValues,
  formFields,
  valuesToAnswers,
} from "./answer-form";
import { answerText } from "./answers";
import { idOf, reqName } from "./names";
import type { ReportRequestView as ReportRequest, SubmissionView as Submission } from "./views";

export function registerReportPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  const o = { uploadMaxBytes: a.uploadMaxBytes };
  const loadDraft = (token: string, rq: ReportRequest) =>
    unlessNotFound(d.reports.GetDraft({ parent: rq.name }, token));

  const renderForm = async (
    req: Request,
    res: Response,
    rq: ReportRequest,
    values: Record<string, string[]>,
    attachments: Submission["attachments"],
    errors: Record<string, string>,
    errorList: { text: string; href: string }[] = [],
  ) =>
    render(req, res, "requests/report-form.njk", {
      title: `Your report: ${rq.title}`,
      id: idOf(rq.name),
      request: rq,
      fields: formFields(rq, values, errors),
      attachments: attachments.map((a) => ({ ...a, size: sizeText(a.sizeBytes) })),
      saved: req.query.saved === "1",
      resumed: req.query.resumed === "1",
      maxMb: Math.round(o.uploadMaxBytes / 1048576),
      errors,
      errorList,
    });

  r.get(
    "/requests/:id/report",
    page(async (req, res, s) => {
      const rq = await d.reports.GetReportRequest({ name: reqName(String(req.params.id)) }, s.token);
      if (!s.isPartnership) return notFound(req, res);
      const draft = await loadDraft(s.token, rq);
      let values = draft ? answersToValues(draft.answers) : {};
      let attachments = draft?.attachments ?? [];
      if (!draft) {
        // After a return, start from the latest version sent: its answers and its attachments.
        const mine = rq.addressees.find((a) => a.partner === s.caller.partner);
        if (mine?.latestVersion) {
          const v = await d.reports.GetSubmission(
            { name: `${rq.name}/submissions/${mine.partner.replace("partners/", "")}/versions/${mine.latestVersion}` },
            s.token,
          );
          values = answersToValues(v.answers);
          attachments = v.attachments;
        }
      }
      await renderForm(req, res, rq, values, attachments, {});
    }),
  );

  /** Saves the answer form as the draft; what is valid is saved even when something else is not. */
  const saveAnswers = (s: Session, rq: ReportRequest, body: Record<string, unknown>, form: FormErrors) => {
    const attachments = (
      Array.isArray(body.attachments) ? body.attachments : body.attachments ? [body.attachments] : []
    ).map(String);
    const answers = valuesToAnswers(rq, body, form);
    return d.reports.SaveDraft({ parent: rq.name, answers, attachments }, s.token);
  };
  a.resume(/^\/requests\/([a-z0-9][a-z0-9-]{1,62})\/report$/, async (s, m, fields) => {
    const rq = await d.reports.GetReportRequest({ name: reqName(String(m[1])) }, s.token);
    await saveAnswers(s, rq, fields, new FormErrors(answerFields(rq)));
    return `/requests/${m[1]}/report?resumed=1`;
  });

  r.post(
    "/requests/:id/report",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const body = req.body as Record<string, unknown>;
      const form = new FormErrors(answerFields(rq));
      const values = answerValues(rq, body);
      const again = async (attachmentsNow: Submission["attachments"]) => {
        res.status(400);
        await renderForm(req, res, rq, values, attachmentsNow, form.byField, form.summary);
      };
      try {
        const draft = await saveAnswers(s, rq, body, form);
        if (form.any) return again(draft.attachments);
        if (body.action !== "continue") return res.redirect(303, `/requests/${id}/report?saved=1`);
        // Check completeness here, so the person sees every missing answer at once.
        for (const sec of rq.sections)
          if (sec.required && !draft.answers.some((a) => a.sectionId === sec.id))
            form.add(`${ANSWER_PREFIX}${sec.id}`, `Answer "${sec.title}"`);
        if (form.any) return again(draft.attachments);
        res.redirect(303, `/requests/${id}/check`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), answerFieldOf);
        const kept = await loadDraft(s.token, rq);
        await again(kept?.attachments ?? []);
      }
    }),
  );

  r.post(
    "/requests/:id/attachments",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const declared = Number(req.headers["content-length"] ?? 0);
      const tooBig = `The file must be smaller than ${Math.round(o.uploadMaxBytes / 1048576)} MB`;
      const fail = async (message: string, values: Record<string, string[]>, attachments: string[]) => {
        res.status(400);
        const draft = await loadDraft(s.token, rq);
        const known = draft?.attachments.filter((a) => attachments.includes(a.name)) ?? [];
        await renderForm(req, res, rq, values, known, { file: message }, [{ text: message, href: "#file" }]);
      };
      if (declared > o.uploadMaxBytes + 256 * 1024) {
        req.resume();
        const draft = await loadDraft(s.token, rq);
        return fail(tooBig, draft ? answersToValues(draft.answers) : {}, draft?.attachments.map((a) => a.name) ?? []);
      }
      // The answers typed so far come with the file: keep them whatever happens to the upload.
      const file = await multipartFile(req, o.uploadMaxBytes);
      const values = answerValues(rq, file.fields);
      const existing = file.fields.attachments ?? [];
      if (!file.filename) return fail("Select a file to add", values, existing);
      let uploaded: { name: string };
      try {
        uploaded = await uploadStream(
          d.reports.UploadAttachment,
          { parent: rq.name, filename: file.filename },
          file.chunks,
          s.token,
        );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        req.resume();
        return fail(
          err.details.includes(" MB") ? tooBig : `The file must be a PDF, CSV, XLSX, DOCX or ODT: ${err.details}`,
          values,
          existing,
        );
      }
      try {
        await d.reports.SaveDraft(
          { parent: rq.name, answers: valuesToAnswers(rq, values), attachments: [...existing, uploaded.name] },
          s.token,
        );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        // The file is stored but the answers typed are not valid yet: keep the draft's previous
        // answers with the new file, and show the typed ones with what is wrong.
        const previous = await loadDraft(s.token, rq);
        await d.reports.SaveDraft(
          {
            parent: rq.name,
            answers: previous?.answers.map(({ value: _v, ...a }) => a) ?? [],
            attachments: [...existing, uploaded.name],
          },
          s.token,
        );
        const form = new FormErrors(answerFields(rq)).addViolations(fieldViolationsOf(err), answerFieldOf);
        res.status(400);
        const draft = await loadDraft(s.token, rq);
        return renderForm(req, res, rq, values, draft?.attachments ?? [], form.byField, form.summary);
      }
      res.redirect(303, `/requests/${id}/report?saved=1`);
    }),
  );

  r.get(
    "/requests/:id/check",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const draft = await loadDraft(s.token, rq);
      if (!draft) return res.redirect(303, `/requests/${id}/report`);
      const byId = new Map(draft.answers.map((a) => [a.sectionId, a]));
      const rows = rq.sections.map((sec) => ({
        key: { text: sec.title },
        value: { text: answerText(byId.get(sec.id)) || "Not answered" },
        actions: {
          items: [
            { href: `/requests/${id}/report#${ANSWER_PREFIX}${sec.id}`, text: "Change", visuallyHiddenText: sec.title },
          ],
        },
      }));
      if (draft.attachments.length)
        rows.push({
          key: { text: "Attachments" },
          value: { text: draft.attachments.map((a) => a.filename).join(", ") },
          actions: { items: [{ href: `/requests/${id}/report`, text: "Change", visuallyHiddenText: "attachments" }] },
        });
      render(req, res, "requests/check.njk", {
        title: "Check your answers",
        id,
        request: rq,
        rows,
        requestId: `web-${randomUUID()}`,
      });
    }),
  );

  r.post(
    "/requests/:id/submit",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const requestId = String((req.body as Record<string, unknown>).requestId ?? "").slice(0, 100);
      try {
        const sub = await d.reports.SubmitReport({ parent: reqName(id), fromDraft: true, requestId }, s.token);
        res.redirect(303, `/requests/${id}/submitted?version=${sub.version}`);
      } catch (err) {
        // Missing answers: back to the form, which says what is missing.
        if (isInvalidArgument(err)) return res.redirect(303, `/requests/${id}/report`);
        throw err;
      }
    }),
  );

  r.get(
    "/requests/:id/submitted",
    page(async (req, res) => {
      render(req, res, "requests/submitted.njk", {
        title: "Report submitted",
        id: String(req.params.id),
        version: String(Number(req.query.version) || ""),
      });
    }),
  );
}
