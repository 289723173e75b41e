import type { EventContract } from "./domain-event";

/** The events a service knows, by CloudEvents type. Produce and consume both validate against it. */
export class EventCatalog {
  private readonly byType = new Map<string, EventContract>();

  constructor(contracts: Iterable<EventContract>) {
    for (const c of contracts) this.byType.set(c.type, c);
  }

  get(type: string): EventContract | undefined {
    return this.byType.get(type);
  }

  domains(): string[] {
    return [...new Set([...this.byType.values()].map((c) => c.domain))].sort();
  }
}
