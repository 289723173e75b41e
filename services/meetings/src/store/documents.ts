import type { Classification, OutboxFields } from "@csp-mesh/kit";
import type { ActionStatus, AttendanceMark, Basis, InvitationState, MeetingState } from "../domain/meeting";

export const COLLECTIONS = { meetings: "meetings", actions: "actions" } as const;

/** One invited partnership's invitation, embedded in its meeting (bounded by the area's CSPs). */
export interface InvitationDoc {
  partner: string;
  state: InvitationState;
  representative: string;
  reasons: string;
  nonCompliance: boolean;
  respondedBy: string;
  respondTime?: Date;
  attendance?: AttendanceMark;
  attendee: string;
}

export interface RescheduleDoc {
  previousStart: Date;
  previousEnd: Date;
  reason: string;
  actor: string;
  time: Date;
}

export interface MinutesDoc {
  text: string;
  decisions: string[];
  approved: boolean;
  sha256: string;
  approvedBy: string;
  approveTime?: Date;
}

/** The meeting aggregate: its invitations, reschedules and minutes change with it, atomically. */
export interface MeetingDoc extends OutboxFields {
  _id: string;
  /** The convening OPCC partner (policy owner). */
  owner: string;
  /** The invited partnerships (policy addressees); empty until convened. */
  addressees: string[];
  allActiveCsps: boolean;
  title: string;
  purpose: string;
  basis: Basis;
  state: MeetingState;
  start: Date;
  end: Date;
  responseDeadline: Date;
  place: string;
  onlineJoining: string;
  classification: Classification;
  invitations: InvitationDoc[];
  reschedules: RescheduleDoc[];
  sequence: number;
  minutes?: MinutesDoc;
  cancelReason: string;
  /** Approved OFFICIAL minutes are released to the Police and Crime Panel. */
  releasedToPanel: boolean;
  /** Some invitation may still pass its deadline unanswered: the no-response scan reads only these. */
  responsesOpen: boolean;
  /** `${requestId}#${hash}` of commands applied, so a retry with the same request_id is recognised. */
  commands: string[];
  etag: string;
  createTime: Date;
  updateTime: Date;
  createdBy: string;
  requestId: string;
  requestHash: string;
  /** `${start ISO}|${_id}`: paging key, soonest first. */
  sortKey: string;
}

export interface ActionUpdateDoc {
  time: Date;
  actor: string;
  actorName: string;
  note: string;
  status: ActionStatus;
}

/** An action: its own aggregate, owned by one partnership, tracked across meetings. */
export interface ActionDoc extends OutboxFields {
  _id: string;
  meeting: string;
  /** The owning partnership (policy owner). */
  owner: string;
  description: string;
  due: Date;
  status: ActionStatus;
  reasons: string;
  updates: ActionUpdateDoc[];
  overdueRaised: boolean;
  /** Open and not yet raised as overdue: the overdue scan reads only these. */
  overdueOpen: boolean;
  classification: Classification;
  commands: string[];
  etag: string;
  createTime: Date;
  updateTime: Date;
  requestId: string;
  requestHash: string;
  /** `${due ISO}|${_id}`. */
  sortKey: string;
}
