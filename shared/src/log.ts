import pino, { type DestinationStream, type Logger } from "pino";
import { currentContext } from "./context";

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

/** `destination` defaults to stdout; tests pass their own to read what would be written. */
export function createLogger(service: string, level = "info", destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // Every line written while handling a request carries its correlation id and caller.
    mixin() {
      const ctx = currentContext();
      if (!ctx) return {};
      return { correlationId: ctx.correlationId, caller: ctx.caller?.subject };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
