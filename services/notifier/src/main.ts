import { runMain } from "@csp-mesh/kit";
import { notifierSpec } from "./spec";

runMain(notifierSpec);
