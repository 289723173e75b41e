import type { Classification, OutboxFields } from "@csp-mesh/kit";
import type { ActionStatus, AttendanceMark, Basis, InvitationState, MeetingState } from "../domain/meeting";

export const COLLECTIONS = { meetings: "meetings", actions: "actions", feeds: "calendar_feeds" } as const;

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

export interface MinutesCommentDoc {
  partner: string;
  author: string;
  authorName: string;
  text: string;
  time: Date;
}

export interface MinutesDoc {
  text: string;
  decisions: string[];
  approved: boolean;
  sha256: string;
  approvedBy: string;
  approveTime?: Date;
  circulated?: boolean;
  circulateTime?: Date;
  comments?: MinutesCommentDoc[];
}

export interface AgendaItemDoc {
  id: string;
  title: string;
  description: string;
  presenter: string;
  minutesAllotted: number;
  links: string[];
}

export interface AgendaVersionDoc {
  version: number;
  items: AgendaItemDoc[];
  publishedBy: string;
  publishTime: Date;
  note: string;
}

/**
 * A paper's facts, embedded in its meeting (bounded: at most 200), so adding one and its event is
 * one atomic change of the meeting. The bytes are in the kit's file store (bucket "papers"). The
 * policy facts: owner (the convening OPCC), addressees (the audience), classification, release.
 */
export interface PaperDoc {
  /** meetings/<id>/papers/<id> */
  name: string;
  gridId: string;
  agendaItem: string;
  title: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  classification: Classification;
  owner: string;
  /** The partnerships that may see it (every invitee when `audienceAll`). */
  addressees: string[];
  audienceAll: boolean;
  releasedToPanel: boolean;
  uploadedBy: string;
  createTime: Date;
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
  /** The working agenda (OPCC); invitees see the latest of `agendaVersions`. */
  agenda?: AgendaItemDoc[];
  agendaVersions?: AgendaVersionDoc[];
  /** The highest agenda item number given, so a removed item's id is never reused. */
  agendaItemSeq?: number;
  papers?: PaperDoc[];
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

/** A partnership's calendar feed: the secret is kept only as its SHA-256, looked up by equality. */
export interface CalendarFeedDoc extends OutboxFields {
  /** calendarFeeds/<partner id> */
  _id: string;
  /** The partnership whose meetings the feed lists (policy owner). */
  owner: string;
  classification: Classification;
  active: boolean;
  /** SHA-256 (hex) of the current secret; "" when revoked. */
  secretSha256: string;
  issuedBy: string;
  issueTime?: Date;
  /** Issued by the OPCC: the feed lists the meetings it convened, not invitations. */
  opcc: boolean;
  commands: string[];
  etag: string;
  createTime: Date;
  updateTime: Date;
  requestId: string;
  requestHash: string;
  sortKey: string;
}
