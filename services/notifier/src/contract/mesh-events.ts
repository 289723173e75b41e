import { ASSESSMENT_EVENTS } from "@csp-mesh/assessments/contract";
import { DIRECTORY_EVENTS } from "@csp-mesh/directory/contract";
import { GRANT_EVENTS } from "@csp-mesh/grants/contract";
import type { EventDomain } from "@csp-mesh/kit";
import { MEETING_EVENTS } from "@csp-mesh/meetings/contract";
import { REPORT_EVENTS } from "@csp-mesh/reports/contract";

/**
 * The mesh's public event API: every service's event domain, which the notifier relays to partner
 * systems by webhook. The audit ledger records the same domains, the gateway documents them as
 * AsyncAPI and the Kubernetes manifests give each its topic. A new service's events join the mesh
 * once its domain is listed here.
 */
export const MESH_EVENT_DOMAINS: EventDomain[] = [
  DIRECTORY_EVENTS,
  REPORT_EVENTS,
  MEETING_EVENTS,
  ASSESSMENT_EVENTS,
  GRANT_EVENTS,
];

/** Every event type a webhook subscription may name. */
export const WEBHOOK_EVENT_TYPES: string[] = MESH_EVENT_DOMAINS.flatMap((d) => d.events.map((e) => e.type));
