import type { AggregateDoc, Classification } from "@csp-mesh/kit";
import type { Compilation } from "../domain/compile";
import type { Content, Version } from "../domain/contribution";
import type { EditionInput } from "../domain/edition";
import type { CompileFrom, Template } from "../domain/template";

export const COLLECTIONS = {
  cycles: "cycles",
  contributions: "contributions",
  compilations: "compilations",
  editions: "editions",
} as const;

/** An assessment cycle. Policy facts: owner (the OPCC that opened it), addressees (the CSPs). */
export interface CycleDoc extends AggregateDoc {
  /** assessments/<id> */
  _id: string;
  owner: string;
  addressees: string[];
  allActiveCsps: boolean;
  /** The addressees' display names when the cycle opened, for exports and pages. */
  partnerNames: Record<string, string>;
  year: string;
  title: string;
  due: Date;
  template: Template;
  compileFrom: CompileFrom;
  classification: Classification;
  createdBy: string;
  createTime: Date;
}

/** A s.10 response to one of the partnership's priorities (replaced when revised). */
export interface ResponseDoc {
  priorityKey: string;
  priorityTitle: string;
  response: string;
  planObjective: string;
  /** plans/<id>/objectives/<CODE> and its title when recorded; absent on responses from before. */
  objective?: string;
  objectiveTitle?: string;
  recordedBy: string;
  recordTime: Date;
}

/**
 * One partnership's contribution to a cycle: its working copy, every submitted version (immutable,
 * bounded by the cycle's review rounds) and the OPCC's s.10 responses. Owner: the partnership.
 */
export interface ContributionDoc extends AggregateDoc {
  /** assessments/<id>/contributions/<partner id> */
  _id: string;
  cycle: string;
  owner: string;
  classification: Classification;
  draft: Content;
  versions: Version[];
  responses: ResponseDoc[];
  createTime: Date;
}

/** The cycle's current compilation, rewritten whenever its result changes. Owner: the OPCC. */
export interface CompilationDoc extends AggregateDoc {
  /** assessments/<id>/compilation */
  _id: string;
  cycle: string;
  owner: string;
  classification: Classification;
  compilation: Compilation;
  compileTime: Date;
}

/**
 * A published edition, frozen. Policy facts: owner (the OPCC), addressees (the cycle's CSPs) and
 * releasedToPanel (always: the panel sees the OFFICIAL ones).
 */
export interface EditionDoc extends AggregateDoc {
  /** assessments/<id>/editions/<n> */
  _id: string;
  cycle: string;
  owner: string;
  addressees: string[];
  releasedToPanel: boolean;
  classification: Classification;
  number: number;
  year: string;
  title: string;
  note: string;
  compilation: Compilation;
  inputs: EditionInput[];
  partnerNames: Record<string, string>;
  sha256: string;
  publishedBy: string;
  publishedByName: string;
  publishTime: Date;
}
