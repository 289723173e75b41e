/**
 * A proposal's documents (terms of reference, a council's report): uploaded while the proposal is
 * open by those who may propose it (the OPCC, or a chair of one of its partnerships), read by anyone
 * who may read the agreement. The bytes pass the kit's file checks (type by content, size) into
 * GridFS; the document is then recorded on the agreement with its event, or the bytes are removed.
 */
import {
  type AggregateStore,
  type AnyMethodSpec,
  AppError,
  enforce,
  type FileStore,
  isOpcc,
  method,
  newEvent,
  resourceName,
  uploadFilename,
  uploadMessage,
  uploadParts,
} from "@csp-mesh/kit";
import { z } from "zod";
import { COMBINATION, CombinationDocumentAdded } from "../contract";
import { SOURCE } from "../source";
import type { CombinationDoc, CombinationDocumentDoc } from "../store/combinations";
import { combinationSnapshot, documentToProto } from "./combination-mapping";

const MAX_DOCUMENTS = 20;
const documentName = z
  .string()
  .regex(/^combinations\/[a-z0-9-]+\/documents\/\d{1,3}$/, "combinations/<id>/documents/<n>");

const uploadSchema = uploadMessage(z.object({ parent: resourceName("combinations"), filename: uploadFilename }));

export function combinationDocumentsMethods(deps: {
  combinations: AggregateStore<CombinationDoc>;
  files: FileStore;
}): Record<string, AnyMethodSpec> {
  const { combinations, files } = deps;
  return {
    UploadCombinationDocument: method({
      request: uploadSchema,
      clientStream: async (messages, { caller }) => {
        const { metadata: meta, chunks } = await uploadParts(messages, (m) =>
          m.part === "metadata" ? { metadata: m.metadata } : { chunk: m.chunk },
        );
        const doc = await combinations.get(caller, meta.parent);
        // As for proposing: the OPCC, or a chair of one of the partnerships combined.
        enforce(caller, "create", COMBINATION, { owner: caller.partner, classification: "OFFICIAL" }, meta.parent);
        if (!isOpcc(caller) && !doc.terms.areas.includes(caller.partner))
          throw new AppError("PERMISSION_DENIED", "a chair adds documents to a proposal including its partnership");
        if (doc.state !== "PROPOSED")
          throw new AppError("FAILED_PRECONDITION", "documents are added while the proposal is open");
        if ((doc.documents ?? []).length >= MAX_DOCUMENTS)
          throw new AppError("FAILED_PRECONDITION", `a proposal holds at most ${MAX_DOCUMENTS} documents`);
        const file = await files.put(meta.filename, chunks);
        let added: CombinationDocumentDoc | undefined;
        try {
          await combinations.mutate(doc, undefined, (d) => {
            if (d.state !== "PROPOSED") throw new AppError("FAILED_PRECONDITION", "the proposal has been decided");
            const list = d.documents ?? [];
            added = {
              name: `${d._id}/documents/${list.length + 1}`,
              fileId: file.gridId,
              filename: file.filename,
              contentType: file.contentType,
              sizeBytes: file.sizeBytes,
              sha256: file.sha256,
              by: caller.subject,
              byName: caller.displayName ?? caller.subject,
              time: new Date(),
            };
            const next = { ...d, documents: [...list, added] };
            return {
              set: { documents: next.documents },
              events: [newEvent(CombinationDocumentAdded, SOURCE, d._id, combinationSnapshot(next))],
            };
          });
        } catch (err) {
          await files.delete(file.gridId); // nothing half-written: the bytes go with the record
          throw err;
        }
        return documentToProto(added as CombinationDocumentDoc);
      },
    }),

    DownloadCombinationDocument: method({
      request: z.object({ name: documentName }),
      serverStream: async (req, send, { caller }) => {
        const parent = req.name.replace(/\/documents\/\d+$/, "");
        const doc = await combinations.get(caller, parent);
        const found = (doc.documents ?? []).find((x) => x.name === req.name);
        if (!found) throw new AppError("NOT_FOUND", `document ${req.name} not found`);
        await send({ metadata: documentToProto(found) });
        for await (const chunk of files.open(found.fileId)) await send({ chunk });
      },
    }),
  };
}
