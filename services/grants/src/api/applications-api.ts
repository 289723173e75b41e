/**
 * csp.grants.v1.GrantsService, applications: a partnership's business case (working copy, submitted
 * versions) and the OPCC's review of it. The same shape as a contribution to an assessment.
 */
import {
  type AnyMethodSpec,
  aborted,
  type Caller,
  type Change,
  commandKey,
  contentSha256,
  type DirectoryClient,
  enforce,
  failedPrecondition,
  invalidArgument,
  mayChangeReviewed,
  method,
  newEtag,
  newEvent,
  permissionDenied,
  reviewLatestVersion,
  withSubmitted,
} from "@csp-mesh/kit";
import {
  GRANT_PROGRAMME,
  GrantApplicationAccepted,
  GrantApplicationReturned,
  GrantApplicationSubmitted,
} from "../contract";
import {
  type Content,
  contentProblems,
  EMPTY_CONTENT,
  maySubmit,
  NOUN,
  requestedPence,
  windowProblem,
} from "../domain/application";
import { SOURCE } from "../source";
import type { ApplicationDoc, ProgrammeDoc } from "../store/documents";
import { applicationToProto } from "./mapping";
import type { PriorityLinks } from "./priority-links";
import {
  acceptApplicationSchema,
  applicationNameSchema,
  EVERY_PROGRAMME,
  listApplicationsSchema,
  returnApplicationSchema,
  saveApplicationSchema,
  submitApplicationSchema,
} from "./schemas";
import { applicationOf, type Stores } from "./stores";

const about = (d: ApplicationDoc, caller: Caller) => ({
  programme: d.programme,
  application: d._id,
  partner: d.owner,
  actor: caller.subject,
  classification: d.classification,
});

export function applicationsMethods(
  stores: Stores,
  directory: DirectoryClient,
  priorities: PriorityLinks,
): Record<string, AnyMethodSpec> {
  const { programmes, applications } = stores;

  /** The open programme the caller's partnership may apply to, or the refusal saying why not. */
  const programmeToApply = async (caller: Caller, name: string) => {
    const programme = await programmes.get(caller, name);
    enforce(caller, "submit", GRANT_PROGRAMME, programme, `programme ${name}`);
    if (programme.state !== "OPEN") throw failedPrecondition(`${name} is ${programme.state.toLowerCase()}, not open`);
    if (programme.kind === "ALLOCATION" && !programme.allocations.some((a) => a.partner === caller.partner))
      throw permissionDenied(`your partnership has no allocation in ${name}`);
    return programme;
  };

  /** Every problem with the content, the JSA priorities (a call to assessments) included, in one refusal. */
  const checkContent = async (caller: Caller, content: Content, programme: ProgrammeDoc, complete: boolean) => {
    const links = content.projects.flatMap((p, i) =>
      p.jsaPriorities.map((name, j) => ({ name, field: `content.projects[${i}].jsa_priorities[${j}]` })),
    );
    const problems = [
      ...contentProblems(content, programme, caller.partner, complete),
      ...(await priorities.problems(
        links.map((l) => l.name),
        (i) => links[i]?.field ?? "content.projects",
      )),
    ];
    if (problems.length > 0)
      throw invalidArgument(`invalid application: ${problems.map((p) => p.field).join(", ")}`, problems);
  };

  /** The caller's application as it would be made on first use: empty, not yet stored. */
  const blank = async (caller: Caller, programme: ProgrammeDoc): Promise<ApplicationDoc> => {
    const name = applicationOf(programme._id, caller.partner);
    const ownerName =
      programme.partnerNames[caller.partner] ??
      (await directory.activePartnershipNames())[caller.partner] ??
      caller.partner;
    const now = new Date();
    return {
      _id: name,
      programme: programme._id,
      owner: caller.partner,
      ownerName,
      classification: programme.classification,
      draft: EMPTY_CONTENT,
      versions: [],
      createTime: now,
      updateTime: now,
      etag: newEtag(),
      commands: [],
      // A deterministic request id: two first saves at once make one application.
      requestId: `auto:${name}`,
      requestHash: "application",
      sortKey: `${programme._id}|${caller.partner}`,
    };
  };

  /** The caller's application, created empty on first use unless the call only validates. */
  const ownApplication = async (caller: Caller, programme: ProgrammeDoc, validateOnly = false) => {
    const existing = await applications.getInternal(applicationOf(programme._id, caller.partner));
    if (existing) return existing;
    const fresh = await blank(caller, programme);
    return validateOnly ? fresh : applications.create(fresh, []);
  };

  /** A new immutable version from `content`, with its event. */
  const submitted = (
    doc: ApplicationDoc,
    programme: ProgrammeDoc,
    caller: Caller,
    content: Content,
  ): Change<ApplicationDoc> => {
    const allowed = maySubmit(doc.versions);
    if (!allowed.ok) throw failedPrecondition(allowed.message);
    const outside = windowProblem(
      doc.versions,
      { open: programme.windowOpen, close: programme.windowClose },
      new Date(),
    );
    if (outside) throw invalidArgument(outside, [{ field: "programme", description: outside }]);
    const { version, versions } = withSubmitted(doc.versions, content, caller, NOUN);
    return {
      set: { draft: content, versions },
      events: [
        newEvent(GrantApplicationSubmitted, SOURCE, doc._id, {
          ...about(doc, caller),
          version: version.version,
          sha256: version.sha256,
          requestedPence: requestedPence(content),
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
    const contract = outcome === "RETURNED" ? GrantApplicationReturned : GrantApplicationAccepted;
    const next = await reviewLatestVersion(applications, caller, req, outcome, reasons, (doc, done) =>
      newEvent(contract, SOURCE, doc._id, { ...about(doc, caller), version: done.version, sha256: done.sha256 }),
    );
    return applicationToProto(next, caller);
  };

  return {
    SaveApplicationDraft: method({
      request: saveApplicationSchema,
      handler: async (req, { caller }) => {
        const programme = await programmeToApply(caller, req.programme);
        await checkContent(caller, req.content, programme, false);
        const current = await ownApplication(caller, programme, req.validateOnly);
        const saved = (doc: ApplicationDoc): Change<ApplicationDoc> => {
          if (req.etag && doc.etag !== req.etag)
            throw aborted("the application has changed since you read it; read it again");
          const allowed = mayChangeReviewed(doc.versions, NOUN);
          if (!allowed.ok) throw failedPrecondition(allowed.message);
          return { set: { draft: req.content }, events: [] };
        };
        if (req.validateOnly) {
          saved(current);
          return applicationToProto(current, caller);
        }
        return applicationToProto(await applications.mutate(current, commandKey(req.requestId, req), saved), caller);
      },
    }),

    SubmitApplication: method({
      request: submitApplicationSchema,
      handler: async (req, { caller }) => {
        const programme = await programmeToApply(caller, req.programme);
        // Content given is checked before anything is created; otherwise the working copy as saved.
        if (req.content) await checkContent(caller, req.content, programme, true);
        const current = await ownApplication(caller, programme, req.validateOnly);
        const content = req.content ?? current.draft;
        if (!req.content) await checkContent(caller, content, programme, true);
        if (req.validateOnly) {
          submitted(current, programme, caller, content);
          return applicationToProto(current, caller);
        }
        const checked = contentSha256(content);
        const next = await applications.mutate(current, commandKey(req.requestId, req), (doc) => {
          // The working copy checked above is the one submitted, or none is.
          if (!req.content && contentSha256(doc.draft) !== checked)
            throw aborted("the working copy changed while it was being submitted; submit again");
          return submitted(doc, programme, caller, content);
        });
        return applicationToProto(next, caller);
      },
    }),

    GetApplication: method({
      request: applicationNameSchema,
      handler: async (req, { caller }) => applicationToProto(await applications.get(caller, req.name), caller),
    }),

    ListApplications: method({
      request: listApplicationsSchema,
      handler: async (req, { caller }) => {
        const every = req.programme === EVERY_PROGRAMME;
        if (!every) await programmes.get(caller, req.programme);
        const view: [string, string] | undefined = every
          ? req.state
            ? ["state", req.state]
            : undefined
          : req.state
            ? ["ps", `${req.programme}~${req.state}`]
            : ["prog", req.programme];
        const page = await applications.listPage(
          caller,
          { view },
          req.pageSize,
          req.pageToken,
          `${req.programme}|${req.state ?? ""}`,
        );
        return {
          applications: page.items.map((d) => applicationToProto(d, caller)),
          nextPageToken: page.nextPageToken,
          totalSize: await applications.count(caller, view),
        };
      },
    }),

    ReturnApplication: method({
      request: returnApplicationSchema,
      handler: (req, { caller }) => reviewed(caller, req, "RETURNED", req.reasons),
    }),

    AcceptApplication: method({
      request: acceptApplicationSchema,
      handler: (req, { caller }) => reviewed(caller, req, "ACCEPTED"),
    }),
  };
}
