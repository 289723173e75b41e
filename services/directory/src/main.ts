import { runMain } from "@csp-mesh/kit";
import { directorySpec } from "./spec";

runMain(directorySpec);
