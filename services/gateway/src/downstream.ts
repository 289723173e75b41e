/**
 * The gRPC services behind the gateway, each a typed client built from the generated proto types
 * (kit `TypedService`): `d.reports.ListReportRequests(request, token)`. A field the proto does not
 * have fails the build. Calls carry the caller's own token and a deadline.
 */
import {
  AppError,
  type AssessmentsServiceDefinition,
  bearer,
  type CombinationsServiceDefinition,
  clientStream,
  createClient,
  type DirectoryServiceDefinition,
  type GrantsRegisterServiceDefinition,
  type GrantsServiceDefinition,
  HealthProbe,
  type IdentityServiceDefinition,
  type LoadedProtos,
  type MeetingsServiceDefinition,
  type NotificationSettingsServiceDefinition,
  type PlansServiceDefinition,
  type ReportsServiceDefinition,
  serverStream,
  serviceConstructor,
  type TypedService,
  toServiceError,
  unary,
  type WebhooksServiceDefinition,
} from "@csp-mesh/kit";
import { type ChannelCredentials, type Client, credentials, type ServiceDefinition } from "@grpc/grpc-js";

/** Every downstream service, as the gateway's code calls it. */
export interface Services {
  directory: TypedService<DirectoryServiceDefinition>;
  combinations: TypedService<CombinationsServiceDefinition, "UploadCombinationDocument", "DownloadCombinationDocument">;
  identity: TypedService<IdentityServiceDefinition>;
  reports: TypedService<ReportsServiceDefinition, "UploadAttachment", "DownloadAttachment">;
  meetings: TypedService<MeetingsServiceDefinition, "UploadPaper", "DownloadPaper" | "DownloadPapersPack">;
  assessments: TypedService<AssessmentsServiceDefinition>;
  notifier: TypedService<WebhooksServiceDefinition>;
  notificationSettings: TypedService<NotificationSettingsServiceDefinition>;
  plans: TypedService<PlansServiceDefinition>;
  grants: TypedService<GrantsServiceDefinition>;
  register: TypedService<GrantsRegisterServiceDefinition>;
}
export type Service = keyof Services;

/** The response of `service.method`. */
export type Reply<S extends Service, M extends keyof Services[S]> = Services[S][M] extends (
  ...args: never[]
) => Promise<infer R>
  ? R
  : never;

/** The request of `service.method`: e.g. an enum field's values, for a value a form posted. */
export type Ask<S extends Service, M extends keyof Services[S]> = Services[S][M] extends (
  request: infer Q,
  ...rest: never[]
) => unknown
  ? Q
  : never;

/** What the gateway's pages and routes are given: the services, and whether they all answer. */
export interface Downstream extends Services {
  ready(): Promise<boolean>;
  close(): void;
}

const NAMES: Record<Service, string> = {
  directory: "csp.directory.v1.DirectoryService",
  combinations: "csp.directory.v1.CombinationsService",
  identity: "csp.directory.v1.IdentityService",
  reports: "csp.reports.v1.ReportsService",
  meetings: "csp.meetings.v1.MeetingsService",
  assessments: "csp.assessments.v1.AssessmentsService",
  notifier: "csp.notifier.v1.WebhooksService",
  notificationSettings: "csp.notifier.v1.NotificationSettingsService",
  plans: "csp.grants.v1.PlansService",
  grants: "csp.grants.v1.GrantsService",
  register: "csp.grants.v1.GrantsRegisterService",
};

/** Reads, retried by the client on UNAVAILABLE (safe to send twice). */
const READS = [
  "GetPartner",
  "ListPartners",
  "GetPerson",
  "ListPeople",
  "GetCombination",
  "ListCombinations",
  "GetReportRequest",
  "ListReportRequests",
  "BatchListReportRequests",
  "GetMeeting",
  "ListMeetings",
  "GetMeetingCalendar",
  "GetAction",
  "ListActions",
  "ListPapers",
  "GetCalendarFeed",
  "ReadCalendarFeed",
  "ListPublishedGrants",
  "GetCycle",
  "ListCycles",
  "GetCycleProgress",
  "GetContribution",
  "ListContributions",
  "GetCompilation",
  "GetEdition",
  "ListEditions",
  "ExportEdition",
  "GetWebhookSubscription",
  "ListWebhookSubscriptions",
  "ListWebhookDeliveries",
  "GetNotificationSettings",
  "GetPlan",
  "ListPlans",
  "GetProgramme",
  "ListProgrammes",
  "GetApplication",
  "ListApplications",
  "GetAward",
  "ListAwards",
  "GetProgrammeLedger",
];

type Fn = (...args: never[]) => unknown;

const grpcRefusal = (err: AppError) => Object.assign(new Error(err.message), toServiceError(err));

/** The services over gRPC (the fake mesh in src/testing stands in for it in handler tests). */
export class GrpcDownstream implements Downstream {
  readonly directory: Services["directory"];
  readonly combinations: Services["combinations"];
  readonly identity: Services["identity"];
  readonly reports: Services["reports"];
  readonly meetings: Services["meetings"];
  readonly assessments: Services["assessments"];
  readonly notifier: Services["notifier"];
  readonly notificationSettings: Services["notificationSettings"];
  readonly plans: Services["plans"];
  readonly grants: Services["grants"];
  readonly register: Services["register"];
  private readonly clients: Client[] = [];
  private readonly probes: HealthProbe[];

  constructor(
    private readonly protos: LoadedProtos,
    addresses: {
      directory: string;
      reports: string;
      meetings: string;
      assessments: string;
      notifier?: string;
      grants?: string;
    },
    private readonly deadlineMs: number,
    private readonly maxMessageBytes: number,
    private readonly channel: ChannelCredentials = credentials.createInsecure(),
  ) {
    this.directory = this.typed("directory", addresses.directory);
    this.combinations = this.typed("combinations", addresses.directory);
    this.identity = this.typed("identity", addresses.directory);
    this.reports = this.typed("reports", addresses.reports);
    this.meetings = this.typed("meetings", addresses.meetings);
    this.assessments = this.typed("assessments", addresses.assessments);
    this.notifier = this.typed("notifier", addresses.notifier);
    this.notificationSettings = this.typed("notificationSettings", addresses.notifier);
    this.plans = this.typed("plans", addresses.grants);
    this.grants = this.typed("grants", addresses.grants);
    this.register = this.typed("register", addresses.grants);
    this.probes = Object.values(addresses)
      .filter((a): a is string => Boolean(a))
      .map((a) => new HealthProbe(a, channel));
  }

  /**
   * One service's calls, made from its definition: each method unary, client- or server-streaming
   * as the proto says. Without an address (the notifier and grants are optional) every call is UNAVAILABLE.
   */
  private typed<S extends Service>(s: S, address: string | undefined): Services[S] {
    const make = serviceConstructor(this.protos, NAMES[s]);
    const definition = make.service as ServiceDefinition;
    const client = address
      ? createClient<Client>(make, address, {
          defaultDeadlineMs: this.deadlineMs,
          idempotentMethods: READS,
          maxMessageBytes: this.maxMessageBytes,
          channelCredentials: this.channel,
        })
      : undefined;
    if (client) this.clients.push(client);
    const reach = () => {
      // As the service itself would refuse: a gRPC UNAVAILABLE, so pages and routes answer 503.
      if (!client) throw grpcRefusal(new AppError("UNAVAILABLE", `${s} is not configured on this gateway`));
      return client;
    };
    // Uploads and downloads take as long as the bytes take; the deadline covers a slow 20 MB file.
    const long = () => ({ deadline: Date.now() + Math.max(this.deadlineMs, 120_000) });
    const calls: Record<string, Fn> = {};
    for (const [method, m] of Object.entries(definition)) {
      calls[method] = m.requestStream
        ? (((messages: AsyncIterable<unknown>, token: string) =>
            clientStream(reach(), method, messages, bearer(token), long())) as Fn)
        : m.responseStream
          ? (((request: unknown, token: string) => serverStream(reach(), method, request, bearer(token), long())) as Fn)
          : // async: an unconfigured service's refusal is a rejected promise, as a real call's is.
            ((async (request: unknown, token?: string) =>
              unary(reach(), method, request, token ? bearer(token) : undefined)) as Fn);
    }
    return calls as unknown as Services[S];
  }

  /** Every downstream service answers SERVING. */
  async ready(): Promise<boolean> {
    const answers = await Promise.all(this.probes.map((p) => p.check(1000)));
    return answers.every((a) => a === "SERVING");
  }

  close(): void {
    for (const c of this.clients) c.close();
    for (const p of this.probes) p.close();
  }
}
