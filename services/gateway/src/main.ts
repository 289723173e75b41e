import { runMain } from "@csp-mesh/kit";
import { gatewaySpec } from "./spec";

runMain(gatewaySpec);
