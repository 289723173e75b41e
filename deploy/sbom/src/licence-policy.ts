/**
 * The licence rule for the software bill of materials: every component must carry a licence that
 * the policy allows (an SPDX id, or an expression whose every alternative of some OR branch is
 * allowed), unless the policy names it as an exception with a reason. Pure, so it is unit-tested.
 */

export interface LicencePolicy {
  allow: string[];
  /** Our own workspace packages (private, not licensed to anyone else). */
  firstPartyGroup: string;
  /** `name` or `name@version` (name with its scope) -> the written reason it is accepted. */
  exceptions: Record<string, string>;
}

/** The parts of a CycloneDX 1.6 component that the rule reads. */
export interface BomComponent {
  group?: string;
  name: string;
  version?: string;
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
}

export interface Offender {
  component: string;
  licences: string;
  reason: string;
}

export const componentName = (c: BomComponent) => (c.group ? `${c.group}/${c.name}` : c.name);

/** The licences a component declares, as SPDX ids, names or expressions. */
export function declaredLicences(c: BomComponent): string[] {
  return (c.licenses ?? []).map((l) =>
    "expression" in l ? l.expression : (l.license.id ?? l.license.name ?? "").trim(),
  );
}

/**
 * True if an SPDX expression can be satisfied with allowed licences only: some OR branch whose
 * every AND term is allowed. `WITH` exceptions are judged by the licence they qualify.
 */
export function expressionAllowed(expression: string, allow: ReadonlySet<string>): boolean {
  const clean = expression.replace(/[()]/g, " ").trim();
  if (clean === "") return false;
  return clean.split(/\s+OR\s+/i).some((branch) =>
    branch
      .split(/\s+AND\s+/i)
      .map((term) => term.split(/\s+WITH\s+/i)[0]?.trim() ?? "")
      .every((id) => allow.has(id)),
  );
}

/** Every component whose licence the policy does not allow, with why. Empty means compliant. */
export function licenceOffenders(components: BomComponent[], policy: LicencePolicy): Offender[] {
  const allow = new Set(policy.allow);
  const out: Offender[] = [];
  for (const c of components) {
    if (c.group === policy.firstPartyGroup) continue;
    const name = componentName(c);
    if (policy.exceptions[name] || policy.exceptions[`${name}@${c.version}`]) continue;
    const licences = declaredLicences(c);
    const label = `${name}@${c.version ?? "?"}`;
    if (licences.length === 0) {
      out.push({ component: label, licences: "", reason: "declares no licence" });
      continue;
    }
    // A component listing several licences must honour each of them.
    const refused = licences.filter((l) => !expressionAllowed(l, allow));
    if (refused.length > 0)
      out.push({
        component: label,
        licences: licences.join(", "),
        reason: `not on the allow-list: ${refused.join(", ")}`,
      });
  }
  return out;
}
