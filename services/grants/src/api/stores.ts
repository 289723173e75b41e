import type { AggregateStore } from "@csp-mesh/kit";
import type { PlanDoc, ProgrammeDoc } from "../store/documents";

export interface Stores {
  plans: AggregateStore<PlanDoc>;
  programmes: AggregateStore<ProgrammeDoc>;
}
