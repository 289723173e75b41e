/** The report-request area's pages (CDA 1998 s.7), in matching order: `/requests/new` before `/requests/:id`. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerAnswerPages } from "./answers";
import { registerCreateRequestPages } from "./create";
import { registerRequestList } from "./list";
import { registerReportPages } from "./report";
import { registerRequestPages } from "./request-page";
import { registerVersionPages } from "./versions";

export function registerRequestArea(r: Router, a: WebArea): void {
  registerRequestList(r, a);
  registerCreateRequestPages(r, a);
  registerRequestPages(r, a);
  registerReportPages(r, a);
  registerVersionPages(r, a);
  registerAnswerPages(r, a);
}
