export { type CallOptions, MeshClient, type MeshClientOptions, type ServiceKey, type Unary } from "./client";
export { type FieldViolation, fieldViolationsOf, MeshError } from "./errors";
export { cachedToken, fixedToken, type IssuedToken, type TokenSource } from "./tokens";
