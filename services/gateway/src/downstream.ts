/** The gRPC services behind the gateway, called with the caller's own token and a deadline. */
import {
  AppError,
  bearer,
  clientStream,
  createClient,
  HealthProbe,
  type LoadedProtos,
  serverStream,
  serviceConstructor,
  unary,
} from "@csp-mesh/kit";
import { type ChannelCredentials, type Client, credentials } from "@grpc/grpc-js";

export type Service =
  | "directory"
  | "identity"
  | "reports"
  | "meetings"
  | "assessments"
  | "notifier"
  | "notificationSettings";

const NAMES: Record<Service, string> = {
  directory: "csp.directory.v1.DirectoryService",
  identity: "csp.directory.v1.IdentityService",
  reports: "csp.reports.v1.ReportsService",
  meetings: "csp.meetings.v1.MeetingsService",
  assessments: "csp.assessments.v1.AssessmentsService",
  notifier: "csp.notifier.v1.WebhooksService",
  notificationSettings: "csp.notifier.v1.NotificationSettingsService",
};

const READS = [
  "GetPartner",
  "ListPartners",
  "GetPerson",
  "ListPeople",
  "GetReportRequest",
  "ListReportRequests",
  "GetMeeting",
  "ListMeetings",
  "GetMeetingCalendar",
  "GetAction",
  "ListActions",
  "ListPapers",
  "GetCalendarFeed",
  "ReadCalendarFeed",
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
];

export class Downstream {
  private readonly clients: Partial<Record<Service, Client>>;
  private readonly probes: HealthProbe[];

  constructor(
    protos: LoadedProtos,
    addresses: { directory: string; reports: string; meetings: string; assessments: string; notifier?: string },
    private readonly deadlineMs: number,
    maxMessageBytes: number,
    channel: ChannelCredentials = credentials.createInsecure(),
  ) {
    const make = (s: Service, address: string) =>
      createClient<Client>(serviceConstructor(protos, NAMES[s]), address, {
        defaultDeadlineMs: deadlineMs,
        idempotentMethods: READS,
        maxMessageBytes,
        channelCredentials: channel,
      });
    this.clients = {
      directory: make("directory", addresses.directory),
      identity: make("identity", addresses.directory),
      reports: make("reports", addresses.reports),
      meetings: make("meetings", addresses.meetings),
      assessments: make("assessments", addresses.assessments),
      ...(addresses.notifier
        ? {
            notifier: make("notifier", addresses.notifier),
            notificationSettings: make("notificationSettings", addresses.notifier),
          }
        : {}),
    };
    this.probes = Object.values(addresses)
      .filter((a): a is string => Boolean(a))
      .map((a) => new HealthProbe(a, channel));
  }

  call<Res = Record<string, unknown>>(s: Service, method: string, request: unknown, token?: string): Promise<Res> {
    return unary<unknown, Res>(this.client(s), method, request, token ? bearer(token) : undefined);
  }

  private client(s: Service): Client {
    const c = this.clients[s];
    if (!c) throw new AppError("UNAVAILABLE", `${s} is not configured on this gateway`);
    return c;
  }

  upload<Res>(s: Service, method: string, messages: AsyncIterable<unknown>, token: string): Promise<Res> {
    // Uploads take as long as the bytes take to arrive; the deadline covers a slow 20 MB upload.
    return clientStream<unknown, Res>(this.client(s), method, messages, bearer(token), {
      deadline: Date.now() + Math.max(this.deadlineMs, 120_000),
    });
  }

  download<Res>(s: Service, method: string, request: unknown, token: string): AsyncIterable<Res> {
    return serverStream<unknown, Res>(this.client(s), method, request, bearer(token), {
      deadline: Date.now() + Math.max(this.deadlineMs, 120_000),
    });
  }

  /** Every downstream service answers SERVING. */
  async ready(): Promise<boolean> {
    const answers = await Promise.all(this.probes.map((p) => p.check(1000)));
    return answers.every((a) => a === "SERVING");
  }

  close(): void {
    for (const c of Object.values(this.clients)) c.close();
    for (const p of this.probes) p.close();
  }
}
