/**
 * The dated steps of a combination agreement that change the directory: on its effective date the
 * combined partnership appears and its constituents are combined into it; on the end date they are
 * active again and it is dissolved, with lineage both ways. Each step is the partners' writes, then
 * the agreement's: every write is conditional and a repeat changes nothing, so a step stopped half
 * way is completed by the next attempt (the sweep, every COMBINATION_SWEEP_MS, finds it by `due`).
 */
import { type AggregateStore, fingerprint, type Logger, newEvent } from "@csp-mesh/kit";
import { CombinationEnded, CombinationTookEffect, PartnerCreated, PartnerUpdated } from "../contract";
import { combinedLineage, effectRefusal, variedLineage } from "../domain/combination";
import { SOURCE } from "../source";
import type { CombinationDoc } from "../store/combinations";
import type { PartnerDoc } from "../store/documents";
import type { ResourceStore } from "../store/resource-store";
import { combinationSnapshot } from "./combination-mapping";
import { partnerSnapshot } from "./mapping";
import { londonToday } from "./today";

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/community safety partnership|\bcsp\b/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "combined";

const added = (list: string[] | undefined, name: string) => [...(list ?? []).filter((x) => x !== name), name];

export class CombinationEffects {
  constructor(
    private readonly combinations: AggregateStore<CombinationDoc>,
    private readonly partners: ResourceStore<PartnerDoc>,
    private readonly log: Logger,
  ) {}

  /** The combined partnership's resource name: from its name, unique among partners and agreements. */
  async combinedNameFor(doc: CombinationDoc): Promise<string> {
    if (doc.combinedPartner) return doc.combinedPartner;
    // A variation continues the combined partnership of the agreement it varies.
    if (doc.varies) {
      const varied = await this.combinations.getInternal(doc.varies);
      if (varied?.combinedPartner) return varied.combinedPartner;
    }
    const base = `partners/csp-${slug(doc.terms.combinedName)}`;
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      // Not a partner, nor kept for another agreement signed but not yet in force.
      const taken =
        (await this.partners.getInternal(candidate)) ||
        (await this.combinations.col.findOne({ combinedPartner: candidate }, { projection: { _id: 1 } }));
      if (!taken) return candidate;
    }
  }

  /** Applies the agreement's dated step if its date has come; the agreement as it then is. */
  async applyDue(doc: CombinationDoc, today = londonToday()): Promise<CombinationDoc> {
    const signed = { state: doc.state, effectiveDate: doc.terms.effectiveDate, agreementSha256: doc.agreement?.sha256 };
    if (doc.due === "effect" && !effectRefusal(signed, today)) return this.takeEffect(doc);
    if (doc.due === "end" && doc.ending && doc.ending.date <= today) return this.end(doc);
    return doc;
  }

  /** Every agreement whose dated step is due, applied: how many were. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const due of ["effect", "end"] as const)
      for (const doc of await this.combinations.col.find({ due }).toArray()) {
        const after = await this.applyDue(doc as CombinationDoc);
        if (after.due !== doc.due) n++;
      }
    return n;
  }

  private async takeEffect(doc: CombinationDoc): Promise<CombinationDoc> {
    if (doc.varies) return this.vary(doc, doc.varies);
    const combined = doc.combinedPartner as string;
    const lineage = combinedLineage({ ...doc.terms, parties: doc.parties }, combined);
    const first = await this.partners.getInternal(doc.terms.areas[0] as string);
    const accountable =
      first?.accountableBody && doc.parties.includes(first.accountableBody) ? first.accountableBody : null;
    await this.partners.systemCreate(
      {
        _id: combined,
        owner: combined,
        classification: "OFFICIAL",
        demo: false,
        requestId: `${doc._id}#combined`,
        requestHash: fingerprint({ combination: doc._id }),
        displayName: lineage.combined.displayName,
        kind: "CSP",
        status: "ACTIVE",
        members: lineage.combined.members,
        predecessors: lineage.combined.predecessors,
        combination: doc._id,
        accountableBody: accountable,
      },
      (p) => newEvent(PartnerCreated, SOURCE, p._id, partnerSnapshot(p)),
    );
    for (const c of lineage.constituents) await this.combine(c.name, combined, doc._id);
    return this.inForce(doc, combined);
  }

  /**
   * A variation in force: the combined partnership continues with the varied terms (members, name,
   * predecessors kept), areas joining are combined into it, areas leaving are active again; the
   * agreement varied is VARIED by this one, and this one is in force.
   */
  private async vary(doc: CombinationDoc, variedName: string): Promise<CombinationDoc> {
    const combined = doc.combinedPartner as string;
    const varied = await this.combinations.getInternal(variedName);
    if (!varied) throw new Error(`${doc._id} varies ${variedName}, which is missing`);
    const change = variedLineage(varied.terms.areas, doc.terms.areas);
    await this.partners.systemUpdate(
      combined,
      (p) =>
        p.combination === doc._id
          ? undefined
          : {
              set: {
                displayName: doc.terms.combinedName,
                members: [...doc.parties],
                predecessors: [...new Set([...(p.predecessors ?? []), ...change.predecessors])],
                // It stays the accountable body only while still a member.
                accountableBody:
                  p.accountableBody && doc.parties.includes(p.accountableBody) ? p.accountableBody : null,
                combination: doc._id,
              } as Partial<PartnerDoc>,
            },
      (p) => newEvent(PartnerUpdated, SOURCE, p._id, partnerSnapshot(p)),
    );
    for (const area of change.joining) await this.combine(area, combined, doc._id);
    for (const area of change.leaving) await this.separate(area, combined);
    await this.combinations.mutate(varied, undefined, (v) =>
      v.state !== "IN_FORCE" ? undefined : { set: { state: "VARIED", variedBy: doc._id }, events: [] },
    );
    return this.inForce(doc, combined);
  }

  /** `area` combined into `combined` (idempotent). */
  private combine(area: string, combined: string, combination: string) {
    return this.partners.systemUpdate(
      area,
      (p) =>
        p.status === "MERGED" && p.mergedInto === combined
          ? undefined
          : {
              set: {
                status: "MERGED",
                mergedInto: combined,
                successors: added(p.successors, combined),
                combination,
              } as Partial<PartnerDoc>,
            },
      (p) => newEvent(PartnerUpdated, SOURCE, p._id, partnerSnapshot(p)),
    );
  }

  /** `area` a separate partnership again, succeeding `combined` (idempotent). */
  private separate(area: string, combined: string) {
    return this.partners.systemUpdate(
      area,
      (p) =>
        p.status === "ACTIVE"
          ? undefined
          : {
              set: { status: "ACTIVE", predecessors: added(p.predecessors, combined) } as Partial<PartnerDoc>,
              unset: ["mergedInto"],
            },
      (p) => newEvent(PartnerUpdated, SOURCE, p._id, partnerSnapshot(p)),
    );
  }

  /** The agreement in force, with its event (once). */
  private async inForce(doc: CombinationDoc, combined: string): Promise<CombinationDoc> {
    const after = await this.combinations.mutate(doc, undefined, (d) => {
      if (d.state !== "SIGNED") return undefined;
      const set = { state: "IN_FORCE" as const, effectTime: new Date(), due: null };
      return {
        set,
        events: [newEvent(CombinationTookEffect, SOURCE, d._id, combinationSnapshot({ ...d, ...set }))],
      };
    });
    this.log.info({ combination: doc._id, combined }, "combination agreement in force");
    return after;
  }

  private async end(doc: CombinationDoc): Promise<CombinationDoc> {
    const combined = doc.combinedPartner as string;
    const areas = doc.terms.areas;
    await this.partners.systemUpdate(
      combined,
      (p) =>
        p.status === "DISSOLVED"
          ? undefined
          : { set: { status: "DISSOLVED", successors: [...areas] } as Partial<PartnerDoc> },
      (p) => newEvent(PartnerUpdated, SOURCE, p._id, partnerSnapshot(p)),
    );
    for (const area of areas) await this.separate(area, combined);
    const after = await this.combinations.mutate(doc, undefined, (d) => {
      if (d.state !== "IN_FORCE") return undefined;
      const set = { state: "ENDED" as const, endTime: new Date(), due: null };
      return {
        set,
        events: [newEvent(CombinationEnded, SOURCE, d._id, combinationSnapshot({ ...d, ...set }))],
      };
    });
    this.log.info({ combination: doc._id, combined }, "combination agreement ended");
    return after;
  }
}
