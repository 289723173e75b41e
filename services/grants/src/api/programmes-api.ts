/** csp.grants.v1.GrantsService, programmes: drafting, opening and closing a year's funding. */
import {
  type AnyMethodSpec,
  AppError,
  aborted,
  type Caller,
  commandKey,
  type DirectoryClient,
  enforce,
  failedPrecondition,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  objectiveTitles,
} from "@csp-mesh/kit";
import { GRANT_PROGRAMME, GrantProgrammeClosed, GrantProgrammeCreated, GrantProgrammeOpened } from "../contract";
import { DEFAULT_MIN_SCORERS, DEFAULT_RUBRIC } from "../domain/assessment";
import { CONDITION_CODES } from "../domain/conditions";
import {
  DEFAULT_TRANCHES,
  type ProgrammeAction,
  type ProgrammeTerms,
  programmeProblems,
  programmeTransition,
} from "../domain/programme";
import { SOURCE } from "../source";
import { byYear, type ProgrammeDoc } from "../store/documents";
import { programmeToProto } from "./mapping";
import { createProgrammeSchema, listProgrammesSchema, programmeCommandSchema, programmeNameSchema } from "./schemas";
import type { Stores } from "./stores";

/** The objectives named that no plan here has (in its latest version), each as a field problem. */
async function unknownObjectives(stores: Stores, names: string[], field: (i: number) => string) {
  const planOf = async (name: string) => {
    const plan = await stores.plans.getInternal(name);
    return plan ? { objectives: plan.versions.at(-1)?.objectives ?? [] } : null;
  };
  return (await objectiveTitles(names, field, planOf)).violations;
}

export function programmesMethods(stores: Stores, directory: DirectoryClient): Record<string, AnyMethodSpec> {
  const { programmes } = stores;

  /** Opens or closes a programme, with its event. */
  const move = (action: ProgrammeAction) =>
    method({
      request: programmeCommandSchema,
      handler: async (req, { caller }) => {
        const current = await programmes.get(caller, req.name);
        enforce(caller, "update", GRANT_PROGRAMME, current, `programme ${req.name}`);
        const next = await programmes.mutate(current, commandKey(req.requestId, { action }), (doc) => {
          if (req.etag && req.etag !== doc.etag)
            throw aborted(`programme ${req.name} has changed since it was read; read it again`);
          const t = programmeTransition(doc.state, action);
          if (!t.ok) throw failedPrecondition(t.message);
          const addressees = doc.allocations.map((a) => a.partner);
          return {
            set: { state: t.to, releasedToPanel: true },
            events: [
              action === "open"
                ? newEvent(GrantProgrammeOpened, SOURCE, doc._id, {
                    programme: doc._id,
                    year: doc.year,
                    kind: doc.kind,
                    budgetPence: doc.budgetPence,
                    addressees,
                    windowCloseTime: doc.windowClose.toISOString(),
                    actor: caller.subject,
                    partner: "",
                    classification: doc.classification,
                  })
                : newEvent(GrantProgrammeClosed, SOURCE, doc._id, {
                    programme: doc._id,
                    addressees,
                    actor: caller.subject,
                    partner: "",
                    classification: doc.classification,
                  }),
            ],
          };
        });
        return programmeToProto(next);
      },
    });

  return {
    CreateProgramme: method({
      request: createProgrammeSchema,
      handler: async (req, { caller }) => {
        enforce(
          caller,
          "create",
          GRANT_PROGRAMME,
          { owner: caller.partner, classification: "OFFICIAL" },
          "a programme",
        );
        const p = req.programme;
        const terms: ProgrammeTerms = {
          year: p.year,
          title: p.title,
          description: p.description,
          kind: p.kind as ProgrammeTerms["kind"],
          budgetPence: p.budgetPence,
          objectives: p.objectives,
          windowOpen: p.windowOpenTime as Date,
          windowClose: p.windowCloseTime as Date,
          allocations: p.allocations,
          projectMaxPence: p.projectMaxPence,
          countyWideMaxPence: p.countyWideMaxPence,
          questions: p.questions,
          conditions: p.conditions.length > 0 ? p.conditions.map((c) => c.code) : CONDITION_CODES,
          tranches: p.tranches.length > 0 ? (p.tranches as ProgrammeTerms["tranches"]) : DEFAULT_TRANCHES,
          rubric: p.rubric.length > 0 ? p.rubric : DEFAULT_RUBRIC,
          minScorers: p.minScorers || DEFAULT_MIN_SCORERS,
        };
        const problems = [
          ...programmeProblems(terms, new Date()),
          ...(await unknownObjectives(stores, terms.objectives, (i) => `programme.objectives[${i}]`)),
        ];
        const partners = terms.allocations.map((a) => a.partner);
        // The directory's refusals join the rest, so every problem is reported in one round.
        await directory
          .checkAddressees(partners, (i) => `programme.allocations[${i}].partner`)
          .catch((err: unknown) => {
            if (!(err instanceof AppError) || err.code !== "INVALID_ARGUMENT") throw err;
            problems.push(...err.fieldViolations);
          });
        if (problems.length > 0)
          throw invalidArgument(`invalid programme: ${problems.map((v) => v.field).join(", ")}`, problems);
        const names = partners.length > 0 ? await directory.activePartnershipNames() : {};
        const name = `programmes/${req.programmeId}`;
        const now = new Date();
        const doc: ProgrammeDoc = {
          _id: name,
          owner: caller.partner,
          // Programmes are published (the Specified Information Order): never marked sensitive.
          classification: "OFFICIAL",
          releasedToPanel: false,
          ...terms,
          state: "DRAFT",
          partnerNames: Object.fromEntries(partners.map((x) => [x, names[x] ?? x])),
          createdBy: caller.subject,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
          commands: [],
          requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
          requestHash: fingerprint({ p, name }),
          sortKey: byYear(terms.year, now, name),
        };
        if (req.validateOnly) return programmeToProto(doc);
        const event = newEvent(GrantProgrammeCreated, SOURCE, name, {
          programme: name,
          year: terms.year,
          kind: terms.kind,
          budgetPence: terms.budgetPence,
          actor: caller.subject,
          partner: "",
          classification: "OFFICIAL",
        });
        return programmeToProto(await programmes.create(doc, [event]));
      },
    }),

    GetProgramme: method({
      request: programmeNameSchema,
      handler: async (req, { caller }) => programmeToProto(await programmes.get(caller, req.name)),
    }),

    ListProgrammes: method({
      request: listProgrammesSchema,
      handler: async (req, { caller }: { caller: Caller }) => {
        const view: [string, string] | undefined = req.state ? ["state", req.state] : undefined;
        const page = await programmes.listPage(
          caller,
          { view },
          req.pageSize,
          req.pageToken,
          `programmes|${req.state ?? ""}`,
        );
        return { programmes: page.items.map(programmeToProto), nextPageToken: page.nextPageToken };
      },
    }),

    OpenProgramme: move("open"),
    CloseProgramme: move("close"),
  };
}
