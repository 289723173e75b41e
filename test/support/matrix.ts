/**
 * The access matrix's vocabulary (test/integration/access-matrix.e2e.test.ts): a row is one RPC
 * against a resource of the caller's own CSP or the other one, with the outcome written out for
 * every role. Rows of a service may live in a module of their own (test/support/matrix-*.ts).
 */

/** FAILED_PRECONDITION: let through, and refused for the resource's state (not for who asks). */
export type Outcome = "OK" | "NOT_FOUND" | "PERMISSION_DENIED" | "FAILED_PRECONDITION" | "EMPTY" | "SOME";
export type Actor = "admin" | "staff" | "panel" | "officer" | "chair" | "system";
export type Target = "own" | "other";

export interface Row {
  service:
    | "directory"
    | "combinations"
    | "audit"
    | "reports"
    | "meetings"
    | "assessments"
    | "notifier"
    | "notificationSettings"
    | "plans"
    | "grants"
    | "register";
  /** Streaming methods: how to drive them. */
  stream?: "upload" | "download";
  method: string;
  target: Target;
  /** Builds the request; may create what it needs with the admin token first. */
  request: (targetPartner: string, n: number) => Promise<unknown>;
  /** Needs no token (the request carries its own credential): left out of the token cases. */
  public?: boolean;
  /**
   * Key of the list in the response, for List methods: EMPTY/SOME are judged on it. A dotted path
   * reaches into a batch's answers ("responses.0.reportRequests").
   */
  list?: string;
  /**
   * A change whose resource the row's cells may share, as a read's (below): a refused call changes
   * nothing, and each of the OPCC's two people acts once on it (declares, scores, decides alike).
   */
  shared?: boolean;
  expect: Record<Actor, Outcome>;
}

/** The list at `path` (dotted keys and indexes) in a response; none there is an empty list. */
export function listAt(response: unknown, path: string): unknown[] {
  const found = path
    .split(".")
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], response);
  return Array.isArray(found) ? found : [];
}

export const all = (o: Outcome): Record<Actor, Outcome> => ({
  admin: o,
  staff: o,
  panel: o,
  officer: o,
  chair: o,
  system: o,
});
export const ADMIN_ONLY: Record<Actor, Outcome> = { ...all("PERMISSION_DENIED"), admin: "OK" };
/** The OPCC's people act; everyone who may see it is refused; no one else sees it. */
export const OPCC_ONLY: Record<Actor, Outcome> = { ...all("PERMISSION_DENIED"), admin: "OK", staff: "OK" };
