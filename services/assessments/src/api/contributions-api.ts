/**
 * A partnership's contribution: its working copy and submissions (the partnership), review and
 * s.10 responses (the OPCC).
 */

import {
  type AnyMethodSpec,
  aborted,
  type Caller,
  type Change,
  commandKey,
  enforce,
  failedPrecondition,
  invalidArgument,
  mayChangeReviewed,
  method,
  newEtag,
  newEvent,
  type PlanLinks,
  permissionDenied,
  reviewLatestVersion,
  type StoredItem,
  withSubmitted,
} from "@csp-mesh/kit";
import {
  ASSESSMENT_CONTRIBUTION,
  ASSESSMENT_CYCLE,
  AssessmentContributionAccepted,
  AssessmentContributionReturned,
  AssessmentContributionSubmitted,
  AssessmentResponseRecorded,
} from "../contract";
import {
  type Content,
  contentProblems,
  EMPTY_CONTENT,
  priorityKey,
  priorityTitle,
  usedVersion,
} from "../domain/contribution";
import { SOURCE } from "../source";
import type { ContributionDoc, CycleDoc } from "../store/documents";
import { contributionToProto } from "./mapping";
import {
  acceptSchema,
  contributionNameSchema,
  EVERY_CYCLE,
  listContributionsSchema,
  responseSchema,
  returnSchema,
  saveDraftSchema,
  submitSchema,
} from "./schemas";
import { contributionOf, cycleOf, type Stores } from "./stores";

const NOUN = "the contribution";

const about = (d: ContributionDoc, caller: Caller) => ({
  cycle: d.cycle,
  partner: d.owner,
  actor: caller.subject,
  classification: d.classification,
});

function checkContent(content: Content, cycle: CycleDoc, complete: boolean) {
  const problems = contentProblems(content, cycle.template, complete);
  if (problems.length > 0)
    throw invalidArgument(`invalid contribution: ${problems.map((p) => p.field).join(", ")}`, problems);
}

export function contributionsMethods(stores: Stores, links: PlanLinks): Record<string, AnyMethodSpec> {
  const { cycles, contributions } = stores;

  /** The cycle the caller's partnership contributes to, or the refusal saying why it may not. */
  const cycleToContribute = async (caller: Caller, name: string) => {
    const cycle = await cycles.get(caller, name);
    enforce(caller, "submit", ASSESSMENT_CYCLE, cycle, `cycle ${name}`);
    if (!cycle.addressees.includes(caller.partner))
      throw permissionDenied(`your partnership is not addressed by ${name}`);
    return cycle;
  };

  /** The caller's contribution as it would be made on first use: empty, not yet stored. */
  const blankContribution = (caller: Caller, cycle: CycleDoc): ContributionDoc => {
    const name = contributionOf(cycle._id, caller.partner);
    const now = new Date();
    return {
      _id: name,
      cycle: cycle._id,
      owner: caller.partner,
      classification: cycle.classification,
      draft: EMPTY_CONTENT,
      versions: [],
      responses: [],
      createTime: now,
      updateTime: now,
      etag: newEtag(),
      commands: [],
      // A deterministic request id: two first saves at once make one contribution.
      requestId: `auto:${name}`,
      requestHash: "contribution",
      sortKey: `${cycle._id}|${caller.partner}`,
    };
  };

  /**
   * The caller's contribution to the cycle. On first use it is created (empty), unless the call only
   * validates: then the blank one stands in and nothing is stored.
   */
  const ownContribution = async (caller: Caller, cycle: CycleDoc, validateOnly = false): Promise<ContributionDoc> => {
    const existing = await contributions.getInternal(contributionOf(cycle._id, caller.partner));
    if (existing) return existing;
    const blank = blankContribution(caller, cycle);
    return validateOnly ? blank : contributions.create(blank, []);
  };

  /** A new immutable version from `content`, with its event. */
  const submitted = (doc: ContributionDoc, caller: Caller, content: Content): Change<ContributionDoc> => {
    const { version, versions } = withSubmitted(doc.versions, content, caller, NOUN);
    return {
      set: { draft: content, versions },
      events: [
        newEvent(AssessmentContributionSubmitted, SOURCE, doc._id, {
          ...about(doc, caller),
          version: version.version,
          sha256: version.sha256,
        }),
      ],
    };
  };

  /** The OPCC's review of the latest version: returned with reasons, or accepted. */
  const reviewed = async (
    caller: Caller,
    req: { name: string; version: number; requestId: string },
    outcome: "RETURNED" | "ACCEPTED",
    reasons = "",
  ) => {
    const contract = outcome === "RETURNED" ? AssessmentContributionReturned : AssessmentContributionAccepted;
    const next = await reviewLatestVersion(contributions, caller, req, outcome, reasons, (doc, done) =>
      newEvent(contract, SOURCE, doc._id, { ...about(doc, caller), version: done.version, sha256: done.sha256 }),
    );
    return contributionToProto(next, caller);
  };

  return {
    SaveContributionDraft: method({
      request: saveDraftSchema,
      handler: async (req, { caller }) => {
        const cycle = await cycleToContribute(caller, req.cycle);
        checkContent(req.content, cycle, false);
        const current = await ownContribution(caller, cycle, req.validateOnly);
        const saved = (doc: ContributionDoc): Change<ContributionDoc> => {
          if (req.etag && doc.etag !== req.etag)
            throw aborted("the contribution has changed since you read it; read it again");
          const allowed = mayChangeReviewed(doc.versions, NOUN);
          if (!allowed.ok) throw failedPrecondition(allowed.message);
          return { set: { draft: req.content }, events: [] };
        };
        if (req.validateOnly) {
          saved(current);
          return contributionToProto(current, caller);
        }
        const next = await contributions.mutate(current, commandKey(req.requestId, req), saved);
        return contributionToProto(next, caller);
      },
    }),

    SubmitContribution: method({
      request: submitSchema,
      handler: async (req, { caller }) => {
        const cycle = await cycleToContribute(caller, req.cycle);
        // Content given is checked before anything is created; the working copy as it is when submitted.
        if (req.content) checkContent(req.content, cycle, true);
        const contentOf = (doc: ContributionDoc) => {
          if (req.content) return req.content;
          checkContent(doc.draft, cycle, true);
          return doc.draft;
        };
        const current = await ownContribution(caller, cycle, req.validateOnly);
        if (req.validateOnly) {
          submitted(current, caller, contentOf(current));
          return contributionToProto(current, caller);
        }
        const next = await contributions.mutate(current, commandKey(req.requestId, req), (doc) =>
          submitted(doc, caller, contentOf(doc)),
        );
        return contributionToProto(next, caller);
      },
    }),

    GetContribution: method({
      request: contributionNameSchema,
      handler: async (req, { caller }) => contributionToProto(await contributions.get(caller, req.name), caller),
    }),

    ListContributions: method({
      request: listContributionsSchema,
      handler: async (req, { caller }) => {
        const every = req.cycle === EVERY_CYCLE;
        if (!every) await cycles.get(caller, req.cycle);
        const fingerprint = `${req.cycle}|${req.state}`;
        // A state, or every cycle's: from the lists (the cycle a fact on each item); one cycle's
        // whole set: a query on the cycle's name (a few dozen at most).
        const page =
          every || req.state
            ? await contributions.listPage(
                caller,
                {
                  view: req.state ? ["state", req.state] : undefined,
                  ...(every ? {} : { match: (it: StoredItem) => it.f.cy === req.cycle }),
                },
                req.pageSize,
                req.pageToken,
                fingerprint,
              )
            : await contributions.list(caller, { cycle: req.cycle }, req.pageSize, req.pageToken, fingerprint);
        return {
          contributions: page.items.map((d) => contributionToProto(d, caller)),
          nextPageToken: page.nextPageToken,
          totalSize: every && req.state ? await contributions.count(caller, ["state", req.state]) : 0,
        };
      },
    }),

    ReturnContribution: method({
      request: returnSchema,
      handler: (req, { caller }) => reviewed(caller, req, "RETURNED", req.reasons),
    }),

    AcceptContribution: method({
      request: acceptSchema,
      handler: (req, { caller }) => reviewed(caller, req, "ACCEPTED"),
    }),

    RecordPriorityResponse: method({
      request: responseSchema,
      handler: async (req, { caller }) => {
        const current = await contributions.get(caller, req.name);
        enforce(caller, "review", ASSESSMENT_CONTRIBUTION, current, `contribution ${req.name}`);
        const cycle = await cycles.get(caller, cycleOf(req.name));
        // The plan objective, checked with the caller's token before anything is written.
        const titles = await links.titles(req.objective ? [req.objective] : [], () => "objective");
        const next = await contributions.mutate(current, commandKey(req.requestId, req), (doc) => {
          const used = usedVersion(doc.versions, cycle.compileFrom);
          if (!used) throw failedPrecondition("the partnership has no compiled version to respond to yet");
          const priority = used.content.priorities.find((p) => priorityKey(p) === req.priorityKey);
          if (!priority) {
            const keys = used.content.priorities.map(priorityKey).join(", ");
            throw invalidArgument(`${req.priorityKey} is not one of the partnership's compiled priorities`, [
              { field: "priority_key", description: `one of ${keys}` },
            ]);
          }
          const response = {
            priorityKey: req.priorityKey,
            priorityTitle: priorityTitle(priority, cycle.template),
            response: req.response,
            planObjective: req.planObjective,
            ...(req.objective ? { objective: req.objective, objectiveTitle: titles.get(req.objective) ?? "" } : {}),
            recordedBy: caller.subject,
            recordTime: new Date(),
          };
          return {
            set: { responses: [...doc.responses.filter((r) => r.priorityKey !== req.priorityKey), response] },
            events: [
              newEvent(AssessmentResponseRecorded, SOURCE, doc._id, {
                ...about(doc, caller),
                priorityKey: req.priorityKey,
              }),
            ],
          };
        });
        return contributionToProto(next, caller);
      },
    }),
  };
}
