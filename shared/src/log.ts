import pino, { type DestinationStream, type Logger } from "pino";
import pinoPretty from "pino-pretty";
import { currentContext } from "./context";
import { currentTraceId } from "./tracing";

export type { Logger };

/** Keys whose values must never reach a log line, wherever they appear. */
const SECRET_KEYS = [
  "authorization",
  "token",
  "accessToken",
  "access_token",
  "clientSecret",
  "client_secret",
  "secret",
  "password",
  "privateKey",
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * `destination` defaults to stdout; tests pass their own to read what would be written. On a terminal
 * (format "auto") lines are printed readable and coloured by pino-pretty, in this process (no worker
 * thread), with the same fields; anywhere else they are JSON, one object per line.
 */
export function createLogger(
  service: string,
  level = "info",
  destination?: DestinationStream,
  format: "auto" | "pretty" | "json" = "auto",
): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // Every line written while handling a request carries its correlation id and caller, and (when
    // tracing) its trace id, so a log line leads to its trace and back.
    mixin() {
      const ctx = currentContext();
      const traceId = currentTraceId();
      return {
        ...(ctx ? { correlationId: ctx.correlationId, caller: ctx.caller?.subject } : {}),
        ...(traceId ? { traceId } : {}),
      };
    },
  };
  if (destination) return pino(options, destination);
  const pretty = format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
  return pretty
    ? pino(
        options,
        pinoPretty({
          colorize: true,
          singleLine: true,
          translateTime: "SYS:HH:MM:ss.l",
          messageFormat: "{service}: {msg}",
          ignore: "pid,hostname,name,service",
        }),
      )
    : pino(options);
}
