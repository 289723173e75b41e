/**
 * One error summary per form, the GOV.UK way: every problem found in one round (the page's own
 * checks and the service's field violations together), one message per field, each naming the field
 * and linking to it, listed in the order the fields appear on the page.
 */
import type { FieldViolation } from "@csp-mesh/kit";

export interface FieldSpec {
  /** Element id the summary links to (for a date input, its day box). */
  anchor?: string;
  /** Shown when the service refuses the value and no clearer page check applies. */
  message?: string;
  /** Without a fixed message: the field's name, put before the service's own description. */
  label?: string;
}

/** The kit's text-safety descriptions (shared/src/api/text-safety.ts textProblem). */
const TEXT_RULE = /^must not contain (control|bidirectional)/;

export class FormErrors {
  private readonly found = new Map<string, string>();

  /** `fields`: the form's fields in page order, with what to say when the service refuses one. */
  constructor(private readonly fields: Record<string, FieldSpec>) {}

  /** Records a problem; the first one found for a field is the one shown. */
  add(field: string, message: string): this {
    if (!this.found.has(field)) this.found.set(field, message);
    return this;
  }

  /**
   * Adds the service's field violations, mapped to form fields; the field's own GOV.UK message
   * stands in for the service's wording (except for the kit's text rule, which it would misstate). Violations of fields the form does not show are named
   * with the service's description, so nothing is silently dropped.
   */
  addViolations(violations: FieldViolation[], fieldOf: (grpcField: string) => string | undefined): this {
    for (const v of violations) {
      const field = fieldOf(v.field);
      const spec = field ? this.fields[field] : undefined;
      // The kit's text rule (control or bidi characters) is not what a field's usual message says.
      if (field && TEXT_RULE.test(v.description))
        this.add(field, `${spec?.label ?? capitalise(field.replace(/[_-]+/g, " "))} ${v.description}`);
      else if (field && spec?.message) this.add(field, spec.message);
      else if (field && spec?.label)
        this.add(field, `${spec.label}${/^must\b/.test(v.description) ? " " : ": "}${v.description}`);
      else this.add(field ?? v.field, capitalise(v.description));
    }
    return this;
  }

  get any(): boolean {
    return this.found.size > 0;
  }

  /** Inline messages by field name, for the templates' `errorMessage`. */
  get byField(): Record<string, string> {
    return Object.fromEntries(this.found);
  }

  /** The error summary's list, in page order, each linking to its field. */
  get summary(): { text: string; href: string }[] {
    const order = Object.keys(this.fields);
    const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
    return [...this.found]
      .sort((a, b) => rank(a[0]) - rank(b[0]))
      .map(([field, text]) => ({ text, href: `#${this.fields[field]?.anchor ?? field}` }));
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
