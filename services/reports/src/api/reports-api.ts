import { randomBytes } from "node:crypto";
import {
  type AnyMethodSpec,
  AppError,
  type Caller,
  canonicalJson,
  commandKey,
  contentSha256,
  type DirectoryClient,
  enforce,
  type FieldViolation,
  fingerprint,
  fromZodError,
  invalidArgument,
  isOpcc,
  method,
  newEtag,
  newEvent,
  notFound,
  permissionDenied,
  ReportAccepted,
  ReportAcknowledged,
  ReportAnswersExported,
  ReportRequested,
  ReportReturned,
  ReportSubmitted,
  ReportWithdrawn,
  toProtoEnum,
  uploadParts,
} from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { ADDRESSEE_STATES } from "../domain/lifecycle";
import { formalS7Violations, publishesOnAcceptance } from "../domain/report-request";
import { listPlan } from "../domain/request-lists";
import { orderKeys, queryTerms } from "../domain/search-terms";
import { type Answers, answersSchema, sectionProblems } from "../domain/sections";
import { SOURCE } from "../source";
import type { AttachmentStore } from "../store/attachment-store";
import type { AttachmentDoc, RequestDoc, SubmissionDoc } from "../store/documents";
import { RequestStore } from "../store/requests-store";
import { draftName, RetriedSubmission, type SubmissionStore, submissionName } from "../store/submissions-store";
import { listQuery } from "./list-filter";
import {
  answersFromProto,
  attachmentRef,
  attachmentToProto,
  draftToProto,
  historyToProto,
  requestToProto,
  seesAllAddressees,
  submissionToProto,
} from "./mapping";
import {
  acknowledgeSchema,
  createRequestSchema,
  downloadSchema,
  exportAnswersSchema,
  getDraftSchema,
  getRequestSchema,
  getSubmissionSchema,
  historySchema,
  listPublishedSchema,
  listRequestsSchema,
  listSubmissionsSchema,
  type ProtoAnswer,
  reviewSchema,
  saveDraftSchema,
  submitSchema,
  uploadMessageSchema,
  withdrawSchema,
} from "./schemas";

export interface ReportsDeps {
  requests: RequestStore;
  submissions: SubmissionStore;
  attachments: AttachmentStore;
  directory: DirectoryClient;
}

const newRequestId = () => `rq-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

/** The request as an addressee or reviewer acts on it: visible (else NOT_FOUND), and the action allowed. */
async function forAction(deps: ReportsDeps, caller: Caller, name: string, action: "submit" | "review" | "update") {
  const doc = await deps.requests.get(caller, name);
  enforce(caller, action, "report-request", doc, `report request ${name}`);
  if (action === "submit" && !doc.addressees.includes(caller.partner))
    throw permissionDenied(`your partnership is not an addressee of ${name}`);
  return doc;
}

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

export function reportsMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { requests, submissions, attachments, directory } = deps;

  /** A version is real only once the request records it (a crashed submit may leave one behind). */
  const committed = async (s: SubmissionDoc) => {
    const doc = await requests.getInternal(s.reportRequest);
    const a = doc?.assignments.find((x) => x.partner === s.partner);
    return doc && a && a.latestVersion >= s.version ? doc : null;
  };

  return {
    CreateReportRequest: method({
      request: createRequestSchema,
      handler: async (req, { caller }) => {
        const r = req.reportRequest;
        const owner = caller.partner;
        enforce(caller, "create", "report-request", { owner, classification: r.classification }, "a report request");
        const problems = sectionProblems(r.sections).map((p) => ({
          field: `report_request.sections[${p.path[0]}].${String(p.path[1]).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
          description: p.message,
        }));
        const s7 = formalS7Violations(r.legalBasis as RequestDoc["legalBasis"], r.formalS7);
        const due = r.dueTime as Date;
        const timing =
          due.getTime() <= Date.now()
            ? [{ field: "report_request.due_time", description: "the due time must be in the future" }]
            : [];
        const who =
          !req.allActiveCsps && r.addressees.length === 0
            ? [
                {
                  field: "report_request.addressees",
                  description: "address at least one partnership, or all active CSPs",
                },
              ]
            : req.allActiveCsps && r.addressees.length > 0
              ? [{ field: "all_active_csps", description: "give addressees or all_active_csps, not both" }]
              : [];
        const violations = [...s7, ...problems, ...timing, ...who];
        if (violations.length > 0)
          throw invalidArgument(`invalid report request: ${violations.map((v) => v.field).join(", ")}`, violations);

        let addressees = [...new Set(r.addressees.map((a) => a.partner))];
        if (req.allActiveCsps) addressees = await directory.activePartnerships();
        else await directory.checkAddressees(addressees, (i) => `report_request.addressees[${i}].partner`);
        if (addressees.length === 0)
          throw invalidArgument("no active partnerships to address", [
            { field: "all_active_csps", description: "the directory has no active CSPs" },
          ]);

        const requestHash = fingerprint({ r: canonicalJson(r), all: req.allActiveCsps, owner });
        const id = newRequestId();
        const name = `reportRequests/${id}`;
        const now = new Date();
        const doc: RequestDoc = {
          _id: name,
          owner,
          addressees,
          assignments: addressees.map((partner) => ({
            partner,
            state: "REQUESTED",
            latestVersion: 0,
            reasons: "",
            updateTime: now,
            overdueRaised: false,
          })),
          addresseeStates: addressees.map((p) => `${p}|REQUESTED`),
          title: r.title,
          issueOfConcern: r.issueOfConcern,
          sections: r.sections,
          dueTime: due,
          classification: r.classification,
          legalBasis: r.legalBasis as RequestDoc["legalBasis"],
          ...(r.legalBasis === "FORMAL_S7" && r.formalS7 ? { formalS7: r.formalS7 } : {}),
          withdrawn: false,
          overdueOpen: true,
          releasedToPanel: false,
          etag: newEtag(),
          createTime: now,
          updateTime: now,
          createdBy: caller.subject,
          requestId: req.requestId ? `${owner}:${req.requestId}` : `auto:${name}`,
          requestHash,
          ...orderKeys(name, { title: r.title, dueTime: due, createTime: now }),
          history: [
            {
              time: now,
              actor: caller.subject,
              ...(caller.displayName ? { actorName: caller.displayName } : {}),
              partner: "",
              action: "create",
              from: "",
              to: "REQUESTED",
              version: 0,
              reasons: "",
            },
          ],
        };
        const event = newEvent(ReportRequested, SOURCE, name, {
          reportRequest: name,
          partner: "",
          actor: caller.subject,
          addressees,
          title: r.title,
          legalBasis: doc.legalBasis,
          dueTime: due.toISOString(),
          classification: r.classification,
        });
        if (req.validateOnly) return requestToProto(doc, caller);
        return requestToProto(await requests.create(doc, [event]), caller);
      },
    }),

    GetReportRequest: method({
      request: getRequestSchema,
      handler: async (req, { caller }) => requestToProto(await requests.get(caller, req.name), caller),
    }),

    ListReportRequests: method({
      request: listRequestsSchema,
      handler: async (req, { caller }) => {
        const now = new Date();
        const opcc = isOpcc(caller);
        // A partnership filters on its own slot; the OPCC on the addressee it names, if any.
        const who = opcc ? req.addressee || undefined : caller.partner;
        const { filter, key, descending } = listQuery(req, who, now);
        const { pageSize, pageToken, ...rest } = req;
        const order = { key, descending, fingerprint: JSON.stringify(rest) };
        const terms = queryTerms(req.query);
        // A search is answered from the search index and gives no counts: counting every match
        // would mean reading each one (see docs/architecture.md).
        if (terms.length > 0) {
          const found = await requests.searchPage(
            caller,
            await requests.search.rarestFirst(terms),
            filter,
            pageSize,
            pageToken,
            order,
          );
          return {
            reportRequests: found.items.map((d) => requestToProto(d, caller, now)),
            nextPageToken: found.nextPageToken,
            stateCounts: [],
            overdueCount: 0,
            awaitingCount: 0,
          };
        }
        const scope = requests.reader.scopeView(caller);
        if (scope === null)
          return { reportRequests: [], nextPageToken: "", stateCounts: [], overdueCount: 0, awaitingCount: 0 };
        const plan = listPlan(req, scope, who, now);
        const [page, counts] = await Promise.all([
          requests.reader.listPage(caller, plan, pageSize, pageToken, order.fingerprint),
          requests.reader.counts(plan.countsScope, now, {
            min: req.dueAfter?.toISOString(),
            max: req.dueBefore?.toISOString(),
          }),
        ]);
        return {
          reportRequests: page.items.map((d) => requestToProto(d, caller, now)),
          nextPageToken: page.nextPageToken,
          stateCounts: ADDRESSEE_STATES.map((s) => ({
            state: toProtoEnum("ADDRESSEE_STATE", s),
            count: counts.states.get(s) ?? 0,
          })),
          overdueCount: counts.overdue,
          awaitingCount: counts.awaiting,
        };
      },
    }),

    ListReportRequestHistory: method({
      request: historySchema,
      handler: async (req, { caller }) => {
        const doc = await requests.get(caller, req.name);
        const all = seesAllAddressees(caller, doc);
        const entries = doc.history.filter((h) => all || h.partner === "" || h.partner === caller.partner);
        const start = req.pageToken ? Number.parseInt(Buffer.from(req.pageToken, "base64url").toString(), 10) : 0;
        if (!Number.isInteger(start) || start < 0 || start > entries.length)
          throw invalidArgument("page_token is invalid", [
            { field: "page_token", description: "not from this history" },
          ]);
        const size = req.pageSize > 0 ? Math.min(req.pageSize, 500) : 100;
        const next = start + size < entries.length ? Buffer.from(String(start + size)).toString("base64url") : "";
        return { entries: entries.slice(start, start + size).map(historyToProto), nextPageToken: next };
      },
    }),

    WithdrawReportRequest: method({
      request: withdrawSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.name, "update");
        const cmd = commandKey(req.requestId, req);
        const base = {
          reportRequest: doc._id,
          actor: caller.subject,
          reasons: req.reasons,
          classification: doc.classification,
        };
        if (req.partner) {
          const next = await requests.changeAssignment(doc, {
            partner: req.partner,
            action: "withdraw",
            actor: caller.subject,
            actorName: caller.displayName,
            reasons: req.reasons,
            command: cmd,
            events: () => [
              newEvent(ReportWithdrawn, SOURCE, doc._id, { ...base, partner: req.partner, addressees: [req.partner] }),
            ],
          });
          return requestToProto(next, caller);
        }
        const next = await requests.withdrawAll(doc, caller, req.reasons, cmd, (from) => [
          newEvent(ReportWithdrawn, SOURCE, doc._id, { ...base, partner: "", addressees: from }),
        ]);
        return requestToProto(next, caller);
      },
    }),

    AcknowledgeReportRequest: method({
      request: acknowledgeSchema,
      handler: async (req, { caller }) => {
        const doc = await forAction(deps, caller, req.name, "submit");
        const next = await requests.changeAssignment(doc, {
          partner: caller.partner,
          action: "acknowledge",
          actor: caller.subject,
          actorName: caller.displayName,
          command: commandKey(req.requestId, req),
          events: () => [
            newEvent(ReportAcknowledged, SOURCE, doc._id, {
              reportRequest: doc._id,
              partner: caller.partner,
              actor: caller.subject,
              classification: doc.classification,
            }),
          ],
        });
        return requestToProto(next, caller);
      },
    }),

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
        if (!all && !doc.addressees.includes(caller.partner)) throw notFound(`report request ${req.name}`);
        const visible = doc.assignments.filter((a) => a.latestVersion > 0 && (all || a.partner === caller.partner));
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

    ListPublishedReports: method({
      request: listPublishedSchema,
      handler: async (req, { caller }) => {
        // Up to page_size accepted reports from the list read models (their requests read by
        // `_id`), then each report read by name with the caller's scope.
        const page = await requests.reader.publishedPage(caller, req.pageSize, req.pageToken);
        const found = await Promise.all(
          page.items.map(async ({ doc, partner }) => {
            const latest = doc.assignments.find((a) => a.partner === partner)?.latestVersion ?? 0;
            const s = await submissions.find(caller, submissionName(doc._id, partner, latest));
            return s?.releasedToPanel ? submissionToProto(s, doc) : null;
          }),
        );
        return { submissions: found.filter((s) => s !== null), nextPageToken: page.nextPageToken };
      },
    }),

    UploadAttachment: method({
      request: uploadMessageSchema,
      clientStream: async (messages, { caller }) => {
        const { metadata: meta, chunks } = await uploadParts(messages, (m) =>
          m.part === "metadata" ? { metadata: m.metadata } : { chunk: m.chunk },
        );
        const doc = await forAction(deps, caller, meta.parent, "submit");
        const a = await attachments.upload(
          {
            reportRequest: doc._id,
            partner: caller.partner,
            filename: meta.filename,
            classification: doc.classification,
            uploadedBy: caller.subject,
          },
          chunks,
        );
        return attachmentToProto(a);
      },
    }),

    DownloadAttachment: method({
      request: downloadSchema,
      serverStream: async (req, send, { caller }) => {
        const a = await attachments.get(caller, req.name);
        await send({ metadata: attachmentToProto(a) });
        for await (const chunk of attachments.open(a)) await send({ chunk });
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
