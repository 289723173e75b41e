import type { AggregateStore } from "@csp-mesh/kit";
import type { ApplicationDoc, AwardDoc, LedgerDoc, PlanDoc, ProgrammeDoc } from "../store/documents";

export interface Stores {
  plans: AggregateStore<PlanDoc>;
  programmes: AggregateStore<ProgrammeDoc>;
  applications: AggregateStore<ApplicationDoc>;
  ledgers: AggregateStore<LedgerDoc>;
  awards: AggregateStore<AwardDoc>;
}

/** programmes/<id>/applications/<partner id> -> programmes/<id> */
export const programmeOf = (application: string) => application.split("/").slice(0, 2).join("/");
export const applicationOf = (programme: string, partner: string) =>
  `${programme}/applications/${partner.slice("partners/".length)}`;
export const ledgerOf = (programme: string) => `${programme}/ledger`;
/** awards/<programme id>-<partner id>: one award per application, so a retried decision finds it. */
export const awardOf = (programme: string, partner: string) =>
  `awards/${programme.slice("programmes/".length)}-${partner.slice("partners/".length)}`;
