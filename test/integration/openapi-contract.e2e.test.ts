/**
 * The OpenAPI document is the contract the gateway enforces, checked by a client nobody here wrote:
 * Schemathesis generates valid, boundary and invalid requests for every operation from the document
 * alone (`--checks all`: no 5xx, schema-valid requests accepted, schema-violating ones refused,
 * responses as documented, problem details, 405 with Allow). Settings: schemathesis.toml at the root.
 * Sized for CI (examples per phase below; ST_MAX_EXAMPLES overrides both); run it by hand with more
 * against `npm start`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunningService } from "@csp-mesh/kit";
import { cachePaths } from "../../deploy/local/src/paths";
import { provisionSchemathesis } from "../../deploy/local/src/provision";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { GrantsConfig } from "../../services/grants/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import {
  clients,
  dropDatabase,
  isolation,
  signIn,
  startBesideDirectory,
  startDirectory,
  startGateway,
} from "../support/mesh";

const ROOT = path.resolve(__dirname, "../..");
const REPORTS = path.join(ROOT, "test", "artifacts", "schemathesis");
// Generated traffic would trip the per-caller limits, which are tested elsewhere.
const UNLIMITED = { RATE_LIMIT_PER_MINUTE: "1000000" };

/** Runs st without blocking the event loop: the services under test live in this process. */
function schemathesis(st: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

describe("OpenAPI contract (Schemathesis)", () => {
  const iso = isolation("contract");
  let st = "";
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let notifier: RunningService<NotifierConfig>;
  let grants: RunningService<GrantsConfig>;

  beforeAll(async () => {
    st = provisionSchemathesis(cachePaths(), (m) => console.log(m));
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, UNLIMITED);
    ({ reports, meetings, assessments, notifier, grants } = await startBesideDirectory(
      iso,
      directory,
      ["reports", "meetings", "assessments", "notifier", "grants"],
      UNLIMITED,
    ));
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      ...UNLIMITED,
      NOTIFIER_ADDRESS: `127.0.0.1:${notifier.grpcPort}`,
      GRANTS_ADDRESS: `127.0.0.1:${grants.grpcPort}`,
      HTTP_RATE_LIMIT_PER_MINUTE: "1000000",
    });
  }, 600_000);

  afterAll(async () => {
    await gateway?.stop();
    for (const svc of [grants, notifier, assessments, meetings, reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
    await dropDatabase(gateway);
  });

  // The OPCC reaches every operation's success paths; an officer's run is mostly refusals (403, 404),
  // which one example per operation covers (fuzzing costs about 0.2 s per operation per example).
  // The gateway checks a request against its schema before any service looks at who asks, so
  // schema-violating requests get the same answer whoever sends them: the officer's run leaves them
  // (the coverage phase's ~7,000 boundary values and the negative mode) to the OPCC's.
  test.each([
    ["the OPCC", "people/opcc-admin-1", 6, "examples,coverage,fuzzing,stateful", "all"],
    ["a CSP officer", "people/maidstone-officer", 1, "examples,fuzzing,stateful", "positive"],
  ])(
    "every operation, as %s: no failure of any check",
    async (_who, person, examples, phases, mode) => {
      const token = await signIn(clients(directory.grpcPort).identity, person);
      const { code, output } = await schemathesis(st, [
        "run",
        `http://127.0.0.1:${gateway.httpPort}/openapi.json`,
        "--header",
        `Authorization: Bearer ${token}`,
        "--checks",
        "all",
        "--max-examples",
        process.env.ST_MAX_EXAMPLES ?? String(examples),
        "--phases",
        phases,
        "--mode",
        mode,
        // No example database: a run does not replay cases earlier runs saved (so every run costs
        // the same) nor grow `.hypothesis/`; a failure prints the seed that reproduces it.
        "--generation-database",
        "none",
        "--no-color",
      ]);
      // Each run's report (cases per phase, time taken) is kept for reading; the whole of it in the
      // failure when anything failed: the failing cases, how to reproduce them and the seed.
      mkdirSync(REPORTS, { recursive: true });
      writeFileSync(path.join(REPORTS, `${person.replace(/\W+/g, "-")}.txt`), output);
      if (code !== 0) throw new Error(`Schemathesis exited ${code}:\n${output.slice(-20_000)}`);
      expect(output).toMatch(/\d+ generated, \d+ passed/);
      expect(output).not.toMatch(/ST\d{3} /);
    },
    900_000,
  );
});
