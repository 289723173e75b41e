/**
 * `import "@csp-mesh/kit/tracing"`, first in each service's main.ts: starts OpenTelemetry when the
 * OTEL_* variables ask for it, before grpc-js, http, express, kafkajs and mongodb are loaded, so their
 * instrumentation can patch them. Loads nothing else.
 */
import { startTracing } from "./tracing";

startTracing();
