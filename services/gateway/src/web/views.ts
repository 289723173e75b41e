/** What the web pages read from the reports service (proto-loader objects, camelCase). */
export type Tok = { seconds: string; nanos: number };
export interface AddresseeView {
  partner: string;
  state: string;
  overdue: boolean;
  latestVersion: number;
  reasons: string;
  updateTime?: Tok | null;
}
export interface SectionView {
  id: string;
  title: string;
  help: string;
  type: string;
  required: boolean;
  options: string[];
  maxLength?: number;
}
export interface ReportRequestView {
  name: string;
  title: string;
  issueOfConcern: string;
  addressees: AddresseeView[];
  sections: SectionView[];
  dueTime: Tok;
  classification: string;
  legalBasis: string;
  formalS7: { reasoning: string; publish: boolean; publicationManner: string } | null;
  withdrawn: boolean;
  createTime: Tok;
}
export interface Answer {
  sectionId: string;
  value?: string;
  text?: string;
  number?: number;
  date?: string;
  choice?: string;
  choices?: { values: string[] } | null;
}
export interface SubmissionView {
  name: string;
  partner: string;
  version: number;
  answers: Answer[];
  attachments: { name: string; filename: string; sizeBytes: string }[];
  contentSha256: string;
  createTime: Tok;
  author: string;
  authorDisplayName?: string;
}

/** The page of a request (`reportRequests/<id>` -> `/requests/<id>`). */
export const requestPath = (name: string) => `/requests/${name.replace(/^reportRequests\//, "")}`;

/** The page of one submitted version of a request. */
export const versionPath = (request: string, partner: string, version: number) =>
  `${requestPath(request)}/submissions/${partner.replace(/^partners\//, "")}/versions/${version}`;
