/** REST routes for report requests, submissions, attachments and published reports (the reports service behind them). */
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import { sendDownload, uploadStream } from "../../http/streams";
import { bodyChunks } from "../../http/uploads";
import { toTimestamp } from "../common-schemas";
import { partnerId, partnerName } from "../fields";
import type { RestRoute } from "../route";
import * as S from "./schemas";

const reqName = (id: string) => `reportRequests/${id}`;

export function requestRoutes(d: Downstream, uploadMaxBytes: number): RestRoute[] {
  return [
    {
      method: "get",
      path: "/v1/report-requests",
      summary: "The OPCC's view of all report requests, or a partnership's inbox",
      tag: "Report requests",
      query: S.queries.requests,
      response: S.lists.requests,
      handler: ({ query, token }) => {
        const { q: words, ...q } = query as z.infer<typeof S.queries.requests>;
        return d.reports.ListReportRequests(
          {
            ...q,
            query: words ?? "",
            addressee: q.addressee ? partnerName(q.addressee) : "",
            overdueOnly: q.overdueOnly === "true",
            awaitingPartner: q.awaitingPartner === "true",
            dueBefore: q.dueBefore ? toTimestamp(q.dueBefore) : null,
            dueAfter: q.dueAfter ? toTimestamp(q.dueAfter) : null,
          },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests",
      summary: "Require a report from one, several or all CSPs",
      tag: "Report requests",
      body: S.bodies.createRequest,
      response: S.ReportRequest,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof S.bodies.createRequest>;
        return d.reports.CreateReportRequest(
          { ...b, reportRequest: { ...b.reportRequest, dueTime: toTimestamp(b.reportRequest.dueTime) } },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}",
      summary: "Get a report request",
      tag: "Report requests",
      params: S.ids.request,
      response: S.ReportRequest,
      handler: ({ params, token }) => d.reports.GetReportRequest({ name: reqName(params.id as string) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/history",
      summary: "Every transition of a report request, with who and when",
      tag: "Report requests",
      params: S.ids.request,
      query: S.queries.page,
      response: S.lists.history,
      handler: ({ params, query, token }) =>
        d.reports.ListReportRequestHistory({ name: reqName(params.id as string), ...query }, token),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/acknowledge",
      summary: "Acknowledge a request addressed to your partnership",
      tag: "Report requests",
      params: S.ids.request,
      body: S.bodies.acknowledge,
      response: S.ReportRequest,
      handler: ({ params, body, token }) =>
        d.reports.AcknowledgeReportRequest({ name: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/withdraw",
      summary: "Withdraw a request from one addressee or all of them",
      tag: "Report requests",
      params: S.ids.request,
      body: S.bodies.withdraw,
      response: S.ReportRequest,
      handler: ({ params, body, token }) => {
        const b = body as z.infer<typeof S.bodies.withdraw>;
        return d.reports.WithdrawReportRequest(
          { name: reqName(params.id as string), ...b, partner: b.partner ? partnerName(b.partner) : "" },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/draft",
      summary: "Your partnership's saved draft",
      tag: "Submissions",
      params: S.ids.request,
      response: S.Submission,
      handler: ({ params, token }) => d.reports.GetDraft({ parent: reqName(params.id as string) }, token),
    },
    {
      method: "put",
      path: "/v1/report-requests/{id}/draft",
      summary: "Save your partnership's draft",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.draft,
      response: S.Submission,
      handler: ({ params, body, token }) =>
        d.reports.SaveDraft({ parent: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/submissions",
      summary: "Submitted versions (a partnership sees its own)",
      tag: "Submissions",
      params: S.ids.request,
      query: S.queries.submissions,
      response: S.lists.submissions,
      handler: ({ params, query, token }) => {
        const q = query as z.infer<typeof S.queries.submissions>;
        return d.reports.ListSubmissions(
          { parent: reqName(params.id as string), ...q, partner: q.partner ? partnerName(q.partner) : "" },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/submissions",
      summary: "Submit a new version (from answers, or from the saved draft)",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.submit,
      response: S.Submission,
      status: 201,
      handler: ({ params, body, token }) =>
        d.reports.SubmitReport({ parent: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/submissions/{partner}/versions/{version}",
      summary: "One submitted version",
      tag: "Submissions",
      params: S.ids.version,
      response: S.Submission,
      handler: ({ params, token }) =>
        d.reports.GetSubmission(
          {
            name: `${reqName(params.id as string)}/submissions/${partnerId(params.partner as string)}/versions/${params.version}`,
          },
          token,
        ),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/review",
      summary: "Accept or return the latest version of a partnership's report",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.review,
      response: S.ReportRequest,
      handler: ({ params, body, token }) => {
        const b = body as z.infer<typeof S.bodies.review>;
        return d.reports.ReviewSubmission(
          { name: reqName(params.id as string), ...b, partner: partnerName(b.partner) },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/attachments",
      summary: `Upload an attachment (PDF, CSV, XLSX, DOCX, ODT; at most ${Math.round(uploadMaxBytes / 1048576)} MB) as the raw request body`,
      tag: "Attachments",
      params: S.ids.request,
      query: S.queries.upload,
      response: S.Attachment,
      status: 201,
      stream: "upload",
      handler: ({ params, query, token, req }) =>
        uploadStream(
          d.reports.UploadAttachment,
          { parent: reqName(params.id as string), filename: (query as { filename: string }).filename },
          bodyChunks(req),
          token,
        ),
    },
    {
      method: "get",
      path: "/v1/attachments/{id}",
      summary: "Download an attachment",
      tag: "Attachments",
      params: S.ids.attachment,
      stream: "download",
      handler: ({ params, token, res }) =>
        sendDownload(d.reports.DownloadAttachment, { name: `attachments/${params.id}` }, token, res),
    },
    {
      method: "get",
      path: "/v1/published-reports",
      summary: "Accepted reports released to the Police and Crime Panel",
      tag: "Submissions",
      query: S.queries.page,
      response: S.lists.submissions,
      handler: ({ query, token }) => d.reports.ListPublishedReports(query, token),
    },
  ];
}
