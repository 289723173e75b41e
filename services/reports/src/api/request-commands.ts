/** What the reports RPCs share: their dependencies, and the request as a command acts on it. */
import { type Caller, type DirectoryClient, enforce, type PlanLinks, permissionDenied } from "@csp-mesh/kit";
import { REPORT_REQUEST } from "../contract";
import type { AttachmentStore } from "../store/attachment-store";
import type { RequestStore } from "../store/requests-store";
import type { SubmissionStore } from "../store/submissions-store";

export interface ReportsDeps {
  requests: RequestStore;
  submissions: SubmissionStore;
  attachments: AttachmentStore;
  directory: DirectoryClient;
  /** Checks a request's plan objective (the grants service's PlansService, with the caller's token). */
  plans: PlanLinks;
}

/** The request as an addressee or reviewer acts on it: visible (else NOT_FOUND), and the action allowed. */
export async function forAction(
  deps: ReportsDeps,
  caller: Caller,
  name: string,
  action: "submit" | "review" | "update",
) {
  const doc = await deps.requests.get(caller, name);
  enforce(caller, action, REPORT_REQUEST, doc, `report request ${name}`);
  if (action === "submit" && !doc.addressees.includes(caller.partner))
    throw permissionDenied(`your partnership is not an addressee of ${name}`);
  return doc;
}
