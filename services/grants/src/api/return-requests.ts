/**
 * Monitoring returns are report requests: made, and their accepted answers read, through the
 * reports service with the OPCC caller's own token (the kit's clients forward it), so reports
 * applies its own rules to them.
 */
import { AppError, createClient, type LoadedProtos, serviceConstructor, unary } from "@csp-mesh/kit";
import type { ChannelCredentials, Client } from "@grpc/grpc-js";
import type { ReturnSection } from "../domain/monitoring";

export interface ReturnRequest {
  requestId: string;
  title: string;
  issueOfConcern: string;
  addressee: string;
  sections: ReturnSection[];
  dueTime: Date;
  classification: "OFFICIAL" | "OFFICIAL-SENSITIVE";
}

export class ReturnRequests {
  private readonly client: Client | undefined;

  /** Without an address no return can be issued: asking is UNAVAILABLE. */
  constructor(protos: LoadedProtos, address: string | undefined, channel?: ChannelCredentials) {
    this.client = address
      ? createClient<Client>(serviceConstructor(protos, "csp.reports.v1.ReportsService"), address, {
          defaultDeadlineMs: 10_000,
          ...(channel ? { channelCredentials: channel } : {}),
        })
      : undefined;
  }

  /** Creates the return's report request (a retry with the same request id finds the first). */
  async create(r: ReturnRequest): Promise<string> {
    if (!this.client)
      throw new AppError("UNAVAILABLE", "monitoring returns cannot be issued: the reports service is not configured");
    const seconds = Math.floor(r.dueTime.getTime() / 1000);
    const created = await unary<unknown, { name: string }>(this.client, "CreateReportRequest", {
      reportRequest: {
        title: r.title,
        issueOfConcern: r.issueOfConcern,
        addressees: [{ partner: r.addressee }],
        sections: r.sections,
        dueTime: { seconds: String(seconds), nanos: 0 },
        classification:
          r.classification === "OFFICIAL" ? "CLASSIFICATION_OFFICIAL" : "CLASSIFICATION_OFFICIAL_SENSITIVE",
        legalBasis: "LEGAL_BASIS_INFORMAL",
      },
      requestId: r.requestId,
    });
    return created.name;
  }

  /**
   * The numbers the partnership answered, by section, in the version of its report the OPCC
   * accepted; null when its report is not accepted (yet).
   */
  async acceptedNumbers(reportRequest: string, partner: string): Promise<Record<string, number> | null> {
    if (!this.client)
      throw new AppError("UNAVAILABLE", "monitoring returns cannot be read: the reports service is not configured");
    const request = await unary<unknown, { addressees: { partner: string; state: string; latestVersion: number }[] }>(
      this.client,
      "GetReportRequest",
      { name: reportRequest },
    );
    const a = request.addressees.find((x) => x.partner === partner);
    if (a?.state !== "ADDRESSEE_STATE_ACCEPTED" || !a.latestVersion) return null;
    const submission = await unary<unknown, { answers: { sectionId: string; number?: number | null }[] }>(
      this.client,
      "GetSubmission",
      { name: `${reportRequest}/submissions/${partner.replace(/^partners\//, "")}/versions/${a.latestVersion}` },
    );
    return Object.fromEntries(
      submission.answers.flatMap((x) => (typeof x.number === "number" ? [[x.sectionId, x.number]] : [])),
    );
  }

  close(): void {
    this.client?.close();
  }
}
