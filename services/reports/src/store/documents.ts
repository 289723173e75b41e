import type { Classification, OutboxFields } from "@csp-mesh/kit";
import type { AddresseeState, LifecycleAction } from "../domain/lifecycle";
import type { FormalS7, LegalBasis } from "../domain/report-request";
import type { Answers, Section } from "../domain/sections";

export const COLLECTIONS = {
  requests: "report_requests",
  submissions: "submissions",
  drafts: "drafts",
  attachments: "attachments",
  searchIndex: "request_search",
  searchTerms: "search_terms",
  /** Prefix of the list read models' collections (kit ListIndex). */
  lists: "report_requests",
} as const;

/** One addressee's progress, embedded in its request so every change is one atomic write. */
export interface AssignmentDoc {
  partner: string;
  state: AddresseeState;
  latestVersion: number;
  reasons: string;
  updateTime: Date;
  /** The overdue event has been raised (or can no longer be due). */
  overdueRaised: boolean;
}

export interface HistoryDoc {
  time: Date;
  actor: string;
  /** The actor's display name when it acted (from the token), so history reads as names. */
  actorName?: string;
  partner: string;
  action: LifecycleAction | "create" | "overdue";
  from: AddresseeState | "";
  to: AddresseeState | "";
  version: number;
  reasons: string;
  /** `${requestId}#${hash}` of the command that made the change, so a retry is recognised. */
  command?: string;
}

/**
 * A report request: the aggregate. Addressee states, history and pending events all live here, so
 * the events of one request leave in the order its changes were made.
 */
export interface RequestDoc extends OutboxFields {
  _id: string;
  /** The requesting OPCC partner (policy owner). */
  owner: string;
  addressees: string[];
  assignments: AssignmentDoc[];
  /** `${partner}|${state}` per addressee, index-aligned with assignments: filterable without $elemMatch. */
  addresseeStates: string[];
  title: string;
  issueOfConcern: string;
  sections: Section[];
  dueTime: Date;
  classification: Classification;
  legalBasis: LegalBasis;
  formalS7?: FormalS7;
  /** The plan objective it serves (plans/<id>/objectives/<CODE>) and its title then; absent if none. */
  objective?: string;
  objectiveTitle?: string;
  withdrawn: boolean;
  /**
   * Some addressee's overdue check is still to be made (`overdueRaised` false). A top-level flag,
   * so the overdue scan reads only these requests, not every request ever made.
   */
  overdueOpen: boolean;
  /** Some accepted report of this request is released to the Police and Crime Panel. */
  releasedToPanel: boolean;
  etag: string;
  createTime: Date;
  updateTime: Date;
  createdBy: string;
  requestId: string;
  requestHash: string;
  /** `${dueTime ISO}|${_id}`: the paging key, soonest due first. */
  sortKey: string;
  /** `${createTime ISO}|${_id}`: the paging key for newest first. */
  createdKey: string;
  /** `${title folded}|${_id}`: the paging key for title order. */
  titleKey: string;
  history: HistoryDoc[];
  /** `${requestId}#${hash}` of every command applied (the kit's AggregateStore recognises retries by it). */
  commands?: string[];
  /** Set by every write, cleared once the lists show it (kit ListProjection). */
  _listsPending?: boolean;
}

export interface AttachmentRefDoc {
  name: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** An immutable submitted version. */
export interface SubmissionDoc {
  _id: string;
  reportRequest: string;
  partner: string;
  owner: string;
  version: number;
  answers: Answers;
  attachments: AttachmentRefDoc[];
  contentSha256: string;
  author: string;
  /** The author's display name when submitting (from the token), so pages show a name. */
  authorName?: string;
  createTime: Date;
  classification: Classification;
  releasedToPanel: boolean;
  /** `${partner}:${request_id}` (or `auto:${_id}`), unique. */
  requestId: string;
  requestHash: string;
  /** `${partner}|${zero-padded version}`: pages versions in order. */
  sortKey: string;
}

/** A partnership's editable draft for one request. */
export interface DraftDoc {
  _id: string;
  reportRequest: string;
  partner: string;
  owner: string;
  answers: Answers;
  attachments: string[];
  author: string;
  updateTime: Date;
  classification: Classification;
}

/** Attachment facts the policy needs; the bytes live in GridFS under `gridId`. */
export interface AttachmentDoc {
  _id: string;
  gridId: string;
  reportRequest: string;
  partner: string;
  owner: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  classification: Classification;
  releasedToPanel: boolean;
  uploadedBy: string;
  createTime: Date;
}
