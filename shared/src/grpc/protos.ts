import { existsSync, readFileSync } from "node:fs";
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

/**
 * Each file parsed once per process: a process that runs several services or clients (the test
 * suites run a whole mesh in one) would otherwise parse the same protos for each of them. A file's
 * definition holds its imports' types too, so definitions of several files merge by name. What is
 * returned is only read (clients and servers are built from it), so sharing it is safe.
 */
const parsed = new Map<string, PackageDefinition>();
const loaded = new Map<string, LoadedProtos>();

export function loadProtos(files: string[]): LoadedProtos {
  const key = files.join("\n");
  let protos = loaded.get(key);
  if (!protos) {
    const definition: PackageDefinition = {};
    for (const file of files) {
      let one = parsed.get(file);
      if (!one) {
        one = loadSync(file, LOADER_OPTIONS);
        parsed.set(file, one);
      }
      Object.assign(definition, one);
    }
    protos = { definition, grpc: loadPackageDefinition(definition) };
    loaded.set(key, protos);
  }
  return protos;
}

/** Looks up a service constructor by its full name, e.g. "csp.directory.v1.DirectoryService". */
export function serviceConstructor(protos: LoadedProtos, fullName: string): ServiceClientConstructor {
  let node: unknown = protos.grpc;
  for (const part of fullName.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "function" || !("service" in node)) throw new Error(`no gRPC service ${fullName}`);
  return node as ServiceClientConstructor;
}

/** Written by `npm run proto:gen` (buf build): every proto file with its real name and imports. */
export const DESCRIPTOR_SET = path.resolve(__dirname, "..", "..", "src", "generated", "descriptors.binpb");

/**
 * What server reflection serves: every file of the compiled descriptor set, byte for byte, so that
 * clients such as grpcurl and `buf curl` find each file by its real name and resolve its imports
 * (the well-known types and the health protocol included). proto-loader's own descriptors name files
 * after packages and drop imports, which is why those clients failed. Undefined if the set was not
 * generated.
 */
export function reflectionDefinition(): PackageDefinition | undefined {
  if (!existsSync(DESCRIPTOR_SET)) return undefined;
  // @grpc/reflection reads only `fileDescriptorProtos` from the definition's entries.
  return {
    "csp.reflection.files": { format: "", fileDescriptorProtos: fileDescriptorProtos(readFileSync(DESCRIPTOR_SET)) },
  } as unknown as PackageDefinition;
}

/** The FileDescriptorProto messages of a FileDescriptorSet (`repeated FileDescriptorProto file = 1`). */
export function fileDescriptorProtos(set: Buffer): Buffer[] {
  const files: Buffer[] = [];
  let i = 0;
  const varint = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = set[i++] as number;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  while (i < set.length) {
    const tag = varint();
    if (tag !== 0x0a) throw new Error(`unexpected field (tag ${tag}) in a FileDescriptorSet`);
    const len = varint();
    files.push(set.subarray(i, i + len));
    i += len;
  }
  return files;
}
