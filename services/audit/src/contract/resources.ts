import { resourceKind } from "@csp-mesh/kit";

/** The audit service's resource kind: the ledger is the OPCC administrators' alone. */
export const AUDIT_RECORD = resourceKind("audit-record", {
  read: { "opcc-admin": "any" },
});

export const AUDIT_KINDS = [AUDIT_RECORD];
