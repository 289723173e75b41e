/**
 * What an agreement's page shows of the proposal's documents (pure: tested through the page): the
 * table of documents, each linked to its download, and the upload form for those who may add them
 * while the proposal is open (the OPCC, or a chair of one of the areas).
 */
import type { Session } from "../../auth";
import type { FieldSpec } from "../frame/forms/errors";
import type { FormFields, FormSpec } from "../frame/forms/fields";
import { dateText, link, sizeText } from "../frame/labels";
import { agreementPath, type Combination, mayPropose } from "./views";

/** The upload form's file input (its id and name, where the error summary links). */
export const DOCUMENT_FIELD = "document";
export const DOCUMENT_FIELDS: Record<string, FieldSpec> = { [DOCUMENT_FIELD]: { label: "Document" } };
export const ACCEPTED_TYPES = "PDF, CSV, XLSX, DOCX or ODT";

/** The download of a document on the web (combinations/<id>/documents/<n> is its address, as it is its name). */
export const documentPath = (name: string) => `/${name}`;

/** The proposal's documents: each file linked to its download, its size, who added it and when. */
export function documentsTable(c: Combination) {
  return {
    caption: "Documents",
    captionClasses: "govuk-table__caption--m",
    head: [{ text: "File" }, { text: "Size" }, { text: "Added by" }, { text: "Added on" }],
    rows: (c.documents ?? []).map((x) => [
      { html: link(documentPath(x.name), x.filename) },
      { text: sizeText(x.sizeBytes) },
      { text: x.uploadedByDisplayName || x.uploadedBy },
      { text: dateText(x.uploadTime) },
    ]),
    empty: "No documents have been added.",
  };
}

/** The OPCC, or a chair of one of the partnerships combined: who may add documents (the service decides). */
export const mayAddDocuments = (c: Combination, s: Session) =>
  mayPropose(s) && (s.isOpcc || (c.terms?.areas ?? []).includes(s.caller.partner));

/**
 * The upload form, while the proposal is open, for those who may add documents. `kept`: just posted
 * with a problem, so it stays shown and its error summary links to it.
 */
export function documentForms(c: Combination, s: Session, f: FormFields, maxBytes: number, kept: boolean): FormSpec[] {
  const open = c.state === "COMBINATION_STATE_PROPOSED";
  if (!kept && !(open && mayAddDocuments(c, s))) return [];
  return [
    {
      action: `${agreementPath(c.name)}/documents`,
      multipart: true,
      heading: "Add a document",
      fields: [
        f.file(
          DOCUMENT_FIELD,
          "Document",
          `For example the terms of reference or a council's report: ${ACCEPTED_TYPES}, smaller than ${Math.round(maxBytes / 1048576)} MB`,
        ),
      ],
      submit: "Add the document",
    },
  ];
}
