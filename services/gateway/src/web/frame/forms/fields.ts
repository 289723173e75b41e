/**
 * GOV.UK form fields as data, for the shared form page (views/form-page.njk): each builder gives the
 * component's parameters with the value typed so far and the field's error, so every form keeps what
 * was typed and marks what was wrong the same way.
 */
export type Values = Record<string, unknown>;
export type Errors = Record<string, string>;
export interface Field {
  kind: "input" | "textarea" | "radios" | "checkboxes" | "select" | "date" | "file" | "fieldset" | "html";
  params?: Record<string, unknown>;
  /** A fieldset's own fields (one level). */
  fields?: Field[];
  html?: string;
}
export interface Item {
  value: string;
  text: string;
  hint?: string;
}

/** A posted form field as one trimmed string (the first, if the field was sent more than once). */
/** What a pounds box says when what was typed is not an amount. */
export const AMOUNT_PROBLEM = "Enter an amount in pounds and pence, like £1,250.00";

export const posted = (b: Record<string, unknown>, k: string) =>
  String((Array.isArray(b[k]) ? b[k][0] : b[k]) ?? "").trim();

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? "") : v === undefined || v === null ? "" : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === "" ? [] : [String(v)]);
const error = (errors: Errors, id: string) => (errors[id] ? { text: errors[id] } : undefined);

export class FormFields {
  constructor(
    private readonly values: Values,
    private readonly errors: Errors,
  ) {}

  input(id: string, label: string, extra: Record<string, unknown> = {}): Field {
    return {
      kind: "input",
      params: {
        id,
        name: id,
        label: { text: label, classes: "govuk-label--s" },
        value: str(this.values[id]),
        errorMessage: error(this.errors, id),
        ...extra,
      },
    };
  }

  /** A box for pounds and pence as typed (`£1,250.00`, parsed by the kit's parsePounds), never a number box. */
  money(id: string, label: string, extra: Record<string, unknown> = {}): Field {
    return this.input(id, label, {
      prefix: { text: "£" },
      inputmode: "decimal",
      spellcheck: false,
      classes: "govuk-input--width-10",
      ...extra,
    });
  }

  textarea(id: string, label: string, extra: Record<string, unknown> = {}): Field {
    return { ...this.input(id, label, extra), kind: "textarea" };
  }

  radios(id: string, legend: string, items: Item[], extra: Record<string, unknown> = {}): Field {
    const chosen = str(this.values[id]);
    return {
      kind: "radios",
      params: {
        idPrefix: id,
        name: id,
        fieldset: { legend: { text: legend, classes: "govuk-fieldset__legend--s" } },
        errorMessage: error(this.errors, id),
        items: items.map((i) => ({
          value: i.value,
          text: i.text,
          hint: i.hint ? { text: i.hint } : undefined,
          checked: i.value === chosen,
        })),
        ...extra,
      },
    };
  }

  checkboxes(id: string, legend: string, items: Item[], extra: Record<string, unknown> = {}): Field {
    const chosen = list(this.values[id]);
    return {
      ...this.radios(id, legend, items, extra),
      kind: "checkboxes",
      params: {
        ...this.radios(id, legend, items, extra).params,
        items: items.map((i) => ({
          value: i.value,
          text: i.text,
          hint: i.hint ? { text: i.hint } : undefined,
          checked: chosen.includes(i.value),
        })),
      },
    };
  }

  select(id: string, label: string, items: Item[], extra: Record<string, unknown> = {}): Field {
    const chosen = str(this.values[id]);
    return {
      kind: "select",
      params: {
        id,
        name: id,
        label: { text: label, classes: "govuk-label--s" },
        errorMessage: error(this.errors, id),
        items: items.map((i) => ({ value: i.value, text: i.text, selected: i.value === chosen })),
        ...extra,
      },
    };
  }

  /** A GOV.UK date input named `${id}-day`, `-month`, `-year`; its error links to the day box. */
  date(id: string, legend: string, hint: string): Field {
    const bad = this.errors[id] ? " govuk-input--error" : "";
    const part = (name: string, width: number) => ({
      name,
      classes: `govuk-input--width-${width}${bad}`,
      value: str(this.values[`${id}-${name}`]),
    });
    return {
      kind: "date",
      params: {
        id,
        namePrefix: id,
        fieldset: { legend: { text: legend, classes: "govuk-fieldset__legend--s" } },
        hint: { text: hint },
        errorMessage: error(this.errors, id),
        items: [part("day", 2), part("month", 2), part("year", 4)],
      },
    };
  }

  file(id: string, label: string, hint: string): Field {
    return {
      kind: "file",
      params: {
        id,
        name: id,
        label: { text: label, classes: "govuk-label--s" },
        hint: { text: hint },
        errorMessage: error(this.errors, id),
      },
    };
  }

  fieldset(legend: string, fields: Field[]): Field {
    return { kind: "fieldset", params: { legend: { text: legend, classes: "govuk-fieldset__legend--m" } }, fields };
  }
}

export interface FormSpec {
  action: string;
  heading?: string;
  /** Multipart forms carry the CSRF token in the address: the body is streamed, not parsed first. */
  multipart?: boolean;
  fields: Field[];
  submit: string;
  /** Further buttons: same form, another action (GOV.UK secondary buttons). */
  more?: { text: string; formaction: string; classes?: string }[];
}
