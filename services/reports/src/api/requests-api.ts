/** The report request's lifecycle: creating and reading requests (lists: lists-api.ts), withdrawing, acknowledging. */
import { randomBytes } from "node:crypto";
import {
  type AnyMethodSpec,
  canonicalJson,
  commandKey,
  enforce,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  readsAs,
} from "@csp-mesh/kit";
import { REPORT_REQUEST, ReportAcknowledged, ReportRequested, ReportWithdrawn } from "../contract";
import { formalS7Violations } from "../domain/report-request";
import { orderKeys } from "../domain/search-terms";
import { sectionProblems } from "../domain/sections";
import { SOURCE } from "../source";
import type { RequestDoc } from "../store/documents";
import { historyToProto, requestToProto, seesAllAddressees } from "./mapping";
import { forAction, type ReportsDeps } from "./request-commands";
import { acknowledgeSchema, createRequestSchema, getRequestSchema, historySchema, withdrawSchema } from "./schemas";

const newRequestId = () => `rq-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

export function requestsMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { requests, directory } = deps;

  return {
    CreateReportRequest: method({
      request: createRequestSchema,
      handler: async (req, { caller }) => {
        const r = req.reportRequest;
        const owner = caller.partner;
        enforce(caller, "create", REPORT_REQUEST, { owner, classification: r.classification }, "a report request");
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
        // The plan objective, checked with the caller's token, its problem given with the rest.
        const link = await deps.plans.check(r.objective ? [r.objective] : [], () => "report_request.objective");
        const violations = [...s7, ...problems, ...timing, ...who, ...link.violations];
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
          ...(r.objective ? { objective: r.objective, objectiveTitle: link.titles.get(r.objective) ?? "" } : {}),
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
          commands: [],
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

    ListReportRequestHistory: method({
      request: historySchema,
      handler: async (req, { caller }) => {
        const doc = await requests.get(caller, req.name);
        const all = seesAllAddressees(caller, doc);
        const entries = doc.history.filter((h) => all || h.partner === "" || readsAs(caller).includes(h.partner));
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
  };
}
