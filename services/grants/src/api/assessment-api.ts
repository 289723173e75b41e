/**
 * csp.grants.v1.GrantsService, assessment: declarations of interest, scores against the rubric and
 * the decision (OPCC). An award commits its amount in the programme's ledger first (one small
 * document, conditional writes: never more than the budget however many decide at once), then the
 * award is made, then the application records the decision; each step finds its own earlier result,
 * so a decision interrupted part-way completes when asked again.
 */
import {
  type AnyMethodSpec,
  AppError,
  type Caller,
  commandKey,
  contentSha256,
  enforce,
  failedPrecondition,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  newestFirst,
} from "@csp-mesh/kit";
import {
  GRANT_APPLICATION,
  GrantApplicationDecided,
  GrantApplicationScored,
  GrantAwardOffered,
  GrantInterestDeclared,
} from "../contract";
import { requestedPence, type Version } from "../domain/application";
import {
  type DecisionKind,
  decideRefusal,
  decisionProblems,
  maxTotal,
  type Refusal,
  scoreProblems,
  scoreRefusal,
  weightedTotal,
} from "../domain/assessment";
import { agreementTerms } from "../domain/award";
import { commit } from "../domain/ledger";
import { trancheAmounts } from "../domain/programme";
import { outcomesOf } from "../domain/summary";
import { SOURCE } from "../source";
import type { ApplicationDoc, AwardDoc, LedgerDoc, ProgrammeDoc } from "../store/documents";
import { applicationToProto, rubricOf } from "./mapping";
import { decideApplicationSchema, declareInterestSchema, scoreApplicationSchema } from "./schemas";
import { awardOf, ledgerOf, type Stores } from "./stores";

const refuse = (r: Refusal | undefined) => {
  if (r) throw new AppError(r.code, r.message);
};

/** What the assessment rules read of an application. */
const facts = (d: ApplicationDoc) => {
  const latest = d.versions.at(-1) as Version | undefined;
  return {
    accepted: latest?.outcome === "ACCEPTED",
    latestVersion: latest?.version ?? 0,
    decided: d.decision !== undefined,
    interests: d.interests ?? [],
    scorings: d.scorings ?? [],
  };
};

export function assessmentMethods(stores: Stores): Record<string, AnyMethodSpec> {
  const { programmes, applications, ledgers, awards } = stores;

  /** The application the OPCC caller assesses, and its programme. */
  const toAssess = async (caller: Caller, name: string) => {
    const app = await applications.get(caller, name);
    enforce(caller, "review", GRANT_APPLICATION, app, name);
    const programme = (await programmes.getInternal(app.programme)) as ProgrammeDoc;
    return { app, programme };
  };
  const who = (caller: Caller) => ({ scorer: caller.subject, scorerName: caller.displayName ?? caller.subject });
  /** Events about the OPCC's own working: not addressed to the applicant (its webhooks never carry them). */
  const internal = (d: ApplicationDoc, caller: Caller) => ({
    programme: d.programme,
    application: d._id,
    partner: "",
    actor: caller.subject,
    classification: d.classification,
  });

  /** The ledger of the programme, made on first use (deterministically named: two first uses make one). */
  const ledgerFor = async (programme: ProgrammeDoc): Promise<LedgerDoc> => {
    const name = ledgerOf(programme._id);
    const existing = await ledgers.getInternal(name);
    if (existing) return existing;
    const now = new Date();
    return ledgers.create(
      {
        _id: name,
        programme: programme._id,
        owner: programme.owner,
        classification: programme.classification,
        budgetPence: programme.budgetPence,
        commitments: [],
        createTime: now,
        updateTime: now,
        etag: newEtag(),
        commands: [],
        requestId: `auto:${name}`,
        requestHash: "ledger",
        sortKey: name,
      },
      [],
    );
  };

  /** The award as made from the decision: the approved projects, the programme's conditions and tranche shares. */
  const awardDoc = (
    app: ApplicationDoc,
    programme: ProgrammeDoc,
    amountPence: number,
    reasons: string,
    caller: Caller,
  ) => {
    const name = awardOf(programme._id, app.owner);
    const accepted = app.versions.at(-1) as Version;
    const amounts = trancheAmounts(amountPence, programme.tranches);
    const now = new Date();
    const doc: AwardDoc = {
      _id: name,
      programme: programme._id,
      programmeTitle: programme.title,
      year: programme.year,
      application: app._id,
      owner: app.owner,
      ownerName: app.ownerName,
      classification: app.classification,
      releasedToPanel: false,
      amountPence,
      requestedPence: requestedPence(accepted.content),
      purposes: accepted.content.projects.map((p) => p.title),
      outcomes: outcomesOf(accepted.content.projects),
      conditions: programme.conditions,
      tranches: programme.tranches.map((t, i) => ({
        number: i + 1,
        amountPence: amounts[i] ?? 0,
        trigger: t.trigger,
        state: "SCHEDULED" as const,
      })),
      reasons,
      state: "OFFERED",
      decidedBy: caller.subject,
      createTime: now,
      updateTime: now,
      etag: newEtag(),
      commands: [],
      requestId: `auto:${name}`,
      requestHash: "award",
      sortKey: newestFirst(now, name),
    };
    return { ...doc, agreementSha256: contentSha256(agreementTerms(doc)) };
  };

  return {
    DeclareInterest: method({
      request: declareInterestSchema,
      handler: async (req, { caller }) => {
        const { app } = await toAssess(caller, req.name);
        if (req.conflict && req.details.trim() === "")
          throw invalidArgument("describe the conflict of interest", [
            { field: "details", description: "describe the conflict of interest" },
          ]);
        const next = await applications.mutate(app, commandKey(req.requestId, req), (doc) => {
          const interests = doc.interests ?? [];
          if (interests.some((i) => i.scorer === caller.subject))
            throw failedPrecondition(
              "you have already declared your interest in this application; a declaration is never changed",
            );
          const interest = { ...who(caller), conflict: req.conflict, details: req.details, time: new Date() };
          return {
            set: { interests: [...interests, interest] },
            events: [
              newEvent(GrantInterestDeclared, SOURCE, doc._id, {
                ...internal(doc, caller),
                scorer: caller.subject,
                conflict: req.conflict,
              }),
            ],
          };
        });
        return applicationToProto(next, caller);
      },
    }),

    ScoreApplication: method({
      request: scoreApplicationSchema,
      handler: async (req, { caller }) => {
        const { app, programme } = await toAssess(caller, req.name);
        const rubric = rubricOf(programme);
        refuse(scoreRefusal(facts(app), caller.subject, req.version));
        const problems = scoreProblems(req.scores, rubric);
        if (problems.length > 0)
          throw invalidArgument(`invalid scores: ${problems.map((p) => p.field).join(", ")}`, problems);
        const next = await applications.mutate(app, commandKey(req.requestId, req), (doc) => {
          refuse(scoreRefusal(facts(doc), caller.subject, req.version));
          const total = weightedTotal(req.scores, rubric);
          const scoring = {
            ...who(caller),
            version: req.version,
            scores: req.scores,
            weightedTotal: total,
            maxTotal: maxTotal(rubric),
            comment: req.comment,
            time: new Date(),
          };
          return {
            set: { scorings: [...(doc.scorings ?? []).filter((s) => s.scorer !== caller.subject), scoring] },
            events: [
              newEvent(GrantApplicationScored, SOURCE, doc._id, {
                ...internal(doc, caller),
                scorer: caller.subject,
                version: req.version,
                weightedTotal: total,
              }),
            ],
          };
        });
        return applicationToProto(next, caller);
      },
    }),

    DecideApplication: method({
      request: decideApplicationSchema,
      handler: async (req, { caller }) => {
        const { app, programme } = await toAssess(caller, req.name);
        const decision = req.decision as DecisionKind | undefined;
        const award = decision === "AWARD" ? awardOf(programme._id, app.owner) : "";
        // A retry of the decision already recorded: the same answer, nothing done twice.
        if (app.decision && app.decision.decision === decision && app.decision.amountPence === req.amountPence)
          return applicationToProto(app, caller);
        refuse(decideRefusal(facts(app), caller.subject, programme.minScorers ?? 2));
        const accepted = app.versions.at(-1) as Version;
        const allocation =
          programme.kind === "ALLOCATION"
            ? (programme.allocations.find((a) => a.partner === app.owner)?.amountPence ?? 0)
            : undefined;
        const problems = decisionProblems(
          { decision, amountPence: req.amountPence, reasons: req.reasons },
          { requestedPence: requestedPence(accepted.content), allocationPence: allocation },
        );
        if (problems.length > 0)
          throw invalidArgument(`invalid decision: ${problems.map((p) => p.field).join(", ")}`, problems);
        const commitment = {
          award,
          recipient: app.owner,
          amountPence: req.amountPence,
          time: new Date().toISOString(),
        };
        if (req.validateOnly) {
          const ledger = await ledgers.getInternal(ledgerOf(programme._id));
          const checked = commit(programme.budgetPence, ledger?.commitments ?? [], commitment);
          if (decision === "AWARD" && !checked.ok)
            throw invalidArgument(checked.message, [{ field: "amount_pence", description: checked.message }]);
          return applicationToProto(app, caller);
        }
        if (decision === "AWARD") {
          const committed = async () => {
            const ledger = await ledgerFor(programme);
            await ledgers.mutate(ledger, undefined, (doc) => {
              const c = commit(doc.budgetPence, doc.commitments, commitment);
              if (!c.ok) throw invalidArgument(c.message, [{ field: "amount_pence", description: c.message }]);
              return c.changed ? { set: { commitments: c.commitments }, events: [] } : undefined;
            });
          };
          await committed();
          await awards.create(awardDoc(app, programme, req.amountPence, req.reasons, caller), [
            newEvent(GrantAwardOffered, SOURCE, award, {
              programme: programme._id,
              award,
              amountPence: req.amountPence,
              partner: app.owner,
              actor: caller.subject,
              classification: app.classification,
            }),
          ]);
          // A retry long after an interruption may meet the ledger sweep, which releases a
          // commitment with no award: committing again (a no-op otherwise) keeps the award counted.
          await committed();
        }
        const next = await applications.mutate(app, commandKey(req.requestId, req), (doc) => {
          // The same decision made twice at once is one decision; a different one is refused.
          if (doc.decision && doc.decision.decision === decision && doc.decision.amountPence === req.amountPence)
            return undefined;
          if (doc.decision) throw failedPrecondition("the application has already been decided");
          return {
            set: {
              decision: {
                decision: decision as DecisionKind,
                amountPence: req.amountPence,
                reasons: req.reasons,
                decidedBy: caller.subject,
                decidedByName: caller.displayName ?? caller.subject,
                time: new Date(),
                award,
              },
            },
            events: [
              newEvent(GrantApplicationDecided, SOURCE, doc._id, {
                programme: doc.programme,
                application: doc._id,
                decision: decision as DecisionKind,
                amountPence: req.amountPence,
                award,
                partner: doc.owner,
                actor: caller.subject,
                classification: doc.classification,
              }),
            ],
          };
        });
        return applicationToProto(next, caller);
      },
    }),
  };
}
