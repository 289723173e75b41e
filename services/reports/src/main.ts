import { runMain } from "@csp-mesh/kit";
import { reportsSpec } from "./spec";

runMain(reportsSpec);
