/**
 * The demonstration's only way into the mesh: the services' own gRPC APIs, called as a named
 * demonstration person with the token the directory's development sign-in issues (as the tests'
 * devToken does). Responses are checked with zod for the few fields the seed reads.
 */
import {
  bearer,
  clientStream,
  createClient,
  fieldViolationsOf,
  loadProtos,
  serviceConstructor,
  unary,
} from "@csp-mesh/kit";
import type { ChannelCredentials, Client, ServiceError } from "@grpc/grpc-js";
import { z } from "zod";

const SERVICES = {
  identity: "csp.directory.v1.IdentityService",
  combinations: "csp.directory.v1.CombinationsService",
  reports: "csp.reports.v1.ReportsService",
  meetings: "csp.meetings.v1.MeetingsService",
  assessments: "csp.assessments.v1.AssessmentsService",
  plans: "csp.grants.v1.PlansService",
  grants: "csp.grants.v1.GrantsService",
} as const;
export type Service = keyof typeof SERVICES;

/** host:port of each service's gRPC server. */
export interface MeshAddresses {
  directory: string;
  reports: string;
  meetings: string;
  assessments: string;
  grants: string;
}

/** Reads only: retried on UNAVAILABLE by gRPC's own policy; writes are never sent twice. */
const READS = [
  "GetReportRequest",
  "ListReportRequests",
  "ListPublishedReports",
  "GetMeeting",
  "ListPapers",
  "GetCompilation",
  "ListEditions",
];
const CHUNK = 64 * 1024;

const signedIn = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.number(),
  person: z.object({ displayName: z.string(), partner: z.string() }).nullable(),
});

/** A failed call, named by service and method, with the field violations the service gave. */
export class DemoCallError extends Error {
  constructor(what: string, err: unknown) {
    const e = err as Partial<ServiceError>;
    const fields = e.metadata ? fieldViolationsOf(e as ServiceError) : [];
    const detail = fields.map((v) => `${v.field}: ${v.description}`).join("; ");
    super(`${what} failed: ${e.details ?? e.message ?? String(err)}${detail ? ` (${detail})` : ""}`);
  }
}

export class DemoMesh {
  private readonly clients: Record<Service, Client>;
  private readonly tokens = new Map<string, { token: string; until: number; name: string }>();

  constructor(addresses: MeshAddresses, channel?: ChannelCredentials) {
    const protos = loadProtos([
      "csp/directory/v1/directory.proto",
      "csp/directory/v1/combinations.proto",
      "csp/reports/v1/reports.proto",
      "csp/meetings/v1/meetings.proto",
      "csp/assessments/v1/assessments.proto",
      "csp/grants/v1/grants.proto",
    ]);
    const make = (s: Service, address: string) =>
      createClient<Client>(serviceConstructor(protos, SERVICES[s]), address, {
        defaultDeadlineMs: 30_000,
        idempotentMethods: READS,
        maxMessageBytes: 8 * 1024 * 1024,
        ...(channel ? { channelCredentials: channel } : {}),
      });
    this.clients = {
      identity: make("identity", addresses.directory),
      combinations: make("combinations", addresses.directory),
      reports: make("reports", addresses.reports),
      meetings: make("meetings", addresses.meetings),
      assessments: make("assessments", addresses.assessments),
      plans: make("plans", addresses.grants),
      grants: make("grants", addresses.grants),
    };
  }

  /** The person's bearer token (development sign-in), reused until a minute before it expires. */
  private async signIn(person: string): Promise<{ token: string; name: string }> {
    const held = this.tokens.get(person);
    if (held && held.until > Date.now()) return held;
    const r = signedIn.parse(
      await unary(this.clients.identity, "DevSignIn", { person }).catch((err: unknown) => {
        throw new DemoCallError(`signing in as ${person}`, err);
      }),
    );
    const entry = {
      token: r.accessToken,
      until: Date.now() + Math.max(0, r.expiresIn - 60) * 1000,
      name: (r.person?.displayName ?? person).replace(/ \(demo\)$/, ""),
    };
    this.tokens.set(person, entry);
    return entry;
  }

  /** The person's display name as the directory gives it (without the "(demo)" mark), for log lines. */
  async nameOf(person: string): Promise<string> {
    return (await this.signIn(person)).name;
  }

  /** A unary call as `person`; the response checked against `schema`. */
  async call<S extends z.ZodType>(
    service: Service,
    method: string,
    request: object,
    person: string,
    schema: S,
  ): Promise<z.output<S>> {
    const { token } = await this.signIn(person);
    const res = await unary(this.clients[service], method, request, bearer(token)).catch((err: unknown) => {
      throw new DemoCallError(`${service}.${method} as ${person}`, err);
    });
    return schema.parse(res);
  }

  /** A client-streamed upload as `person`: the metadata message, then the bytes in 64 KiB chunks. */
  async upload<S extends z.ZodType>(
    service: "reports" | "meetings",
    method: "UploadAttachment" | "UploadPaper",
    metadata: object,
    bytes: Buffer,
    person: string,
    schema: S,
  ): Promise<z.output<S>> {
    const { token } = await this.signIn(person);
    const messages: object[] = [{ metadata }];
    for (let i = 0; i < bytes.length; i += CHUNK) messages.push({ chunk: bytes.subarray(i, i + CHUNK) });
    const res = await clientStream(this.clients[service], method, messages, bearer(token), {
      deadline: Date.now() + 60_000,
    }).catch((err: unknown) => {
      throw new DemoCallError(`${service}.${method} as ${person}`, err);
    });
    return schema.parse(res);
  }

  close(): void {
    for (const c of Object.values(this.clients)) c.close();
  }
}

// The parts of responses the seed reads (proto-loader objects: camelCase, enums as names).
export const named = z.object({ name: z.string().min(1) });
export const reportRequest = named.extend({
  addressees: z.array(
    z.object({ partner: z.string(), state: z.string(), overdue: z.boolean(), latestVersion: z.number() }),
  ),
});
export const reportRequestList = z.object({ reportRequests: z.array(named) });
export const submission = named.extend({ version: z.number(), published: z.boolean() });
export const submissionList = z.object({ submissions: z.array(named) });
export const meeting = named.extend({
  state: z.string(),
  agenda: z.object({ items: z.array(z.object({ id: z.string(), title: z.string() })), version: z.number() }).nullable(),
  invitations: z.array(z.object({ partner: z.string(), state: z.string(), nonCompliance: z.boolean() })),
});
export const paper = named.extend({ agendaItem: z.string(), releasedToPanel: z.boolean() });
export const action = named.extend({ status: z.string() });
export const contribution = named.extend({ state: z.string(), versions: z.array(z.object({ version: z.number() })) });
export const compilation = z.object({
  sha256: z.string(),
  inputs: z.array(z.object({ partner: z.string(), state: z.string() })),
  priorities: z.array(z.object({ key: z.string(), position: z.number() })),
});
export const edition = named.extend({ number: z.number(), sha256: z.string() });
export const editionList = z.object({ editions: z.array(named) });
