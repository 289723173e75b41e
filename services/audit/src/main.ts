import { runMain } from "@csp-mesh/kit";
import { auditSpec } from "./spec";

runMain(auditSpec);
