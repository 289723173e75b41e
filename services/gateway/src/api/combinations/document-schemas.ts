/**
 * REST schemas for a combination proposal's documents (its terms of reference, a council's report):
 * the document as the directory's CombinationsService records it, the upload's file name and a
 * document's address. The file checks (type by content, size) are the service's: 422 naming
 * `metadata.filename` or `chunk`.
 */
import { z } from "zod";
import { pathId, Timestamp } from "../common-schemas";
import { filename, integerParam } from "../fields";

export const CombinationDocument = z
  .object({
    name: z.string().openapi({ example: "combinations/c-mfx2k9a1-3f9c2a7b/documents/1" }),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.string().openapi({ description: "int64 as a string" }),
    sha256: z.string().openapi({ description: "SHA-256 of the bytes, hex" }),
    uploadedBy: z.string(),
    uploadedByDisplayName: z.string(),
    uploadTime: Timestamp,
  })
  .openapi("CombinationDocument", { description: "A document of a combination proposal" });

export const documents = {
  ids: { document: z.object({ id: pathId, n: integerParam(1, 999) }) },
  queries: { upload: z.object({ filename: filename() }) },
};
