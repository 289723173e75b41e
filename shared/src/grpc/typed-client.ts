/**
 * Typed calls to a gRPC service, from the types `npm run proto:gen` generates: a request field the
 * proto does not have, or a response field read that it does not give, fails the build instead of
 * the call. Each method is a function of its request and the caller's token.
 */
import type { MethodDefinition } from "@grpc/proto-loader";

/** A unary method: the request in, the response (with proto3 defaults filled in) out. */
export type UnaryCall<M> =
  M extends MethodDefinition<infer Req, infer _Res, infer _ReqOut, infer Res>
    ? (request: Req, token?: string) => Promise<Res>
    : never;
/** A client-streaming method (an upload): the messages in, one response out. */
export type ClientStreamCall<M> =
  M extends MethodDefinition<infer Req, infer _Res, infer _ReqOut, infer Res>
    ? (messages: AsyncIterable<Req>, token: string) => Promise<Res>
    : never;
/** A server-streaming method (a download): one request in, the messages out. */
export type ServerStreamCall<M> =
  M extends MethodDefinition<infer Req, infer _Res, infer _ReqOut, infer Res>
    ? (request: Req, token: string) => AsyncIterable<Res>
    : never;

/**
 * The calls of a generated service definition `D`; the methods named in `Up` stream requests and
 * those in `Down` stream responses (the generated types do not say which, the protos do).
 */
export type TypedService<D, Up extends keyof D = never, Down extends keyof D = never> = {
  // The generated definitions extend grpc-js's, whose index signature would swallow the method names.
  [K in keyof D as string extends K ? never : K extends Up | Down ? never : K]: UnaryCall<D[K]>;
} & { [K in Up]: ClientStreamCall<D[K]> } & { [K in Down]: ServerStreamCall<D[K]> };

export type { AssessmentsServiceDefinition } from "../generated/csp/assessments/v1/AssessmentsService";
export type { AuditServiceDefinition } from "../generated/csp/audit/v1/AuditService";
export type { CombinationsServiceDefinition } from "../generated/csp/directory/v1/CombinationsService";
export type { DirectoryServiceDefinition } from "../generated/csp/directory/v1/DirectoryService";
export type { IdentityServiceDefinition } from "../generated/csp/directory/v1/IdentityService";
export type { GrantsRegisterServiceDefinition } from "../generated/csp/grants/v1/GrantsRegisterService";
export type { GrantsServiceDefinition } from "../generated/csp/grants/v1/GrantsService";
export type { PlansServiceDefinition } from "../generated/csp/grants/v1/PlansService";
export type { MeetingsServiceDefinition } from "../generated/csp/meetings/v1/MeetingsService";
export type { NotificationSettingsServiceDefinition } from "../generated/csp/notifier/v1/NotificationSettingsService";
export type { WebhooksServiceDefinition } from "../generated/csp/notifier/v1/WebhooksService";
export type { ReportsServiceDefinition } from "../generated/csp/reports/v1/ReportsService";
