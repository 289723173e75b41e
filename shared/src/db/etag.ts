import { randomBytes } from "node:crypto";

/** A fresh opaque etag for a resource version (AIP-154). */
export const newEtag = () => randomBytes(5).toString("hex");
