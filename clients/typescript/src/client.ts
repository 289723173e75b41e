/**
 * One client for every csp-mesh gRPC service a partner system uses, typed from the protos:
 * `mesh.reports.ListReportRequests({...})` returns a Promise of the response. Every call carries a
 * bearer token and a deadline; reads, and writes that carry a `request_id` (one is generated when the
 * caller gives none), are retried on UNAVAILABLE with backoff and jitter, so a retried write is applied
 * once; failures reject with a MeshError naming the fields that were wrong.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { loadSync, type Options } from "@grpc/proto-loader";
import { MeshError } from "./errors";
import type { AssessmentsServiceClient } from "./generated/csp/assessments/v1/AssessmentsService";
import type { DirectoryServiceClient } from "./generated/csp/directory/v1/DirectoryService";
import type { IdentityServiceClient } from "./generated/csp/directory/v1/IdentityService";
import type { MeetingsServiceClient } from "./generated/csp/meetings/v1/MeetingsService";
import type { Attachment__Output } from "./generated/csp/reports/v1/Attachment";
import type { ReportsServiceClient } from "./generated/csp/reports/v1/ReportsService";
import { cachedToken, fixedToken, type TokenSource } from "./tokens";

/** The same loader options as the mesh's services, so messages have the documented shapes. */
const PROTOS = path.resolve(__dirname, "..", "protos");
const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTOS],
};
const FILES = ["directory", "reports", "meetings", "assessments"].map((p) => `csp/${p}/v1/${p}.proto`);

const SERVICES = {
  identity: { name: "csp.directory.v1.IdentityService", port: 50051 },
  directory: { name: "csp.directory.v1.DirectoryService", port: 50051 },
  reports: { name: "csp.reports.v1.ReportsService", port: 50053 },
  meetings: { name: "csp.meetings.v1.MeetingsService", port: 50055 },
  assessments: { name: "csp.assessments.v1.AssessmentsService", port: 50057 },
} as const;
export type ServiceKey = keyof typeof SERVICES;

export interface CallOptions {
  /** Milliseconds before the call is abandoned (DEADLINE_EXCEEDED). */
  deadlineMs?: number;
}

/** The unary methods of a generated client type, as Promise-returning functions. */
export type Unary<C> = {
  [K in keyof C as K extends string ? (K extends Capitalize<K> ? K : never) : never]: C[K] extends (
    argument: infer Req,
    callback: grpc.requestCallback<infer Res>,
  ) => grpc.ClientUnaryCall
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
};

export interface MeshClientOptions {
  /** Host of every service (default 127.0.0.1); ports are the mesh's defaults unless `endpoints` says. */
  host?: string;
  /** host:port per service, e.g. `{ reports: "reports.mesh.example:443" }`. */
  endpoints?: Partial<Record<ServiceKey, string>>;
  /** A partner system's credentials: tokens are fetched, cached and renewed for you. */
  credentials?: { clientId: string; clientSecret: string };
  /** Or any other source of a bearer token (a person's, from your sign-in). */
  token?: () => string | Promise<string>;
  /** Deadline of each call (default 10 s). */
  deadlineMs?: number;
  /** Attempts for a retryable call (default 4). */
  attempts?: number;
  /** Transport security; default plaintext, for a mesh on your own machine. */
  channelCredentials?: grpc.ChannelCredentials;
}

const READ = /^(Get|List|Export|Download)/;
const RETRYABLE = new Set([grpc.status.UNAVAILABLE]);
const CHUNK = 64 * 1024;

export class MeshClient {
  readonly identity: Unary<IdentityServiceClient>;
  readonly directory: Unary<DirectoryServiceClient>;
  readonly reports: Unary<ReportsServiceClient>;
  readonly meetings: Unary<MeetingsServiceClient>;
  readonly assessments: Unary<AssessmentsServiceClient>;
  private readonly clients = new Map<ServiceKey, grpc.Client>();
  private readonly tokens: TokenSource | undefined;
  private readonly definition = loadSync(FILES, LOADER_OPTIONS);

  constructor(private readonly opts: MeshClientOptions = {}) {
    const grpcObject = grpc.loadPackageDefinition(this.definition);
    for (const [key, svc] of Object.entries(SERVICES) as [ServiceKey, (typeof SERVICES)[ServiceKey]][]) {
      const ctor = svc.name
        .split(".")
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], grpcObject);
      const address = opts.endpoints?.[key] ?? `${opts.host ?? "127.0.0.1"}:${svc.port}`;
      this.clients.set(
        key,
        new (ctor as grpc.ServiceClientConstructor)(
          address,
          opts.channelCredentials ?? grpc.credentials.createInsecure(),
        ),
      );
    }
    const credentials = opts.credentials;
    this.tokens = credentials
      ? cachedToken(() => this.identity.ExchangeClientCredentials(credentials))
      : opts.token
        ? fixedToken(opts.token)
        : undefined;
    this.identity = this.facade("identity");
    this.directory = this.facade("directory");
    this.reports = this.facade("reports");
    this.meetings = this.facade("meetings");
    this.assessments = this.facade("assessments");
  }

  /**
   * Who the mesh takes this client to be: the claims of the current token (`sub` such as
   * systems/<id>, `partner`, `roles`). Read for information only; the services verify the token.
   */
  async identityClaims(): Promise<{ sub: string; partner: string; roles: string[] }> {
    const token = await this.tokens?.token();
    const payload = token?.split(".")[1];
    if (!payload) throw new Error("no token: give credentials or a token source");
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.clients.values()) c.close();
  }

  /** Uploads a file as an attachment of a report request (client streaming, in 64 KiB chunks). */
  async uploadAttachment(
    parent: string,
    filename: string,
    data: Buffer,
    options?: CallOptions,
  ): Promise<Attachment__Output> {
    const method = "csp.reports.v1.ReportsService/UploadAttachment";
    const client = this.clients.get("reports") as unknown as Record<string, Function>;
    const metadata = await this.metadata();
    return new Promise((resolve, reject) => {
      const call = client.UploadAttachment?.call(
        client,
        metadata,
        { deadline: this.deadline(options) },
        (err: grpc.ServiceError | null, value: Attachment__Output) =>
          err ? reject(MeshError.from(err, method)) : resolve(value),
      ) as grpc.ClientWritableStream<unknown>;
      call.write({ metadata: { parent, filename } });
      for (let i = 0; i < data.length; i += CHUNK) call.write({ chunk: data.subarray(i, i + CHUNK) });
      call.end();
    });
  }

  /** Downloads an attachment: its metadata and its bytes. */
  async downloadAttachment(
    name: string,
    options?: CallOptions,
  ): Promise<{ attachment: Attachment__Output; data: Buffer }> {
    const method = "csp.reports.v1.ReportsService/DownloadAttachment";
    const client = this.clients.get("reports") as unknown as Record<string, Function>;
    const call = client.DownloadAttachment?.call(client, { name }, await this.metadata(), {
      deadline: this.deadline(options),
    }) as grpc.ClientReadableStream<{ metadata?: Attachment__Output; chunk?: Buffer }>;
    let attachment: Attachment__Output | undefined;
    const chunks: Buffer[] = [];
    try {
      for await (const part of call) {
        if (part.metadata) attachment = part.metadata;
        if (part.chunk) chunks.push(part.chunk);
      }
    } catch (err) {
      throw MeshError.from(err, method);
    }
    if (!attachment) throw new MeshError(grpc.status.INTERNAL, "no metadata in the download", [], method);
    return { attachment, data: Buffer.concat(chunks) };
  }

  private facade<C>(key: ServiceKey): Unary<C> {
    const service = this.definition[SERVICES[key].name] as Record<
      string,
      { requestStream: boolean; responseStream: boolean; requestType: { type: { field: { name: string }[] } } }
    >;
    const out: Record<string, unknown> = {};
    for (const [method, def] of Object.entries(service)) {
      if (def.requestStream || def.responseStream) continue;
      const hasRequestId = def.requestType.type.field.some((f) => f.name === "request_id");
      out[method] = (request: Record<string, unknown>, options?: CallOptions) =>
        this.unary(key, method, request, hasRequestId, options);
    }
    return out as Unary<C>;
  }

  private async unary(
    key: ServiceKey,
    method: string,
    request: Record<string, unknown>,
    hasRequestId: boolean,
    options?: CallOptions,
  ): Promise<unknown> {
    const fullName = `${SERVICES[key].name}/${method}`;
    // The same request_id on every attempt: the service applies the write once and answers retries
    // with the first result.
    const req = hasRequestId && !request.requestId ? { ...request, requestId: randomUUID() } : request;
    const retryable = READ.test(method) || hasRequestId;
    const attempts = retryable ? (this.opts.attempts ?? 4) : 1;
    const client = this.clients.get(key) as unknown as Record<string, Function>;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const metadata = key === "identity" ? new grpc.Metadata() : await this.metadata();
      try {
        return await new Promise((resolve, reject) => {
          client[method]?.call(
            client,
            req,
            metadata,
            { deadline: this.deadline(options) },
            (err: unknown, value: unknown) => (err ? reject(err) : resolve(value)),
          );
        });
      } catch (err) {
        const e = MeshError.from(err, fullName);
        if (e.code === grpc.status.UNAUTHENTICATED && this.opts.credentials && !renewed) {
          renewed = true; // a token refused (e.g. signing keys rotated): exchange once more, then give up
          this.tokens?.invalidate();
          continue;
        }
        if (!RETRYABLE.has(e.code) || attempt >= attempts) throw e;
        const backoff = Math.min(2_000, 100 * 2 ** (attempt - 1));
        await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * (backoff / 2)));
      }
    }
  }

  private async metadata(): Promise<grpc.Metadata> {
    const metadata = new grpc.Metadata();
    const token = await this.tokens?.token();
    if (token) metadata.set("authorization", `Bearer ${token}`);
    return metadata;
  }

  private deadline(options?: CallOptions): Date {
    return new Date(Date.now() + (options?.deadlineMs ?? this.opts.deadlineMs ?? 10_000));
  }
}
