/** The grants area's pages: programmes, business cases, their assessment, awards (their payments, monitoring, close-out and variations) and the Police and Crime Plan. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerApplicationPage } from "./application-page";
import { registerApplicationPages } from "./applications";
import { registerAwardMonitoringPages } from "./award-monitoring";
import { registerAwardVariationPages } from "./award-variations";
import { registerAwardPage } from "./awards";
import { registerPlanFormPages } from "./plan-form";
import { registerPlanPage } from "./plans";
import { registerProgrammeFormPages } from "./programme-form";
import { registerProgrammeListPage, registerProgrammePages } from "./programmes";
import { registerRegisterPages } from "./register";
import { registerSummaryPage } from "./summary";

export function registerGrantsArea(r: Router, a: WebArea): void {
  registerRegisterPages(r, a);
  registerProgrammeListPage(r, a);
  // Before the programme's own page: /grants/programmes/:id would take "new".
  registerProgrammeFormPages(r, a);
  registerSummaryPage(r, a);
  registerProgrammePages(r, a);
  registerApplicationPages(r, a);
  registerApplicationPage(r, a);
  registerAwardPage(r, a);
  registerAwardMonitoringPages(r, a);
  registerAwardVariationPages(r, a);
  // Before the plan's own page: /grants/plans/:id would take "new".
  registerPlanFormPages(r, a);
  registerPlanPage(r, a);
}
