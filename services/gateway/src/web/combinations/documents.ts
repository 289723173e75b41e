/**
 * A proposal's documents on the web (table and form in document-views.ts): the upload from the
 * agreement's page (the OPCC, or a chair of one of the areas, while the proposal is open), streamed
 * to the directory's checks; the file's problem (none chosen, too big, a type it refuses) or a refusal
 * (decided, not theirs) shown on the page at the file input; and each document's download.
 */
import { isGrpcServiceError, isInvalidArgument } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Router } from "express";
import { sendDownload, uploadStream } from "../../http/streams";
import { multipartFile } from "../../http/uploads";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { agreementShow } from "./agreement";
import { ACCEPTED_TYPES, DOCUMENT_FIELD, DOCUMENT_FIELDS } from "./document-views";
import { agreementPath, COMBINATION_ID, combinationName, humanised, mayPropose } from "./views";

/** A document's number in its address (combinations/<id>/documents/<n>). */
const DOCUMENT_NUMBER = /^[1-9][0-9]{0,2}$/;

export function registerAgreementDocumentPages(r: Router, a: WebArea): void {
  const { d, page, notFound, uploadMaxBytes } = a;
  const show = agreementShow(a);
  const tooBig = `The file must be smaller than ${Math.round(uploadMaxBytes / 1048576)} MB`;

  r.post(
    "/combinations/:id/documents",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      // Who may never add one is not shown the form: page not found, as for the other steps.
      if (!COMBINATION_ID.test(id) || !mayPropose(s)) {
        req.resume();
        return notFound(req, res);
      }
      const name = combinationName(id);
      const form = new FormErrors(DOCUMENT_FIELDS);
      const again = () => show(req, res, s, { values: {}, form, keep: "documents" });
      if (Number(req.headers["content-length"] ?? 0) > uploadMaxBytes + 256 * 1024) {
        req.resume();
        form.add(DOCUMENT_FIELD, tooBig);
        return again();
      }
      const file = await multipartFile(req, uploadMaxBytes);
      if (!file.filename) {
        req.resume();
        form.add(DOCUMENT_FIELD, "Select a file to add");
        return again();
      }
      try {
        await uploadStream(
          d.combinations.UploadCombinationDocument,
          { parent: name, filename: file.filename },
          file.chunks,
          s.token,
        );
      } catch (err) {
        req.resume();
        if (isInvalidArgument(err))
          form.add(
            DOCUMENT_FIELD,
            err.details.includes(" MB")
              ? tooBig
              : /\bempty\b/.test(err.details)
                ? "The selected file is empty"
                : `The file must be a ${ACCEPTED_TYPES}: ${err.details}`,
          );
        else if (isGrpcServiceError(err) && [status.FAILED_PRECONDITION, status.PERMISSION_DENIED].includes(err.code))
          form.add(
            DOCUMENT_FIELD,
            humanised(err.details, (p) => a.nameOf(res, p)),
          );
        else throw err;
        return again();
      }
      res.redirect(303, `${agreementPath(name)}?done=documents`);
    }),
  );

  r.get(
    "/combinations/:id/documents/:n",
    page(async (req, res, s) => {
      const [id, n] = [String(req.params.id), String(req.params.n)];
      if (!COMBINATION_ID.test(id) || !DOCUMENT_NUMBER.test(n)) return notFound(req, res);
      await sendDownload(
        d.combinations.DownloadCombinationDocument,
        { name: `${combinationName(id)}/documents/${n}` },
        s.token,
        res,
      );
    }),
  );
}
