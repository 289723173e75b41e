import { runMain } from "@csp-mesh/kit";
import { assessmentsSpec } from "./spec";

runMain(assessmentsSpec);
