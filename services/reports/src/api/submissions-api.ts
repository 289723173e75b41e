/**
 * An addressee's submissions: its draft, each submitted version, the latest answers side by side,
 * and the OPCC's review (accept or return) of a version.
 */
import {
  type AnyMethodSpec,
  AppError,
  type Caller,
  commandKey,
  contentSha256,
  type FieldViolation,
  fingerprint,
  fromZodError,
  invalidArgument,
  method,
  newEvent,
  notFound,
  readsAs,
} from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { ReportAccepted, ReportAnswersExported, ReportReturned, ReportSubmitted } from "../contract";
import { publishesOnAcceptance } from "../domain/report-request";
import { type Answers, answersSchema } from "../domain/sections";
import { SOURCE } from "../source";
import type { AttachmentDoc, RequestDoc, SubmissionDoc } from "../store/documents";
import { RequestStore } from "../store/requests-store";
import { draftName, RetriedSubmission, submissionName } from "../store/submissions-store";
import {
  answersFromProto,
  attachmentRef,
  draftToProto,
  requestToProto,
  seesAllAddressees,
  submissionToProto,
} from "./mapping";
import { forAction, type ReportsDeps } from "./request-commands";
import {
  exportAnswersSchema,
  getDraftSchema,
  getSubmissionSchema,
  listSubmissionsSchema,
  type ProtoAnswer,
  reviewSchema,
  saveDraftSchema,
  submitSchema,
} from "./schemas";

/** Answers given over the wire, checked against the request's sections (all required ones when `complete`). */
function checkAnswers(doc: RequestDoc, list: ProtoAnswer[], complete: boolean): Answers {
  const { answers, violations } = answersFromProto(list, doc.sections);
  return validAnswers(doc, answers, violations, complete);
}

function validAnswers(doc: RequestDoc, answers: Answers, earlier: FieldViolation[], complete: boolean): Answers {
  const parsed = answersSchema(doc.sections, complete).safeParse(answers);
  const named = new Set(earlier.map((v) => v.field));
  const later = parsed.success ? [] : fromZodError(parsed.error, ["answers"]).fieldViolations;
  const all = [...earlier, ...later.filter((v) => !named.has(v.field))];
  if (all.length > 0) throw invalidArgument(`invalid answers: ${all.map((v) => v.field).join(", ")}`, all);
  return answers;
}

export function submissionsMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { requests, submissions, attachments } = deps;

  /** A version is real only once the request records it (a crashed submit may leave one behind). */
  const committed = async (s: SubmissionDoc) => {
    const doc = await requests.getInternal(s.reportRequest);
    const a = doc?.assignments.find((x) => x.partner === s.partner);
    return doc && a && a.latestVersion >= s.version ? doc : null;
  };

  return {
    SaveDraft: method({
      request: saveDraftSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.parent, "submit");
        const answers = checkAnswers(doc, req.answers, false);
        const files = await attachments.ownFor(caller, doc._id, req.attachments, "attachments");
        const mine = doc.assignments.find((a) => a.partner === caller.partner);
        // Check the lifecycle first so a refused draft is not written at all.
        if (mine && mine.state !== "DRAFT") {
          await requests.changeAssignment(doc, {
            partner: caller.partner,
            action: "save-draft",
            actor: caller.subject,
            actorName: caller.displayName,
            events: () => [],
          });
        } else if (!mine || doc.withdrawn) {
          throw new AppError("FAILED_PRECONDITION", `report request ${doc._id} is not open to your partnership`);
        }
        const draft = {
          _id: draftName(doc._id, caller.partner),
          reportRequest: doc._id,
          partner: caller.partner,
          owner: caller.partner,
          answers,
          attachments: files.map((f) => f._id),
          author: caller.subject,
          updateTime: new Date(),
          classification: doc.classification,
        };
        await submissions.saveDraft(draft);
        return draftToProto(draft, doc, files);
      },
    }),

    GetDraft: method({
      request: getDraftSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.parent, "submit");
        const draft = await submissions.getDraft(caller, doc._id);
        if (!draft) throw notFound(`draft of ${doc._id}`);
        const files = await attachments.ownFor(caller, doc._id, draft.attachments, "attachments");
        return draftToProto(draft, doc, files);
      },
    }),

    SubmitReport: method({
      request: submitSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.parent, "submit");
        // A retry is recognised by its request id and the request as sent (the draft may be gone by then).
        const requestHash = fingerprint({
          parent: req.parent,
          fromDraft: req.fromDraft,
          answers: req.answers,
          attachments: req.attachments,
        });
        const cmd = commandKey(req.requestId, { requestHash });
        const replay = RequestStore.replayed(doc, cmd);
        if (replay) {
          const first = await submissions.versions.findOne({
            _id: submissionName(doc._id, caller.partner, replay.version),
          });
          if (first) return submissionToProto(first, doc);
        }
        let answers: Answers;
        let files: AttachmentDoc[];
        if (req.fromDraft) {
          const draft = await submissions.getDraft(caller, doc._id);
          if (!draft) throw new AppError("FAILED_PRECONDITION", "there is no saved draft to submit");
          answers = validAnswers(doc, draft.answers, [], true);
          files = await attachments.ownFor(caller, doc._id, draft.attachments, "attachments");
        } else {
          answers = checkAnswers(doc, req.answers, true);
          files = await attachments.ownFor(caller, doc._id, req.attachments, "attachments");
        }
        const refs = files.map(attachmentRef);
        const mine = doc.assignments.find((a) => a.partner === caller.partner);
        const version = (mine?.latestVersion ?? 0) + 1;
        const name = submissionName(doc._id, caller.partner, version);
        const content = { answers, attachments: refs.map((r) => ({ name: r.filename, sha256: r.sha256 })) };
        const sub: SubmissionDoc = {
          _id: name,
          reportRequest: doc._id,
          partner: caller.partner,
          owner: caller.partner,
          version,
          answers,
          attachments: refs,
          contentSha256: contentSha256(content),
          author: caller.subject,
          ...(caller.displayName ? { authorName: caller.displayName } : {}),
          createTime: new Date(),
          classification: doc.classification,
          releasedToPanel: false,
          requestId: cmd ? `${caller.partner}:${cmd}` : `auto:${name}`,
          requestHash,
          sortKey: `${caller.partner}|${String(version).padStart(6, "0")}`,
        };
        try {
          await submissions.insertVersion(sub, (existing) => (mine?.latestVersion ?? 0) < existing.version);
        } catch (err) {
          if (err instanceof RetriedSubmission) return complete(err.first, doc, caller, cmd);
          throw err;
        }
        return complete(sub, doc, caller, cmd);
      },
    }),

    ExportLatestAnswers: method({
      request: exportAnswersSchema,
      handler: async (req, { caller }) => {
        const doc = await requests.get(caller, req.name);
        // The OPCC and the addressed partnerships only: the panel reads published reports elsewhere.
        const all = seesAllAddressees(caller, doc);
        const as = readsAs(caller);
        if (!all && !doc.addressees.some((a) => as.includes(a))) throw notFound(`report request ${req.name}`);
        const visible = doc.assignments.filter((a) => a.latestVersion > 0 && (all || as.includes(a.partner)));
        const latest: SubmissionDoc[] = [];
        for (const a of visible) {
          const s = await submissions.versions.findOne({ _id: submissionName(doc._id, a.partner, a.latestVersion) });
          if (s) latest.push(s);
        }
        if (req.forDownload)
          await requests.recordEvents(doc, [
            newEvent(ReportAnswersExported, SOURCE, doc._id, {
              reportRequest: doc._id,
              partner: all ? "" : caller.partner,
              actor: caller.subject,
              format: req.format || "csv",
              partnerships: latest.length,
              classification: doc.classification,
            }),
          ]);
        return {
          reportRequest: requestToProto(doc, caller),
          latest: latest.map((s) => submissionToProto(s, doc)),
        };
      },
    }),

    GetSubmission: method({
      request: getSubmissionSchema,
      handler: async (req, { caller }) => {
        const s = await submissions.get(caller, req.name);
        const doc = await committed(s);
        if (!doc) throw notFound(`submission ${req.name}`);
        return submissionToProto(s, doc);
      },
    }),

    ListSubmissions: method({
      request: listSubmissionsSchema,
      handler: async (req, { caller }) => {
        const doc = await requests.get(caller, req.parent);
        const filter: Filter<SubmissionDoc> = {
          reportRequest: doc._id,
          ...(req.partner ? { partner: req.partner } : {}),
        };
        const page = await submissions.list(caller, filter, req.pageSize, req.pageToken);
        const latest = new Map(doc.assignments.map((a) => [a.partner, a.latestVersion]));
        return {
          submissions: page.items
            .filter((s) => s.version <= (latest.get(s.partner) ?? 0))
            .map((s) => submissionToProto(s, doc)),
          nextPageToken: page.nextPageToken,
        };
      },
    }),

    ReviewSubmission: method({
      request: reviewSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.name, "review");
        const accept = req.decision === "ACCEPT";
        const publish = accept && publishesOnAcceptance(doc.legalBasis, doc.formalS7, doc.classification);
        const base = {
          reportRequest: doc._id,
          partner: req.partner,
          actor: caller.subject,
          version: req.version,
          classification: doc.classification,
        };
        const next = await requests.changeAssignment(doc, {
          partner: req.partner,
          action: accept ? "accept" : "return",
          actor: caller.subject,
          actorName: caller.displayName,
          reasons: req.reasons,
          reviewedVersion: req.version,
          command: commandKey(req.requestId, req),
          ...(publish ? { alsoSet: { releasedToPanel: true } } : {}),
          events: () => [
            accept
              ? newEvent(ReportAccepted, SOURCE, doc._id, { ...base, published: publish })
              : newEvent(ReportReturned, SOURCE, doc._id, { ...base, reasons: req.reasons }),
          ],
        });
        if (publish) {
          // After the acceptance is recorded, so a crash here fails closed; a retry with the
          // same request_id completes it.
          const name = submissionName(doc._id, req.partner, req.version);
          const version = await submissions.versions.findOne({ _id: name });
          await attachments.release((version?.attachments ?? []).map((a) => a.name));
          await submissions.release([name]);
        }
        return requestToProto(next, caller);
      },
    }),
  };

  /**
   * Second half of a submit: records the version on the request (state, history, event). Also
   * finishes a submit whose first half was written by an earlier attempt with the same request id.
   */
  async function complete(sub: SubmissionDoc, doc: RequestDoc, caller: Caller, cmd: string | undefined) {
    const mine = doc.assignments.find((a) => a.partner === caller.partner);
    if (mine && mine.latestVersion >= sub.version) return submissionToProto(sub, doc);
    try {
      const next = await requests.changeAssignment(doc, {
        partner: caller.partner,
        action: "submit",
        actor: caller.subject,
        actorName: caller.displayName,
        newVersion: sub.version,
        command: cmd,
        events: () => [
          newEvent(ReportSubmitted, SOURCE, doc._id, {
            reportRequest: doc._id,
            partner: caller.partner,
            actor: caller.subject,
            version: sub.version,
            contentSha256: sub.contentSha256,
            submission: sub._id,
            classification: doc.classification,
          }),
        ],
      });
      // Saving a draft always moves the addressee to DRAFT, so only then is there one to clear.
      if (mine?.state === "DRAFT") await submissions.deleteDraft(doc._id, caller.partner);
      return submissionToProto(sub, next);
    } catch (err) {
      await submissions.removeUncommitted(sub);
      throw err;
    }
  }
}
