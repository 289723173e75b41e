/**
 * csp.directory.v1.CombinationsService: combination agreements (CDA 1998 s.5A) from proposal to
 * their end. The rules are the domain's (domain/combination.ts); here each step reads the agreement,
 * asks the rule, and writes the result with its event under the agreement's etag. The dated steps
 * that change the directory (in force, ended) are combination-effects.ts.
 */
import { randomBytes } from "node:crypto";
import {
  type AggregateStore,
  type AnyMethodSpec,
  AppError,
  type Caller,
  commandKey,
  contentSha256,
  enforce,
  fingerprint,
  invalidArgument,
  isOpcc,
  listBaseSchema,
  method,
  newEtag,
  newEvent,
  newestFirst,
  protoEnum,
  requestIdSchema,
  resourceName,
} from "@csp-mesh/kit";
import { z } from "zod";
import {
  COMBINATION,
  CombinationConsentRecorded,
  CombinationDecided,
  CombinationProposed,
  CombinationSigned,
} from "../contract";
import {
  crossForce,
  decideRefusal,
  decisionViolations,
  type PartnerView,
  partiesOf,
  proposalViolations,
  type Refusal,
  recordConsent,
  STATUTORY_INTERESTS,
} from "../domain/combination";
import { SOURCE } from "../source";
import type { CombinationDoc } from "../store/combinations";
import type { PartnerDoc } from "../store/documents";
import type { ResourceStore } from "../store/resource-store";
import type { CombinationEffects } from "./combination-effects";
import { combinationSnapshot, combinationToProto } from "./combination-mapping";
import { londonToday } from "./today";

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.string().trim().max(10);
const name = resourceName("combinations");

const termsSchema = z.object({
  areas: z.array(resourceName("partners")).max(20),
  combinedName: text(200),
  rationale: text(10_000),
  governance: text(10_000),
  localDelivery: text(10_000),
  scrutiny: text(10_000),
  effectiveDate: isoDate,
  varies: z
    .string()
    .trim()
    .max(100)
    .default("")
    .refine((v) => v === "" || /^combinations\/[a-z0-9-]+$/.test(v), "combinations/<id>"),
});

const refuse = (r: Refusal | undefined) => {
  if (r) throw new AppError(r.code, r.message);
};
const invalid = (v: { field: string; description: string }[]) => {
  if (v.length > 0) throw invalidArgument(`invalid: ${v.map((x) => x.field).join(", ")}`, v);
};

export interface CombinationsDeps {
  combinations: AggregateStore<CombinationDoc>;
  partners: ResourceStore<PartnerDoc>;
  effects: CombinationEffects;
}

export function combinationsMethods(deps: CombinationsDeps): Record<string, AnyMethodSpec> {
  const { combinations, partners, effects } = deps;

  /** The partners a proposal names, and their members, as the directory holds them now. */
  const partnerViews = async (names: readonly string[]) => {
    const out = new Map<string, PartnerView>();
    const add = async (n: string) => {
      if (out.has(n)) return;
      const p = await partners.getInternal(n);
      if (p) out.set(n, { name: p._id, ...p, authoritySubtype: p.authoritySubtype });
    };
    for (const n of names) await add(n);
    for (const n of names) for (const m of out.get(n)?.members ?? []) await add(m);
    return out;
  };

  /** The agreement for a step by `action`, read under the caller's scope (NOT_FOUND otherwise). */
  const forStep = async (caller: Caller, n: string, action: "update" | "review") => {
    const doc = await combinations.get(caller, n);
    enforce(caller, action, COMBINATION, doc, n);
    return doc;
  };

  /**
   * The agreement a variation varies: in force, not ending, and with no other variation under way
   * (one at a time, so each is decided on the terms in force).
   */
  const variedAgreement = async (caller: Caller, n: string): Promise<CombinationDoc> => {
    const bad = (description: string): never => {
      throw invalidArgument(`invalid: terms.varies`, [{ field: "terms.varies", description }]);
    };
    const v = (await combinations.find(caller, n)) ?? bad(`there is no agreement ${n}`);
    if (v.state !== "IN_FORCE" || v.ending) bad("only an agreement in force, and not ending, is varied");
    const open = await combinations.col.find({ varies: n }, { projection: { state: 1 } }).toArray();
    if (open.some((x) => ["PROPOSED", "APPROVED", "SIGNED"].includes(x.state)))
      bad("a variation of it is already under way");
    return v;
  };

  const by = (caller: Caller) => ({ by: caller.subject, byName: caller.displayName ?? caller.subject });

  return {
    ProposeCombination: method({
      request: z.object({
        terms: termsSchema.nullable().refine((t) => t !== null, "required"),
        requestId: requestIdSchema,
      }),
      handler: async (req, { caller }) => {
        const terms = req.terms as z.infer<typeof termsSchema>;
        enforce(caller, "create", COMBINATION, { owner: caller.partner, classification: "OFFICIAL" }, "a combination");
        // A chair proposes for its own partnership; the OPCC for any.
        if (!isOpcc(caller) && !terms.areas.includes(caller.partner))
          throw new AppError("PERMISSION_DENIED", "a partnership's chair proposes a combination including it");
        const varied = terms.varies ? await variedAgreement(caller, terms.varies) : undefined;
        const views = await partnerViews(terms.areas);
        invalid(
          proposalViolations(terms, views, londonToday(), varied?.terms.areas).map((v) => ({
            ...v,
            field: `terms.${v.field}`,
          })),
        );
        const parties = partiesOf(terms.areas, views);
        const now = new Date();
        const id = `c-${now.getTime().toString(36)}-${randomBytes(4).toString("hex")}`;
        const doc: CombinationDoc = {
          _id: `combinations/${id}`,
          owner: caller.partner,
          addressees: [...terms.areas, ...parties],
          classification: "OFFICIAL",
          releasedToPanel: false,
          terms: varied ? terms : { ...terms, varies: undefined },
          ...(varied ? { varies: varied._id } : {}),
          state: "PROPOSED",
          parties,
          acrossPoliceAreas: crossForce(parties, views),
          consents: [],
          proposedBy: caller.subject,
          proposedByName: caller.displayName ?? caller.subject,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
          requestId: req.requestId || `auto:${id}`,
          requestHash: fingerprint(terms),
          sortKey: newestFirst(now, `combinations/${id}`),
          commands: [],
        };
        const stored = await combinations.create(doc, [
          newEvent(CombinationProposed, SOURCE, doc._id, combinationSnapshot(doc)),
        ]);
        return combinationToProto(stored);
      },
    }),

    GetCombination: method({
      request: z.object({ name }),
      handler: async (req, { caller }) => combinationToProto(await combinations.get(caller, req.name)),
    }),

    ListCombinations: method({
      request: listBaseSchema,
      handler: async (req, { caller }) => {
        const page = await combinations.listPage(caller, {}, req.pageSize, req.pageToken, "all");
        return { combinations: page.items.map(combinationToProto), nextPageToken: page.nextPageToken };
      },
    }),

    RecordConsent: method({
      request: z.object({
        name,
        party: resourceName("partners"),
        answer: protoEnum("CONSENT_ANSWER", ["CONSENTED", "REFUSED"] as const),
        reasons: text(5000).default(""),
        onBehalf: z
          .object({ decisionReference: text(100).default(""), decisionDate: isoDate.default("") })
          .nullable()
          .default(null),
      }),
      handler: async (req, { caller }) => {
        if (!req.answer) invalid([{ field: "answer", description: "CONSENTED or REFUSED" }]);
        const current = await forStep(caller, req.name, "update");
        const consent = {
          party: req.party,
          answer: req.answer as "CONSENTED" | "REFUSED",
          reasons: req.reasons,
          ...by(caller),
          ...(req.onBehalf && caller.partner !== req.party ? { onBehalf: req.onBehalf } : {}),
          time: new Date(),
        };
        const who = { partner: caller.partner, isOpcc: isOpcc(caller) };
        const first = recordConsent(current, consent, who);
        if (!first.ok) {
          if ("violations" in first) invalid(first.violations);
          else refuse(first.refusal);
        }
        // Two people answering for one party at once: the second recomputes on the first's result
        // and records nothing (the same answer) or is refused (another answer).
        const after = await combinations.mutate(current, undefined, (doc) => {
          const step = recordConsent(doc, consent, who);
          if (!step.ok) refuse("refusal" in step ? step.refusal : undefined);
          if (!step.ok || !step.changed) return undefined;
          const next = { ...doc, consents: step.consents };
          return {
            set: { consents: step.consents },
            events: [
              newEvent(
                CombinationConsentRecorded,
                SOURCE,
                doc._id,
                combinationSnapshot(next, { consent: { party: consent.party, answer: consent.answer } }),
              ),
            ],
          };
        });
        return combinationToProto(after);
      },
    }),

    DecideCombination: method({
      request: z.object({
        name,
        approve: z.boolean().default(false),
        interests: z
          .array(z.object({ interest: protoEnum("STATUTORY_INTEREST", STATUTORY_INTERESTS), reasons: text(5000) }))
          .max(3)
          .default([]),
        reasons: text(5000).default(""),
        cooperationArrangements: text(10_000).default(""),
        secretaryOfState: z
          .object({ agreed: z.boolean().default(false), reference: text(100).default(""), date: isoDate.default("") })
          .nullable()
          .default(null),
      }),
      handler: async (req, { caller }) => {
        const current = await forStep(caller, req.name, "review");
        refuse(decideRefusal(current));
        const missing = req.interests.findIndex((i) => !i.interest);
        if (missing >= 0)
          invalid([{ field: `interests[${missing}].interest`, description: "one of the three statutory interests" }]);
        const decision = {
          approve: req.approve,
          interests: req.interests as { interest: (typeof STATUTORY_INTERESTS)[number]; reasons: string }[],
          reasons: req.reasons,
          cooperationArrangements: req.cooperationArrangements,
          ...(req.secretaryOfState ? { secretaryOfState: req.secretaryOfState } : {}),
        };
        invalid(decisionViolations(decision, current.acrossPoliceAreas));
        const after = await combinations.mutate(current, commandKey(`decide:${current._id}`, {}), (doc) => {
          refuse(decideRefusal(doc));
          const state = decision.approve ? ("APPROVED" as const) : ("DECLINED" as const);
          const set = { state, decision: { ...decision, ...by(caller), time: new Date() }, releasedToPanel: true };
          return {
            set,
            events: [
              newEvent(
                CombinationDecided,
                SOURCE,
                doc._id,
                combinationSnapshot({ ...doc, ...set }, { approve: decision.approve }),
              ),
            ],
          };
        });
        return combinationToProto(after);
      },
    }),

    SignCombination: method({
      request: z.object({ name, text: text(100_000), signedDate: isoDate }),
      handler: async (req, { caller }) => {
        const current = await forStep(caller, req.name, "review");
        if (current.state !== "APPROVED")
          throw new AppError("FAILED_PRECONDITION", "an agreement is signed once the PCC has approved it");
        const today = londonToday();
        invalid([
          ...(req.text.length < 20
            ? [{ field: "text", description: "the agreement's text as signed (at least 20 characters)" }]
            : []),
          ...(!/^\d{4}-\d{2}-\d{2}$/.test(req.signedDate) || req.signedDate > today
            ? [{ field: "signed_date", description: "the date it was signed, YYYY-MM-DD, not after today" }]
            : []),
        ]);
        const combinedPartner = await effects.combinedNameFor(current);
        const agreement = { text: req.text, sha256: contentSha256(req.text), date: req.signedDate, ...by(caller) };
        const after = await combinations.mutate(current, undefined, (doc) => {
          if (doc.state !== "APPROVED") return undefined;
          const set = { state: "SIGNED" as const, agreement: { ...agreement, time: new Date() }, combinedPartner };
          const next = { ...doc, ...set, due: "effect" as const };
          return {
            set: { ...set, due: "effect" as const },
            events: [newEvent(CombinationSigned, SOURCE, doc._id, combinationSnapshot(next))],
          };
        });
        // In force at once when its date has come; otherwise the sweep brings it in on the day.
        return combinationToProto(await effects.applyDue(after));
      },
    }),

    EndCombination: method({
      request: z.object({ name, text: text(100_000), endDate: isoDate }),
      handler: async (req, { caller }) => {
        const current = await forStep(caller, req.name, "review");
        if (current.state !== "IN_FORCE" || current.ending)
          throw new AppError("FAILED_PRECONDITION", "only an agreement in force, not already ending, is ended");
        const variations = await combinations.col.find({ varies: current._id }, { projection: { state: 1 } }).toArray();
        if (variations.some((x) => x.state === "SIGNED"))
          throw new AppError("FAILED_PRECONDITION", "a signed variation of it awaits its date: end that instead");
        const today = londonToday();
        invalid([
          ...(req.text.length < 20
            ? [{ field: "text", description: "the parties' written agreement to end it (at least 20 characters)" }]
            : []),
          ...(!/^\d{4}-\d{2}-\d{2}$/.test(req.endDate) || req.endDate < today
            ? [
                {
                  field: "end_date",
                  description: "when the partnerships are separate again, YYYY-MM-DD, today or later",
                },
              ]
            : []),
        ]);
        const ending = { text: req.text, sha256: contentSha256(req.text), date: req.endDate, ...by(caller) };
        const after = await combinations.mutate(current, undefined, (doc) =>
          doc.state !== "IN_FORCE" || doc.ending
            ? undefined
            : { set: { ending: { ...ending, time: new Date() }, due: "end" }, events: [] },
        );
        return combinationToProto(await effects.applyDue(after));
      },
    }),
  };
}
