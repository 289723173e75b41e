/**
 * The Police and Crime Plan as data: versions of objectives under stable codes. Pure: what a
 * version may contain, how objectives are named, what a new version must keep.
 */
import type { FieldViolation } from "@csp-mesh/kit";

export { objectiveName, parseObjectiveName } from "@csp-mesh/kit";

export interface Objective {
  code: string;
  title: string;
  description: string;
}

export interface PlanContent {
  title: string;
  period: string;
  objectives: Objective[];
}

export const OBJECTIVE_CODE = /^[A-Z][A-Z0-9-]{0,31}$/;
const PERIOD = /^(\d{4})-(\d{4})$/;

/**
 * Everything wrong with a version's content, each naming its field under `prefix`; `earlier` is
 * the previous version's objectives, every code of which the new version must keep.
 */
export function planProblems(p: PlanContent, earlier: Objective[] = [], prefix = "plan"): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });
  const period = PERIOD.exec(p.period);
  if (!period || Number(period[2]) <= Number(period[1]))
    add("period", 'the years the plan covers, such as "2025-2029"');
  if (p.objectives.length === 0) add("objectives", "give at least one objective");
  const seen = new Set<string>();
  p.objectives.forEach((o, i) => {
    if (!OBJECTIVE_CODE.test(o.code))
      add(
        `objectives[${i}].code`,
        "capital letters, digits and hyphens, starting with a letter (at most 32), e.g. VAWG",
      );
    else if (seen.has(o.code)) add(`objectives[${i}].code`, `${o.code} is given twice`);
    seen.add(o.code);
  });
  for (const o of earlier)
    if (!seen.has(o.code))
      add(
        "objectives",
        `objective ${o.code} is in the earlier version: keep it (you may change its title) so links to it stay valid`,
      );
  return out;
}
