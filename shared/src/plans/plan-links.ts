/**
 * Links to the Police and Crime Plan's objectives (the grants service's PlansService), as other
 * services make them, kept in the kit as the directory's client is: a name
 * `plans/<id>/objectives/<CODE>`, checked against the grants service's PlansService with the
 * caller's own token (the kit's clients forward it), so an unknown objective is refused with the
 * field named wherever it is linked from (a s.10 response, a report request, an agenda item).
 */

import { type ChannelCredentials, type Client, status } from "@grpc/grpc-js";
import { AppError, type FieldViolation, invalidArgument } from "../errors";
import { createClient, unary } from "../grpc/client";
import { type LoadedProtos, serviceConstructor } from "../grpc/protos";

export const objectiveName = (plan: string, code: string) => `${plan}/objectives/${code}`;

/** `plans/<id>/objectives/<CODE>` split into the plan's name and the code, or undefined. */
export function parseObjectiveName(name: string): { plan: string; code: string } | undefined {
  const m = /^(plans\/[a-z0-9][a-z0-9-]{1,62})\/objectives\/([A-Z][A-Z0-9-]{0,31})$/.exec(name);
  return m ? { plan: m[1] as string, code: m[2] as string } : undefined;
}

export interface PlanView {
  objectives: { code: string; title: string }[];
}

/**
 * The titles of the objectives named, and a problem naming `field(i)` for each that is malformed or
 * missing from its plan (as `planOf` reads it: the latest version; null when there is no such plan).
 */
export async function objectiveTitles(
  names: string[],
  field: (i: number) => string,
  planOf: (plan: string) => Promise<PlanView | null>,
): Promise<{ titles: Map<string, string>; violations: FieldViolation[] }> {
  const titles = new Map<string, string>();
  const violations: FieldViolation[] = [];
  for (const [i, name] of names.entries()) {
    const parsed = parseObjectiveName(name);
    if (!parsed) {
      violations.push({
        field: field(i),
        description: "must be an objective's name like plans/<id>/objectives/<CODE>",
      });
      continue;
    }
    const plan = await planOf(parsed.plan);
    const objective = plan?.objectives.find((o) => o.code === parsed.code);
    if (!plan) violations.push({ field: field(i), description: `there is no plan ${parsed.plan}` });
    else if (!objective)
      violations.push({ field: field(i), description: `${parsed.plan} has no objective ${parsed.code}` });
    else titles.set(name, objective.title);
  }
  return { titles, violations };
}

export class PlanLinks {
  private readonly client: Client | undefined;

  /** Without an address the service links nothing: a link given is refused as UNAVAILABLE. */
  constructor(protos: LoadedProtos, address: string | undefined, channel?: ChannelCredentials) {
    this.client = address
      ? createClient<Client>(serviceConstructor(protos, "csp.grants.v1.PlansService"), address, {
          idempotentMethods: ["GetPlan"],
          defaultDeadlineMs: 5_000,
          ...(channel ? { channelCredentials: channel } : {}),
        })
      : undefined;
  }

  /**
   * Each objective's title ("Tackle violence against women and girls"), by name, and a problem
   * naming `field(i)` for every name that is malformed or that the plan's latest version lacks, for
   * a caller that reports them with its own (UNAVAILABLE without the grants service to ask).
   */
  async check(
    names: string[],
    field: (i: number) => string,
  ): Promise<{ titles: Map<string, string>; violations: FieldViolation[] }> {
    if (names.length === 0) return { titles: new Map(), violations: [] };
    // A malformed name is the caller's mistake whether or not the grants service is there to ask.
    const malformed = names.flatMap((n, i) =>
      parseObjectiveName(n)
        ? []
        : [{ field: field(i), description: "must be an objective's name like plans/<id>/objectives/<CODE>" }],
    );
    if (malformed.length > 0) return { titles: new Map(), violations: malformed };
    const client = this.client;
    if (!client)
      throw new AppError("UNAVAILABLE", "plan objectives cannot be checked: the grants service is not configured");
    const plans = new Map<string, Promise<PlanView | null>>();
    const planOf = (name: string) => {
      if (!plans.has(name))
        plans.set(
          name,
          unary<unknown, PlanView>(client, "GetPlan", { name }).catch((err: unknown) => {
            if ((err as { code?: number }).code === status.NOT_FOUND) return null;
            throw err;
          }),
        );
      return plans.get(name) as Promise<PlanView | null>;
    };
    return objectiveTitles(names, field, planOf);
  }

  /** The titles by name; INVALID_ARGUMENT naming each problem (see check). */
  async titles(names: string[], field: (i: number) => string): Promise<Map<string, string>> {
    const { titles, violations } = await this.check(names, field);
    if (violations.length > 0)
      throw invalidArgument(`unknown plan objectives: ${violations.map((v) => v.field).join(", ")}`, violations);
    return titles;
  }

  close(): void {
    this.client?.close();
  }
}
