/**
 * One pass of the partner system over the mesh: every report request awaiting its partnership is
 * acknowledged, answered with an attachment and submitted (again, answering the reasons, when the OPCC
 * returned it); every meeting invitation still open is accepted. Safe to repeat: each write carries a
 * request id derived from what it answers, so a pass interrupted and run again changes nothing twice.
 */
import type { MeshClient } from "@csp-mesh/client";
import { answersFor, type CaseExtract, extractCsv, type Section } from "./answers";

export interface SyncResult {
  submitted: { request: string; version: number }[];
  accepted: string[];
}

export interface SyncOptions {
  extract: CaseExtract;
  /** Who attends meetings for the partnership. */
  representative: string;
  log?: (line: string) => void;
  today?: Date;
}

const AWAITING = new Set([
  "ADDRESSEE_STATE_REQUESTED",
  "ADDRESSEE_STATE_ACKNOWLEDGED",
  "ADDRESSEE_STATE_DRAFT",
  "ADDRESSEE_STATE_RETURNED",
]);

export async function syncOnce(mesh: MeshClient, opts: SyncOptions): Promise<SyncResult> {
  const log = opts.log ?? (() => {});
  const { partner } = await mesh.identityClaims();
  const result: SyncResult = { submitted: [], accepted: [] };

  // Report requests addressed to us that wait for us, every page.
  let pageToken = "";
  do {
    const page = await mesh.reports.ListReportRequests({ awaitingPartner: true, pageSize: 50, pageToken });
    for (const request of page.reportRequests) {
      const mine = request.addressees.find((a) => a.partner === partner);
      if (!mine || !AWAITING.has(mine.state)) continue;
      // A request id per (request, version to be made): a repeated pass is recognised, not applied twice.
      const step = `${request.name.split("/")[1]}-v${mine.latestVersion + 1}`;
      if (mine.state === "ADDRESSEE_STATE_REQUESTED") {
        await mesh.reports.AcknowledgeReportRequest({ name: request.name, requestId: `ack-${step}` });
      }
      const attachment = await mesh.uploadAttachment(
        request.name,
        "case-extract.csv",
        Buffer.from(extractCsv(opts.extract), "utf8"),
      );
      const reasons = mine.state === "ADDRESSEE_STATE_RETURNED" ? mine.reasons : "";
      const submission = await mesh.reports.SubmitReport({
        parent: request.name,
        answers: answersFor(request.sections as Section[], opts.extract, opts.today ?? new Date(), reasons),
        attachments: [attachment.name],
        requestId: `submit-${step}`,
      });
      log(`submitted ${request.name} version ${submission.version}${reasons ? " (after a return)" : ""}`);
      result.submitted.push({ request: request.name, version: submission.version });
    }
    pageToken = page.nextPageToken;
  } while (pageToken);

  // Invitations to meetings the OPCC has convened, not yet answered.
  pageToken = "";
  do {
    const page = await mesh.meetings.ListMeetings({ state: "MEETING_STATE_CONVENED", pageSize: 50, pageToken });
    for (const meeting of page.meetings) {
      const invitation = meeting.invitations.find((i) => i.partner === partner);
      if (invitation?.state !== "INVITATION_STATE_INVITED") continue;
      await mesh.meetings.RespondToInvitation({
        name: meeting.name,
        response: "INVITATION_STATE_ACCEPTED",
        representative: opts.representative,
        requestId: `accept-${meeting.name.split("/")[1]}-${meeting.sequence}`,
      });
      log(`accepted the invitation to ${meeting.name} (${meeting.title})`);
      result.accepted.push(meeting.name);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return result;
}
