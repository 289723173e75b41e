/**
 * The example partner system (examples/partner-system) and the client package it is built on
 * (clients/typescript), against the real services, database and broker: the OPCC (also through the
 * client, with a person's token) asks two partnerships for reports and convenes a meeting; the
 * Maidstone case system, with its client credentials only, answers its own request with an
 * attachment, answers again after a return, accepts its invitation, and never sees Dover's request.
 */
import { MeshClient, MeshError } from "@csp-mesh/client";
import type { RunningService } from "@csp-mesh/kit";
import { syncOnce } from "../../examples/partner-system/src/sync";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { dropDatabase, isolation, startDirectory, startMeetings, startReports } from "../support/mesh";

const DEMO_SYSTEM = {
  clientId: "demo-maidstone-case-system",
  clientSecret: "demo-secret-maidstone-not-for-production",
};
const EXTRACT = { period: "2026 Q3", openCases: 42, closedCases: 17, summary: "Case system figures" };
const at = (ms: number) => ({ seconds: String(Math.floor((Date.now() + ms) / 1000)), nanos: 0 });

describe("example partner system, on the client package", () => {
  const iso = isolation("partner");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let opcc: MeshClient;
  let system: MeshClient;

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory);
    const endpoints = {
      identity: `127.0.0.1:${directory.grpcPort}`,
      directory: `127.0.0.1:${directory.grpcPort}`,
      reports: `127.0.0.1:${reports.grpcPort}`,
      meetings: `127.0.0.1:${meetings.grpcPort}`,
    };
    const anonymous = new MeshClient({ endpoints });
    const { accessToken } = await anonymous.identity.DevSignIn({ person: "people/opcc-staff-1" });
    anonymous.close();
    opcc = new MeshClient({ endpoints, token: () => accessToken });
    system = new MeshClient({ endpoints, credentials: DEMO_SYSTEM });
  });

  afterAll(async () => {
    opcc?.close();
    system?.close();
    for (const svc of [meetings, reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
  });

  const request = (partner: string, title: string) =>
    opcc.reports.CreateReportRequest({
      reportRequest: {
        title,
        issueOfConcern: "Shop theft has risen in town centres this year.",
        addressees: [{ partner }],
        sections: [
          { id: "summary", title: "What have you found?", type: "SECTION_TYPE_TEXT", required: true },
          { id: "cases", title: "Open cases", type: "SECTION_TYPE_NUMBER", required: true, min: 0 },
          {
            id: "confidence",
            title: "Confidence",
            type: "SECTION_TYPE_SINGLE_CHOICE",
            required: true,
            options: ["High", "Low"],
          },
        ],
        dueTime: at(14 * 86_400_000),
        classification: "CLASSIFICATION_OFFICIAL",
        legalBasis: "LEGAL_BASIS_INFORMAL",
      },
    });

  test("answers its own request with an attachment, again after a return, and accepts its invitation", async () => {
    expect((await system.identityClaims()).partner).toBe("partners/csp-maidstone");
    const mine = await request("partners/csp-maidstone", "Retail crime in Maidstone");
    const dovers = await request("partners/csp-dover", "Retail crime in Dover");

    const first = await syncOnce(system, { extract: EXTRACT, representative: "Case manager" });
    expect(first.submitted).toEqual([{ request: mine.name, version: 1 }]);
    const v1 = await opcc.reports.GetSubmission({ name: `${mine.name}/submissions/csp-maidstone/versions/1` });
    expect(v1.answers.map((a) => [a.sectionId, a.text || a.number || a.choice])).toEqual([
      ["summary", "Case system figures (2026 Q3: 42 open, 17 closed)."],
      ["cases", 42],
      ["confidence", "High"],
    ]);
    expect(v1.attachments.map((a) => a.filename)).toEqual(["case-extract.csv"]);
    const file = await opcc.downloadAttachment(v1.attachments[0]?.name ?? "");
    expect(file.data.toString()).toContain('"2026 Q3",42,17');

    // Nothing more to do: a second pass changes nothing.
    expect((await syncOnce(system, { extract: EXTRACT, representative: "Case manager" })).submitted).toEqual([]);

    await opcc.reports.ReviewSubmission({
      name: mine.name,
      partner: "partners/csp-maidstone",
      version: 1,
      decision: "REVIEW_DECISION_RETURN",
      reasons: "Please break the figures down by ward.",
    });
    const meeting = await opcc.meetings.CreateMeeting({
      meeting: {
        title: "Retail crime priorities",
        purpose: "Agree joint priorities on retail crime across the county.",
        basis: "MEETING_BASIS_INVITATION",
        startTime: at(7 * 86_400_000),
        endTime: at(7 * 86_400_000 + 3_600_000),
        responseDeadline: at(3 * 86_400_000),
        invitations: [{ partner: "partners/csp-maidstone" }, { partner: "partners/csp-dover" }],
        classification: "CLASSIFICATION_OFFICIAL",
      },
    });
    await opcc.meetings.ConveneMeeting({ name: meeting.name });

    const second = await syncOnce(system, { extract: EXTRACT, representative: "Case manager" });
    expect(second.submitted).toEqual([{ request: mine.name, version: 2 }]);
    expect(second.accepted).toEqual([meeting.name]);
    const v2 = await opcc.reports.GetSubmission({ name: `${mine.name}/submissions/csp-maidstone/versions/2` });
    expect(v2.answers[0]?.text).toContain("Please break the figures down by ward.");
    const invitations = (await opcc.meetings.GetMeeting({ name: meeting.name })).invitations;
    expect(invitations.map((i) => [i.partner, i.state, i.representative])).toEqual([
      ["partners/csp-maidstone", "INVITATION_STATE_ACCEPTED", "Case manager"],
      ["partners/csp-dover", "INVITATION_STATE_INVITED", ""],
    ]);

    // Dover's request is not Maidstone's business: not listed, and not found by name.
    const err = await system.reports.GetReportRequest({ name: dovers.name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeshError);
    expect((err as MeshError).codeName).toBe("NOT_FOUND");
  });

  test("an invalid request rejects with a MeshError naming the wrong field", async () => {
    const err = await system.reports
      .SaveDraft({ parent: "reportRequests/anything", answers: [], attachments: ["not-an-attachment"] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeshError);
    expect((err as MeshError).codeName).toBe("INVALID_ARGUMENT");
    expect((err as MeshError).violation("attachments[0]")?.description).toMatch(/attachments\/<id>/);
  });

  test("a repeated request id gets the first result; without one, each call is a new command", async () => {
    const created = await request("partners/csp-maidstone", "Night-time economy in Maidstone");
    // The client resends a failed write with the same id it generated; here the same id twice by hand.
    const once = await system.reports.AcknowledgeReportRequest({ name: created.name, requestId: "ack-retry-1" });
    const again = await system.reports.AcknowledgeReportRequest({ name: created.name, requestId: "ack-retry-1" });
    expect(again.etag).toBe(once.etag);
    // Without an id the client supplies a fresh one: a second acknowledgement is a new command, refused.
    const err = await system.reports.AcknowledgeReportRequest({ name: created.name }).catch((e: unknown) => e);
    expect((err as MeshError).codeName).toBe("FAILED_PRECONDITION");
  });
});
