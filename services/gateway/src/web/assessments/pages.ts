/** The joint strategic assessment area's pages: cycles, contributions and published editions. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerAssessmentPages } from "./assessments";
import { registerAssessmentContributionPages } from "./contribution";

export function registerAssessmentArea(r: Router, a: WebArea): void {
  registerAssessmentPages(r, a);
  registerAssessmentContributionPages(r, a);
}
