import { runMain } from "@csp-mesh/kit";
import { meetingsSpec } from "./spec";

runMain(meetingsSpec);
