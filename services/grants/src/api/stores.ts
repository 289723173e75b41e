import type { AggregateStore } from "@csp-mesh/kit";
import type { ApplicationDoc, PlanDoc, ProgrammeDoc } from "../store/documents";

export interface Stores {
  plans: AggregateStore<PlanDoc>;
  programmes: AggregateStore<ProgrammeDoc>;
  applications: AggregateStore<ApplicationDoc>;
}

/** programmes/<id>/applications/<partner id> -> programmes/<id> */
export const programmeOf = (application: string) => application.split("/").slice(0, 2).join("/");
export const applicationOf = (programme: string, partner: string) =>
  `${programme}/applications/${partner.slice("partners/".length)}`;
