import { AsyncLocalStorage } from "node:async_hooks";
import type { Caller } from "./auth/caller";

/** What follows a request through gRPC handlers, downstream calls and the events it causes. */
export interface RequestContext {
  correlationId: string;
  caller?: Caller;
  /** The caller's bearer token, forwarded on downstream calls made on its behalf. Never logged. */
  token?: string;
  deadline?: Date;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Accepts a caller-supplied correlation id only if it is short and harmless in logs and headers. */
export function acceptCorrelationId(value: unknown): string | undefined {
  return typeof value === "string" && CORRELATION_ID.test(value) ? value : undefined;
}
