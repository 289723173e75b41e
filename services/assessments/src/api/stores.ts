import type { AggregateStore } from "@csp-mesh/kit";
import type { CompilationDoc, ContributionDoc, CycleDoc, EditionDoc } from "../store/documents";

/** The service's aggregates, each a kit AggregateStore (scoped reads, guarded writes, outbox). */
export interface Stores {
  cycles: AggregateStore<CycleDoc>;
  contributions: AggregateStore<ContributionDoc>;
  compilations: AggregateStore<CompilationDoc>;
  editions: AggregateStore<EditionDoc>;
}

/** assessments/<id>/contributions/<partner id> -> assessments/<id> */
export const cycleOf = (name: string) => name.split("/").slice(0, 2).join("/");
export const contributionOf = (cycle: string, partner: string) =>
  `${cycle}/contributions/${partner.slice("partners/".length)}`;
export const compilationOf = (cycle: string) => `${cycle}/compilation`;
