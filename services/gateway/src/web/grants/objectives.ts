/**
 * The Police and Crime Plan's objectives as choices for a form that links to one (a s.10
 * response). Empty when the gateway has no grants service: the form then takes free text as before.
 */
import { isGrpcServiceError } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Downstream } from "../../downstream";

/** An objective's resource name, as a form posts it. */
export const OBJECTIVE_NAME = /^plans\/[a-z0-9][a-z0-9-]{1,62}\/objectives\/[A-Z][A-Z0-9-]{0,31}$/;

export async function objectiveChoices(d: Downstream, token: string): Promise<{ value: string; text: string }[]> {
  try {
    const { plans } = await d.plans.ListPlans({ pageSize: 20 }, token);
    return plans.flatMap((p) => p.objectives.map((o) => ({ value: o.name, text: `${o.title} (${p.title})` })));
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === status.UNAVAILABLE) return [];
    throw err;
  }
}
