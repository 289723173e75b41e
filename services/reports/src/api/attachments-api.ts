/** Attachments: an addressee uploads a file for its answers (client stream); a reader downloads one (server stream). */
import { type AnyMethodSpec, method, uploadParts } from "@csp-mesh/kit";
import { attachmentToProto } from "./mapping";
import { forAction, type ReportsDeps } from "./request-commands";
import { downloadSchema, uploadMessageSchema } from "./schemas";

export function attachmentsMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { attachments } = deps;

  return {
    UploadAttachment: method({
      request: uploadMessageSchema,
      clientStream: async (messages, { caller }) => {
        const { metadata: meta, chunks } = await uploadParts(messages, (m) =>
          m.part === "metadata" ? { metadata: m.metadata } : { chunk: m.chunk },
        );
        const doc = await forAction(deps, caller, meta.parent, "submit");
        const a = await attachments.upload(
          {
            reportRequest: doc._id,
            partner: caller.partner,
            filename: meta.filename,
            classification: doc.classification,
            uploadedBy: caller.subject,
          },
          chunks,
        );
        return attachmentToProto(a);
      },
    }),

    DownloadAttachment: method({
      request: downloadSchema,
      serverStream: async (req, send, { caller }) => {
        const a = await attachments.get(caller, req.name);
        await send({ metadata: attachmentToProto(a) });
        for await (const chunk of attachments.open(a)) await send({ chunk });
      },
    }),
  };
}
