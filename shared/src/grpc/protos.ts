import path from "node:path";
import type { GrpcObject, ServiceClientConstructor } from "@grpc/grpc-js";
import { loadPackageDefinition } from "@grpc/grpc-js";
import { loadSync, type Options, type PackageDefinition } from "@grpc/proto-loader";

/** protos/ at the repository root, from src/ and dist/ alike. */
export const PROTO_ROOT = path.resolve(__dirname, "..", "..", "..", "protos");

/** Must match the flags in scripts/gen-proto-types.mjs so generated types describe runtime objects. */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

export interface LoadedProtos {
  definition: PackageDefinition;
  grpc: GrpcObject;
}

export function loadProtos(files: string[]): LoadedProtos {
  const definition = loadSync(files, LOADER_OPTIONS);
  return { definition, grpc: loadPackageDefinition(definition) };
}

/** Looks up a service constructor by its full name, e.g. "csp.directory.v1.DirectoryService". */
export function serviceConstructor(protos: LoadedProtos, fullName: string): ServiceClientConstructor {
  let node: unknown = protos.grpc;
  for (const part of fullName.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "function" || !("service" in node)) throw new Error(`no gRPC service ${fullName}`);
  return node as ServiceClientConstructor;
}
