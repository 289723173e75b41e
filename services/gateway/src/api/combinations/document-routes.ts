/**
 * REST routes for a combination proposal's documents (the directory's CombinationsService behind
 * them): uploaded as the raw request body while the proposal is open (the OPCC, or a CSP chair of one
 * of the areas), downloaded by anyone who may read the agreement.
 */
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import { sendDownload, uploadStream } from "../../http/streams";
import { bodyChunks } from "../../http/uploads";
import type { RestRoute } from "../route";
import { CombinationDocument, documents as D } from "./document-schemas";
import { combinations as C } from "./schemas";

const TAG = "Combinations";
const combinationName = (id: string) => `combinations/${id}`;

export function combinationDocumentRoutes(d: Downstream, uploadMaxBytes: number): RestRoute[] {
  return [
    {
      method: "post",
      path: "/v1/combinations/{id}/documents",
      summary: `Add a document to a proposal while it is open (PDF, CSV, XLSX, DOCX, ODT; at most ${Math.round(uploadMaxBytes / 1048576)} MB) as the raw request body (the OPCC, or a CSP chair of one of the areas)`,
      tag: TAG,
      params: C.ids.combination,
      query: D.queries.upload,
      response: CombinationDocument,
      status: 201,
      stream: "upload",
      handler: ({ params, query, token, req }) =>
        uploadStream(
          d.combinations.UploadCombinationDocument,
          {
            parent: combinationName(params.id as string),
            filename: (query as z.infer<typeof D.queries.upload>).filename,
          },
          bodyChunks(req),
          token,
        ),
    },
    {
      method: "get",
      path: "/v1/combinations/{id}/documents/{n}",
      summary: "Download a document of a combination proposal",
      tag: TAG,
      params: D.ids.document,
      stream: "download",
      handler: ({ params, token, res }) =>
        sendDownload(
          d.combinations.DownloadCombinationDocument,
          { name: `${combinationName(params.id as string)}/documents/${params.n}` },
          token,
          res,
        ),
    },
  ];
}
