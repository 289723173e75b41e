// First: tracing must start before the modules it instruments are loaded.
import "@csp-mesh/kit/tracing";
import { runMain } from "@csp-mesh/kit";
import { grantsSpec } from "./spec";

runMain(grantsSpec);
