// Generates TypeScript types for every proto under protos/csp with the same loader options the
// kit uses at run time (shared/src/grpc/protos.ts), so types and runtime objects agree.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "..");
const protoRoot = path.join(root, "protos");
const outDir = path.join(root, "shared", "src", "generated");

function protos(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? protos(path.join(dir, e.name)) : e.name.endsWith(".proto") ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

const files = protos(path.join(protoRoot, "csp")).map((f) => path.relative(protoRoot, f));
// The generator of the same proto-loader version the kit loads at run time (other packages pull older ones).
const generator = createRequire(path.join(root, "shared", "package.json")).resolve(
  "@grpc/proto-loader/build/bin/proto-loader-gen-types.js",
);
// The kit's types, and the same for the client package partner systems use (clients/typescript).
const clientDir = path.join(root, "clients", "typescript");
for (const dir of [outDir, path.join(clientDir, "src", "generated")]) {
  rmSync(dir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    // Files first: --includeDirs is an array option and would swallow them.
    [
      generator,
      ...files,
      "--longs=String",
      "--enums=String",
      "--defaults",
      "--oneofs",
      "--includeComments",
      "--grpcLib=@grpc/grpc-js",
      `--outDir=${dir}`,
      `--includeDirs=${protoRoot}`,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

// The compiled descriptor set, with each file's real name and imports (the well-known types
// included): the services' server reflection serves it, so grpcurl and `buf curl` can resolve every
// type. proto-loader's own descriptors name files after packages and list no imports.
execFileSync(
  path.join(root, "node_modules", ".bin", process.platform === "win32" ? "buf.cmd" : "buf"),
  ["build", protoRoot, "-o", path.join(outDir, "descriptors.binpb")],
  { stdio: ["ignore", "ignore", "inherit"] },
);

// The client package loads the same .proto files at run time (they ship in the package): a
// descriptor set would not do, as proto-loader keeps its snake_case names whatever keepCase says.
rmSync(path.join(clientDir, "protos"), { recursive: true, force: true });
cpSync(protoRoot, path.join(clientDir, "protos"), { recursive: true, filter: (f) => !f.endsWith(".yaml") });
