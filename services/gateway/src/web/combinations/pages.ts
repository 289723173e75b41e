/** The combinations area's pages: combination agreements (proposal, consents, the PCC's decision, signing, ending) and partnerships' lineage. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerAgreementPage } from "./agreement";
import { registerAgreementDecisionPages } from "./decisions";
import { registerAgreementDocumentPages } from "./documents";
import { registerLineagePage } from "./lineage";
import { registerCombinationListPage } from "./list";
import { registerProposalPages } from "./proposal";

export function registerCombinationsArea(r: Router, a: WebArea): void {
  registerCombinationListPage(r, a);
  // Before the agreement's own page: /combinations/:id would take "new".
  registerProposalPages(r, a);
  registerAgreementPage(r, a);
  registerAgreementDecisionPages(r, a);
  registerAgreementDocumentPages(r, a);
  registerLineagePage(r, a);
}
