/**
 * What the web pages read from the services: the generated response types (proto-loader objects,
 * camelCase, proto3 defaults filled in), so a renamed or removed field fails the build.
 */
import type { Reply } from "../../downstream";

export type ReportRequestView = Reply<"reports", "GetReportRequest">;
export type AddresseeView = ReportRequestView["addressees"][number];
export type SectionView = ReportRequestView["sections"][number];
export type SubmissionView = Reply<"reports", "GetSubmission">;
export type Answer = SubmissionView["answers"][number];
export type Tok = NonNullable<ReportRequestView["createTime"]>;

/** The page of a request (`reportRequests/<id>` -> `/requests/<id>`). */
export const requestPath = (name: string) => `/requests/${name.replace(/^reportRequests\//, "")}`;

/** The page of one submitted version of a request. */
export const versionPath = (request: string, partner: string, version: number) =>
  `${requestPath(request)}/submissions/${partner.replace(/^partners\//, "")}/versions/${version}`;
