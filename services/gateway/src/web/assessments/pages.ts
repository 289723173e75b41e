/** The joint strategic assessment area's pages: cycles, contributions and published editions. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerAssessmentContributionPages } from "./contribution";
import { registerContributionReviewPages } from "./contribution-review";
import { registerCycleListPages, registerCyclePage } from "./cycles";
import { registerEditionListPage, registerEditionPages } from "./editions";

export function registerAssessmentArea(r: Router, a: WebArea): void {
  // In this order: express takes the first match, and /assessments/:id would take "editions" for a cycle id.
  registerCycleListPages(r, a);
  registerEditionListPage(r, a);
  registerCyclePage(r, a);
  registerEditionPages(r, a);
  registerAssessmentContributionPages(r, a);
  registerContributionReviewPages(r, a);
}
