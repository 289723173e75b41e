/**
 * A business case's links to joint strategic assessment priorities: names
 * `assessments/<id>/priorities/<CODE>`, checked against the cycle's template through the
 * assessments service with the caller's own token (the kit's clients forward it), so a priority the
 * cycle does not have, or a cycle the caller cannot see, is refused with the field named. (Here, not
 * in the assessments contract: assessments already builds on the grants contract for plan links,
 * and project references cannot go both ways.)
 */
import {
  AppError,
  createClient,
  type FieldViolation,
  type LoadedProtos,
  serviceConstructor,
  unary,
} from "@csp-mesh/kit";
import { type ChannelCredentials, type Client, status } from "@grpc/grpc-js";

/** `assessments/<id>/priorities/<CODE>` split into the cycle's name and the code, or undefined. */
export function parsePriorityName(name: string): { cycle: string; code: string } | undefined {
  const m = /^(assessments\/[a-z0-9][a-z0-9-]{1,62})\/priorities\/([A-Z][A-Z0-9_-]{1,31})$/.exec(name);
  return m ? { cycle: m[1] as string, code: m[2] as string } : undefined;
}

export interface CycleView {
  template?: { themes: { code: string; title: string }[] } | null;
}

/** A problem naming `field(i)` for each name that is malformed or not a theme of its cycle (null: no such cycle). */
export async function priorityProblems(
  names: string[],
  field: (i: number) => string,
  cycleOf: (cycle: string) => Promise<CycleView | null>,
): Promise<FieldViolation[]> {
  const out: FieldViolation[] = [];
  for (const [i, name] of names.entries()) {
    const parsed = parsePriorityName(name);
    if (!parsed) {
      out.push({ field: field(i), description: "must be a priority's name like assessments/<id>/priorities/<CODE>" });
      continue;
    }
    const cycle = await cycleOf(parsed.cycle);
    if (!cycle) out.push({ field: field(i), description: `there is no assessment cycle ${parsed.cycle}` });
    else if (!cycle.template?.themes.some((t) => t.code === parsed.code))
      out.push({ field: field(i), description: `${parsed.cycle} has no priority ${parsed.code}` });
  }
  return out;
}

export class PriorityLinks {
  private readonly client: Client | undefined;

  /** Without an address the service links nothing: a link given is refused as UNAVAILABLE. */
  constructor(protos: LoadedProtos, address: string | undefined, channel?: ChannelCredentials) {
    this.client = address
      ? createClient<Client>(serviceConstructor(protos, "csp.assessments.v1.AssessmentsService"), address, {
          idempotentMethods: ["GetCycle"],
          defaultDeadlineMs: 5_000,
          ...(channel ? { channelCredentials: channel } : {}),
        })
      : undefined;
  }

  /** The problems with the names given (each cycle read once); none when every one is a priority of its cycle. */
  async problems(names: string[], field: (i: number) => string): Promise<FieldViolation[]> {
    if (names.length === 0) return [];
    const client = this.client;
    if (!client)
      throw new AppError(
        "UNAVAILABLE",
        "assessment priorities cannot be checked: the assessments service is not configured",
      );
    const cycles = new Map<string, Promise<CycleView | null>>();
    const cycleOf = (name: string) => {
      if (!cycles.has(name))
        cycles.set(
          name,
          unary<unknown, CycleView>(client, "GetCycle", { name }).catch((err: unknown) => {
            if ((err as { code?: number }).code === status.NOT_FOUND) return null;
            throw err;
          }),
        );
      return cycles.get(name) as Promise<CycleView | null>;
    };
    return priorityProblems(names, field, cycleOf);
  }

  close(): void {
    this.client?.close();
  }
}
