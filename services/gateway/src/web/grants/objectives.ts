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

/** Titles of the objectives a programme serves ("Violence against women and girls (Making Kent Safer)"), by name. */
export async function objectiveTitles(d: Downstream, token: string, names: string[]): Promise<Map<string, string>> {
  const planNames = [...new Set(names.map((o) => /^(plans\/[^/]+)\/objectives\//.exec(o)?.[1]).filter(Boolean))];
  const plans = await Promise.all(
    planNames.map((name) =>
      d.plans.GetPlan({ name: name as string }, token).catch((err: unknown) => {
        if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) return undefined;
        throw err;
      }),
    ),
  );
  return new Map(
    plans.flatMap((plan) => (plan ? plan.objectives.map((o) => [o.name, `${o.title} (${plan.title})`] as const) : [])),
  );
}

/**
 * The newest assessment cycle's priorities the person can see, as choices for a link
 * (assessments/<id>/priorities/<CODE>). None without an assessments service or a cycle.
 */
export async function priorityChoices(d: Downstream, token: string): Promise<{ value: string; text: string }[]> {
  try {
    const { cycles } = await d.assessments.ListCycles({ pageSize: 1 }, token);
    return cycles.flatMap((c) =>
      (c.template?.themes ?? []).map((t) => ({
        value: `${c.name}/priorities/${t.code}`,
        text: `${t.title} (${c.title})`,
      })),
    );
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === status.UNAVAILABLE) return [];
    throw err;
  }
}
