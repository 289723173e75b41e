/** csp.grants.v1.PlansService: the Police and Crime Plan and its versions. */
import {
  type AnyMethodSpec,
  aborted,
  type Caller,
  commandKey,
  contentSha256,
  enforce,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  newestFirst,
} from "@csp-mesh/kit";
import { GRANT_PLAN, GrantPlanPublished } from "../contract";
import { type PlanContent, planProblems } from "../domain/plan";
import { SOURCE } from "../source";
import type { PlanDoc, PlanVersionDoc } from "../store/documents";
import { planToProto } from "./mapping";
import { createPlanSchema, listSchema, planNameSchema, publishPlanVersionSchema } from "./schemas";
import type { Stores } from "./stores";

function version(caller: Caller, n: number, p: PlanContent, now: Date): PlanVersionDoc {
  const content = { title: p.title, period: p.period, objectives: p.objectives };
  return { version: n, ...content, publishedBy: caller.subject, publishTime: now, sha256: contentSha256(content) };
}

const published = (caller: Caller, plan: string, v: PlanVersionDoc) =>
  newEvent(GrantPlanPublished, SOURCE, plan, {
    plan,
    version: v.version,
    objectives: v.objectives.map((o) => o.code),
    sha256: v.sha256,
    actor: caller.subject,
    partner: "",
    classification: "OFFICIAL",
  });

export function plansMethods({ plans }: Stores): Record<string, AnyMethodSpec> {
  return {
    CreatePlan: method({
      request: createPlanSchema,
      handler: async (req, { caller }) => {
        enforce(caller, "create", GRANT_PLAN, { owner: caller.partner, classification: "OFFICIAL" }, "a plan");
        const problems = planProblems(req.plan);
        if (problems.length > 0)
          throw invalidArgument(`invalid plan: ${problems.map((p) => p.field).join(", ")}`, problems);
        const name = `plans/${req.planId}`;
        const now = new Date();
        const first = version(caller, 1, req.plan, now);
        const doc: PlanDoc = {
          _id: name,
          owner: caller.partner,
          classification: "OFFICIAL",
          versions: [first],
          createTime: now,
          updateTime: now,
          etag: newEtag(),
          commands: [],
          requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
          requestHash: fingerprint({ plan: req.plan, name }),
          sortKey: newestFirst(now, name),
        };
        if (req.validateOnly) return planToProto(doc);
        return planToProto(await plans.create(doc, [published(caller, name, first)]));
      },
    }),

    GetPlan: method({
      request: planNameSchema,
      handler: async (req, { caller }) => planToProto(await plans.get(caller, req.name)),
    }),

    ListPlans: method({
      request: listSchema,
      handler: async (req, { caller }) => {
        const page = await plans.listPage(caller, {}, req.pageSize, req.pageToken, "plans");
        return { plans: page.items.map(planToProto), nextPageToken: page.nextPageToken };
      },
    }),

    PublishPlanVersion: method({
      request: publishPlanVersionSchema,
      handler: async (req, { caller }) => {
        const current = await plans.get(caller, req.name);
        enforce(caller, "update", GRANT_PLAN, current, `plan ${req.name}`);
        const check = (doc: PlanDoc) => {
          if (req.etag && req.etag !== doc.etag)
            throw aborted(`plan ${req.name} has changed since it was read (a version was published); read it again`);
          const problems = planProblems(req.plan, doc.versions.at(-1)?.objectives);
          if (problems.length > 0)
            throw invalidArgument(`invalid plan: ${problems.map((p) => p.field).join(", ")}`, problems);
        };
        if (req.validateOnly) {
          check(current);
          return planToProto(current);
        }
        const command = commandKey(req.requestId, req.plan);
        const next = await plans.mutate(current, command, (doc) => {
          check(doc);
          const v = version(caller, doc.versions.length + 1, req.plan, new Date());
          return { set: { versions: [...doc.versions, v] }, events: [published(caller, doc._id, v)] };
        });
        return planToProto(next);
      },
    }),
  };
}
