import { type AggregateDoc, type Classification, newestFirst } from "@csp-mesh/kit";
import type { Content, Version } from "../domain/application";
import type { Criterion, DecisionKind, Interest, Scoring } from "../domain/assessment";
import type { AwardState, PaymentTranche } from "../domain/award";
import type { CloseOut } from "../domain/closeout";
import type { Commitment } from "../domain/ledger";
import type { MonitoringReturn, ReturnKind } from "../domain/monitoring";
import type { Objective } from "../domain/plan";
import type { Allocation, ProgrammeKind, ProgrammeState, Question, Tranche } from "../domain/programme";
import type { Publication } from "../domain/publication";
import type { AwardOutcome } from "../domain/summary";
import type { Variation } from "../domain/variation";

export const COLLECTIONS = {
  plans: "plans",
  programmes: "programmes",
  applications: "applications",
  ledgers: "ledgers",
  awards: "awards",
} as const;

/** A recipient's underspends by financial year (recipients/<partner id>): next year's hold-back flag. */
export const RECIPIENTS = "recipients";
export interface RecipientDoc {
  _id: string;
  underspends: Record<string, number>;
}

/** Which award a monitoring return's report request belongs to: reportRequests/<id> -> award (read by _id). */
export const RETURN_LINKS = "return_links";
export interface ReturnLinkDoc {
  _id: string;
  award: string;
  kind: ReturnKind;
}

export interface PlanVersionDoc {
  version: number;
  title: string;
  period: string;
  objectives: Objective[];
  publishedBy: string;
  publishTime: Date;
  sha256: string;
}

/** A Police and Crime Plan with every version (a handful over its life). Owner: the OPCC. */
export interface PlanDoc extends AggregateDoc {
  /** plans/<id> */
  _id: string;
  owner: string;
  classification: Classification;
  versions: PlanVersionDoc[];
  createTime: Date;
}

/**
 * A funding programme. Owner: the OPCC; released (to partnerships and the panel) once opened.
 * Allocations are bounded by the partnerships of a force area.
 */
export interface ProgrammeDoc extends AggregateDoc {
  /** programmes/<id> */
  _id: string;
  owner: string;
  classification: Classification;
  releasedToPanel: boolean;
  year: string;
  title: string;
  description: string;
  kind: ProgrammeKind;
  state: ProgrammeState;
  budgetPence: number;
  objectives: string[];
  windowOpen: Date;
  windowClose: Date;
  allocations: Allocation[];
  /** The allocated partnerships' display names when the programme was written, for pages. */
  partnerNames: Record<string, string>;
  projectMaxPence: number;
  countyWideMaxPence: number;
  questions: Question[];
  conditions: string[];
  tranches: Tranche[];
  /** Absent on programmes drafted before scoring existed: the default rubric. */
  rubric?: Criterion[];
  minScorers?: number;
  createdBy: string;
  createTime: Date;
}

/** Programmes by year, newest year first, then newest created. */
export const byYear = (year: string, created: Date, name: string) =>
  `${String(9999 - Number(year.slice(0, 4))).padStart(4, "0")}|${newestFirst(created, name)}`;

/**
 * A partnership's business case for a programme: its working copy and every submitted version
 * (bounded: MAX_VERSIONS). Owner: the applicant.
 */
export interface ApplicationDoc extends AggregateDoc {
  /** programmes/<id>/applications/<partner id> */
  _id: string;
  programme: string;
  owner: string;
  ownerName: string;
  classification: Classification;
  draft: Content;
  versions: Version[];
  /** The OPCC's declarations of interest and scores (absent until the first). */
  interests?: Interest[];
  scorings?: Scoring[];
  decision?: DecisionDoc;
  createTime: Date;
}

export interface DecisionDoc {
  decision: DecisionKind;
  amountPence: number;
  reasons: string;
  decidedBy: string;
  decidedByName: string;
  time: Date;
  award: string;
}

/** What a programme has committed (one small, hot document per programme). Owner: the OPCC. */
export interface LedgerDoc extends AggregateDoc {
  /** programmes/<id>/ledger */
  _id: string;
  programme: string;
  owner: string;
  classification: Classification;
  budgetPence: number;
  commitments: Commitment[];
  createTime: Date;
}

/** An award offered to a partnership. Owner: the recipient. */
export interface AwardDoc extends AggregateDoc {
  /** awards/<programme id>-<partner id> */
  _id: string;
  programme: string;
  programmeTitle: string;
  year: string;
  application: string;
  owner: string;
  ownerName: string;
  classification: Classification;
  releasedToPanel: boolean;
  amountPence: number;
  requestedPence: number;
  purposes: string[];
  conditions: string[];
  tranches: PaymentTranche[];
  reasons: string;
  state: AwardState;
  decidedBy: string;
  /** Absent on awards made before agreements existed: computed from the terms. */
  agreementSha256?: string;
  acceptedBy?: string;
  acceptedByName?: string;
  acceptTime?: Date;
  /** What the register publishes about the recipient, fixed when the agreement is accepted. */
  publication?: Publication;
  /** Monitoring returns issued, in order (at most one of each kind). */
  returns?: MonitoringReturn[];
  /** The funded projects' objectives and measures (with actuals once closed); absent on older awards. */
  outcomes?: AwardOutcome[];
  /** Variations proposed, in order (absent until the first). */
  variations?: Variation[];
  /** Set when the award is closed after its year-end return. */
  closeOut?: CloseOut;
  createTime: Date;
}
