/** The grants area's pages: programmes and the Police and Crime Plan. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerPlanPage } from "./plans";
import { registerProgrammeListPage, registerProgrammePages } from "./programmes";

export function registerGrantsArea(r: Router, a: WebArea): void {
  registerProgrammeListPage(r, a);
  registerProgrammePages(r, a);
  registerPlanPage(r, a);
}
