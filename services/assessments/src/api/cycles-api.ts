/** The cycle's RPCs: opening one, reading it, and the OPCC's view of progress across the CSPs. */
import { randomBytes } from "node:crypto";
import {
  type AnyMethodSpec,
  type DirectoryClient,
  enforce,
  type FieldViolation,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  newestFirst,
  toTimestamp,
} from "@csp-mesh/kit";
import { ASSESSMENT_CYCLE, AssessmentCycleOpened } from "../contract";
import { contributionState, isOverdue, priorityKey, usedVersion } from "../domain/contribution";
import { DEFAULT_TEMPLATE, templateProblems } from "../domain/template";
import { SOURCE } from "../source";
import type { CycleDoc } from "../store/documents";
import { contributionToProto, cycleToProto } from "./mapping";
import { cycleNameSchema, listCyclesSchema, openCycleSchema } from "./schemas";
import { contributionOf, type Stores } from "./stores";

export function cyclesMethods(stores: Stores, directory: DirectoryClient): Record<string, AnyMethodSpec> {
  const { cycles, contributions } = stores;
  return {
    OpenCycle: method({
      request: openCycleSchema,
      handler: async (req, { caller }) => {
        const c = req.cycle;
        enforce(
          caller,
          "create",
          ASSESSMENT_CYCLE,
          { owner: caller.partner, classification: c.classification },
          "a cycle",
        );
        const template = c.template ?? DEFAULT_TEMPLATE;
        const problems: FieldViolation[] = templateProblems(template);
        const due = c.dueTime as Date;
        if (due.getTime() <= Date.now())
          problems.push({ field: "cycle.due_time", description: "must be in the future" });
        if (!c.allActiveCsps && c.partners.length === 0)
          problems.push({
            field: "cycle.partners",
            description: "address at least one partnership, or all active CSPs",
          });
        if (c.allActiveCsps && c.partners.length > 0)
          problems.push({ field: "cycle.all_active_csps", description: "give partners or all_active_csps, not both" });
        if (problems.length > 0)
          throw invalidArgument(`invalid cycle: ${problems.map((p) => p.field).join(", ")}`, problems);
        const partners = [...new Set(c.partners)];
        await directory.checkAddressees(partners, (i) => `cycle.partners[${i}]`);
        const active = await directory.activePartnershipNames();
        const addressees = (c.allActiveCsps ? Object.keys(active) : partners).sort();
        if (addressees.length === 0) throw invalidArgument("there are no active partnerships to address");
        const name = `assessments/a-${c.year.replace("/", "-")}-${randomBytes(4).toString("hex")}`;
        const now = new Date();
        const doc: CycleDoc = {
          _id: name,
          owner: caller.partner,
          addressees,
          allActiveCsps: c.allActiveCsps,
          partnerNames: Object.fromEntries(addressees.map((p) => [p, active[p] ?? p])),
          year: c.year,
          title: c.title,
          due,
          template,
          compileFrom: c.compileFrom,
          classification: c.classification,
          createdBy: caller.subject,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
          commands: [],
          requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
          requestHash: fingerprint({ c, owner: caller.partner }),
          sortKey: newestFirst(now, name),
        };
        if (req.validateOnly) return cycleToProto(doc);
        const event = newEvent(AssessmentCycleOpened, SOURCE, name, {
          cycle: name,
          partner: "",
          actor: caller.subject,
          classification: c.classification,
          year: c.year,
          addressees,
          dueTime: due.toISOString(),
          taxonomyVersion: template.taxonomyVersion,
        });
        return cycleToProto(await cycles.create(doc, [event]));
      },
    }),

    GetCycle: method({
      request: cycleNameSchema,
      handler: async (req, { caller }) => cycleToProto(await cycles.get(caller, req.name)),
    }),

    ListCycles: method({
      request: listCyclesSchema,
      handler: async (req, { caller }) => {
        const page = await cycles.listPage(caller, {}, req.pageSize, req.pageToken, "cycles");
        // A partnership's home asks which of these cycles still wait for its contribution: each
        // one read here by its name, rather than a call per cycle from the gateway.
        const own = req.withOwnContributions
          ? await Promise.all(page.items.map((c) => contributions.find(caller, contributionOf(c._id, caller.partner))))
          : [];
        return {
          cycles: page.items.map(cycleToProto),
          nextPageToken: page.nextPageToken,
          ownContributions: own.filter((d) => d !== null).map((d) => contributionToProto(d, caller)),
        };
      },
    }),

    GetCycleProgress: method({
      request: cycleNameSchema,
      handler: async (req, { caller }) => {
        const cycle = await cycles.get(caller, req.name);
        enforce(caller, "review", ASSESSMENT_CYCLE, cycle, `cycle ${req.name}`);
        const docs = await contributions.col.find({ cycle: cycle._id }).toArray();
        const byPartner = new Map(docs.map((d) => [d.owner, d]));
        const now = new Date();
        return {
          cycle: cycle._id,
          partners: cycle.addressees.map((partner) => {
            const d = byPartner.get(partner);
            const versions = d?.versions ?? [];
            const used = usedVersion(versions, cycle.compileFrom);
            const answered = new Set(d?.responses.map((r) => r.priorityKey));
            const latest = versions.at(-1);
            return {
              partner,
              state: `CONTRIBUTION_STATE_${d ? contributionState(versions) : "NOT_STARTED"}`,
              latestVersion: latest?.version ?? 0,
              lastSubmitTime: latest ? toTimestamp(latest.submitTime) : null,
              overdue: isOverdue(versions, cycle.due, now),
              unansweredPriorities: (used?.content.priorities ?? []).map(priorityKey).filter((k) => !answered.has(k)),
              contribution: d?._id ?? "",
            };
          }),
        };
      },
    }),
  };
}
