/**
 * The demonstration seed `npm start` runs once every service is SERVING: on an empty mesh (no report
 * requests, asked through ListReportRequests, never the database) it creates, through the services'
 * own gRPC APIs and as the demonstration directory's people, report requests in each state, a held
 * reg 14A meeting with minutes and actions, a convened one with an agenda and papers, and an
 * assessment cycle with contributions and a published edition, and the Police and Crime Plan with
 * this year's grant programmes, and a combination of two partnerships awaiting its parties' consent.
 * So every event, audit record, email
 * and read model is the real thing. `CSP_DEMO=off` turns it off.
 *
 * Two things cannot be made in the past through the APIs, and are made moments ahead instead:
 * - the overdue request: CreateReportRequest refuses a due time that has passed, so it falls due
 *   LEAD_MS after the seed starts and is never answered; the reports service's overdue scan then
 *   marks it as it would any other;
 * - the past meeting: CreateMeeting refuses a start that has passed and RecordAttendance a meeting
 *   not yet started, so it starts LEAD_MS after the seed starts and lasts a minute.
 * Both are made first; everything else is made while their moment comes; then the seed waits for it.
 */
import type { ChannelCredentials } from "@grpc/grpc-js";
import { seedAssessment } from "./assessments";
import { DemoMesh, type MeshAddresses, reportRequestList } from "./client";
import { seedCombination } from "./combinations";
import { attempt, demoContext } from "./context";
import { seedGrants } from "./grants";
import { finishHeldMeeting, prepareHeldMeeting, seedConvenedMeeting, startHeldMeeting } from "./meetings";
import { demoSwitch, demoTimes, LEAD_MS, PEOPLE } from "./plan";
import { confirmOverdue, createOverdueRequest, seedReports } from "./reports";

export interface DemoOptions {
  addresses: MeshAddresses;
  /** How to reach the services (TLS with `npm start -- --tls`); plaintext when absent. */
  channel?: ChannelCredentials;
  /** Where CSP_DEMO is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Load even if the mesh holds report requests (the benchmark copies what it makes). */
  force?: boolean;
}

export type DemoResult = "off" | "not-empty" | "loaded" | "partly-loaded" | "failed";

/** Never throws: whatever happens, the mesh stays up; failures are logged. */
export async function runDemoSeed(o: DemoOptions): Promise<DemoResult> {
  const log = o.log ?? ((line: string) => console.error(`[demo] ${line}`));
  const on = demoSwitch((o.env ?? process.env).CSP_DEMO);
  if (!on.on) {
    log(on.problem ?? "CSP_DEMO=off: no demonstration content");
    return "off";
  }
  let mesh: DemoMesh | undefined;
  try {
    mesh = new DemoMesh(o.addresses, o.channel);
    const existing = await mesh.call("reports", "ListReportRequests", { pageSize: 1 }, PEOPLE.opcc, reportRequestList);
    if (existing.reportRequests.length > 0 && o.force !== true) {
      log("the mesh holds report requests already: no demonstration content added (CSP_DEMO=off silences this)");
      return "not-empty";
    }
    const ctx = demoContext(mesh, demoTimes(new Date()), log);
    log(
      "an empty mesh: loading the demonstration through the services' APIs, as the demonstration people " +
        `(about ${Math.round(LEAD_MS / 1000) + 10} s; CSP_DEMO=off turns this off)`,
    );
    // Moments ahead, first: see the note at the top.
    const overdue = await attempt(ctx, "the overdue request", () => createOverdueRequest(ctx));
    const held = await attempt(ctx, "the held meeting", () => startHeldMeeting(ctx));

    const reports = (await attempt(ctx, "the report requests", () => seedReports(ctx))) ?? {};
    const cycle = await attempt(ctx, "the assessment cycle", () => seedAssessment(ctx));
    await attempt(ctx, "the grants", () => seedGrants(ctx, cycle));
    await attempt(ctx, "the combination proposal", () => seedCombination(ctx));
    await attempt(ctx, "the convened meeting", () =>
      seedConvenedMeeting(ctx, {
        ...(reports.formal ? { thanetRequest: reports.formal } : {}),
        ...(cycle ? { cycle } : {}),
      }),
    );
    if (held) {
      await attempt(ctx, "the held meeting's agenda", () => prepareHeldMeeting(ctx, held, reports.published));
      await attempt(ctx, "the held meeting's record", () => finishHeldMeeting(ctx, held));
    }
    if (overdue) await attempt(ctx, "the overdue check", () => confirmOverdue(ctx, overdue));
    const see = "sign in as Priya Shah (OPCC), Morgan Clarke (Maidstone CSP) or Cllr Jo Baker (panel) to see it";
    if (ctx.failures.length === 0) {
      log(`done: ${see}`);
      return "loaded";
    }
    log(`done, except ${ctx.failures.join("; ")} (see above): ${see}`);
    return "partly-loaded";
  } catch (err) {
    log(`not loaded: ${(err as Error).message}`);
    return "failed";
  } finally {
    mesh?.close();
  }
}
