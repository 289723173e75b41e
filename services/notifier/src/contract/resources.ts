import { OPCC_ANY, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

// A partner's webhook subscription (and its deliveries): its chair and partner systems manage it,
// its officers see it; the OPCC sees every one, its administrators manage any.
export const WEBHOOK_SUBSCRIPTION = resourceKind("webhook-subscription", {
  read: { ...OPCC_ANY, ...PARTNER_OWN },
  create: { "opcc-admin": "any", "csp-chair": "own", "partner-system": "own" },
  update: { "opcc-admin": "any", "csp-chair": "own", "partner-system": "own" },
});

export const NOTIFIER_KINDS = [WEBHOOK_SUBSCRIPTION];
