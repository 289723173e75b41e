/**
 * The access policy every service enforces. Pure: (caller, action, resource) -> decision.
 *
 * Two outcomes for a refusal, deliberately different:
 *  - NOT_FOUND when the caller may not even see the resource (its existence is not leaked);
 *  - PERMISSION_DENIED when the caller may see it but not do the action.
 * Lists never post-filter: `readFilter` gives the database filter that limits a query to what
 * the caller may see, built only from the verified caller, never from the request.
 */
import { z } from "zod";
import { type Caller, type Role, readsAs } from "../auth/caller";
import { notFound, permissionDenied } from "../errors";

export const CLASSIFICATIONS = ["OFFICIAL", "OFFICIAL-SENSITIVE"] as const;
export const classificationSchema = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof classificationSchema>;

export const ACTIONS = ["read", "create", "update", "manage-credentials", "submit", "review"] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * A kind of resource and who may do what to it: kind -> action -> role -> reach (absent: not
 * allowed). The platform holds the rule engine; each service declares its own kinds with their
 * rules in its contract (`services/<name>/src/contract/resources.ts`).
 */
export interface ResourceKind {
  /** e.g. "report-request": names the kind in list views and in tests. */
  readonly name: string;
  readonly rules: KindRules;
}
export type KindRules = Partial<Record<Action, Grants>>;

export function resourceKind(name: string, rules: KindRules): ResourceKind {
  return Object.freeze({ name, rules });
}

/** The facts about a resource the policy needs. Stored under these names on every document. */
export interface ResourceFacts {
  /** Partner that owns the resource, e.g. "partners/csp-maidstone" (the requester, for requests). */
  owner: string;
  /** Partners a request is addressed to. */
  addressees?: string[];
  classification: Classification;
  /** Released to the Police and Crime Panel (and so to the public list, if OFFICIAL). */
  releasedToPanel?: boolean;
}

/**
 * How far a role's permission reaches:
 *  any       - every resource of the kind in the force area;
 *  addressed - resources owned by or addressed to the caller's partner;
 *  own       - resources owned by the caller's partner;
 *  released  - resources released to the Police and Crime Panel.
 */
export type Reach = "any" | "addressed" | "own" | "released";
export type Grants = Partial<Record<Role, Reach>>;

/** The OPCC's people, over the whole force area. */
export const OPCC_ANY: Grants = { "opcc-admin": "any", "opcc-staff": "any" };
/** A partnership's people and systems, over what it owns. */
export const PARTNER_OWN: Grants = { "csp-officer": "own", "csp-chair": "own", "partner-system": "own" };
/** A partnership's people and systems, over what it owns or is addressed. */
export const PARTNER_ADDRESSED: Grants = {
  "csp-officer": "addressed",
  "csp-chair": "addressed",
  "partner-system": "addressed",
};
/** Everyone signed in, over everything of the kind. */
export const EVERYONE_ANY: Grants = {
  "opcc-admin": "any",
  "opcc-staff": "any",
  "csp-officer": "any",
  "csp-chair": "any",
  "panel-member": "any",
  "partner-system": "any",
};

/** Roles that may never handle OFFICIAL-SENSITIVE material, whatever else they are granted. */
const NEVER_SENSITIVE: ReadonlySet<Role> = new Set<Role>(["panel-member"]);

/**
 * Whether `reach` from the partners `as` covers the resource. A read is reached from the caller's
 * partner and its predecessors (combination lineage); every other action from its partner alone.
 */
function reaches(reach: Reach, as: readonly string[], r: ResourceFacts): boolean {
  switch (reach) {
    case "any":
      return true;
    case "own":
      return as.includes(r.owner);
    case "addressed":
      return as.includes(r.owner) || (r.addressees ?? []).some((a) => as.includes(a));
    case "released":
      return r.releasedToPanel === true;
  }
}

function granted(caller: Caller, kind: ResourceKind, action: Action, r: ResourceFacts): boolean {
  const grants = kind.rules[action] ?? {};
  const as = action === "read" ? readsAs(caller) : [caller.partner];
  return caller.roles.some((role) => {
    const reach = grants[role];
    if (reach === undefined) return false;
    if (r.classification === "OFFICIAL-SENSITIVE" && NEVER_SENSITIVE.has(role)) return false;
    return reaches(reach, as, r);
  });
}

export type Decision = { allowed: true } | { allowed: false; code: "NOT_FOUND" | "PERMISSION_DENIED" };

export function decide(caller: Caller, action: Action, kind: ResourceKind, resource: ResourceFacts): Decision {
  // Creation concerns a resource that does not exist yet: there is nothing to hide.
  if (action !== "create" && !granted(caller, kind, "read", resource)) {
    return { allowed: false, code: "NOT_FOUND" };
  }
  if (action === "read" || granted(caller, kind, action, resource)) return { allowed: true };
  return { allowed: false, code: "PERMISSION_DENIED" };
}

/** Throws the right AppError when the decision is a refusal. `what` names the resource in messages. */
export function enforce(
  caller: Caller,
  action: Action,
  kind: ResourceKind,
  resource: ResourceFacts,
  what: string,
): void {
  const d = decide(caller, action, kind, resource);
  if (d.allowed) return;
  if (d.code === "NOT_FOUND") throw notFound(what);
  throw permissionDenied(`you may not ${action} ${what}`);
}

export type MongoFilter = Record<string, unknown>;

/**
 * The database filter limiting a query of `kind` to what the caller may read, or null when the
 * caller may read none of it. Built from the verified caller only; with `lineage`, its partnership's
 * predecessors' records count as its own (for a lookup by `_id`).
 */
export function readFilter(caller: Caller, kind: ResourceKind, lineage = false): MongoFilter | null {
  const grants = kind.rules.read ?? {};
  const clauses: MongoFilter[] = [];
  for (const role of caller.roles) {
    const reach = grants[role];
    if (reach === undefined) continue;
    const parts: MongoFilter[] = [];
    // Predecessors' records too (combination lineage) for a lookup by `_id` only: `$in` is no
    // key a database serves, and lists answer from the caller's own partner's read models.
    const as = lineage ? readsAs(caller) : [caller.partner];
    const partner = as.length === 1 ? caller.partner : { $in: as };
    if (reach === "own") parts.push({ owner: partner });
    if (reach === "addressed") parts.push({ $or: [{ owner: partner }, { addressees: partner }] });
    if (reach === "released") parts.push({ releasedToPanel: true });
    if (NEVER_SENSITIVE.has(role)) parts.push({ classification: "OFFICIAL" });
    if (parts.length === 0) return {}; // unrestricted reach wins over any narrower role
    clauses.push(parts.length === 1 ? (parts[0] as MongoFilter) : { $and: parts });
  }
  if (clauses.length === 0) return null;
  return clauses.length === 1 ? (clauses[0] as MongoFilter) : { $or: clauses };
}

/**
 * The widest reach the caller's roles give it to read `kind` (any, then addressed or own, then
 * released), or null: which read model a list answers from. A caller whose roles mix narrower
 * reaches is given the widest one's list only.
 */
export function readReach(caller: Caller, kind: ResourceKind): Reach | null {
  const grants = kind.rules.read ?? {};
  const reaches_ = new Set(caller.roles.map((r) => grants[r]).filter((x): x is Reach => x !== undefined));
  for (const r of ["any", "addressed", "own", "released"] as const) if (reaches_.has(r)) return r;
  return null;
}

/**
 * Whether everything of `kind` the caller may read is its partner's own or addressed to it, so the
 * caller's partner being party to a resource (owner or addressee) is a necessary condition: lets a
 * store narrow candidates cheaply before applying the full scope.
 */
export function readsOnlyAsParty(caller: Caller, kind: ResourceKind): boolean {
  const grants = kind.rules.read ?? {};
  const reaches_ = caller.roles.map((r) => grants[r]).filter((x): x is Reach => x !== undefined);
  return reaches_.length > 0 && reaches_.every((x) => x === "own" || x === "addressed");
}

/**
 * `filter` narrowed to what the caller may read, or null when it may read none of it: the one way a
 * query is scoped, so the scope is always part of the database filter. A lookup of one `_id`, or a
 * filter bounded by a key of its own, also reaches the caller's predecessors' records (read-only
 * lineage); a list of a growing set, its own partner's only.
 */
export function scopedFilter<F extends object>(
  caller: Caller,
  kind: ResourceKind,
  filter: F,
  /** The filter is bounded by a key of its own (one request's submissions): lineage applies too. */
  bounded = false,
): F | null {
  const byId = typeof (filter as MongoFilter)._id === "string";
  const scope = readFilter(caller, kind, byId || bounded);
  if (scope === null) return null;
  return allOf(filter as MongoFilter, scope) as unknown as F;
}

/**
 * The conjunction of filters as one flat document: top-level keys side by side, `$and` only for a
 * key that two filters both constrain. The same meaning as `{$and: [...]}`, but a database that
 * serves only top-level equality from its indexes (FerretDB pushes nothing inside `$and`) can
 * still find `{_id, ...scope}` by its `_id`. Every scoped query is built this way.
 */
export function allOf(...filters: MongoFilter[]): MongoFilter {
  const out: MongoFilter = {};
  const rest: MongoFilter[] = [];
  const add = (f: MongoFilter) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === "$and" && Array.isArray(v)) for (const part of v as MongoFilter[]) add(part);
      else if (k in out) rest.push({ [k]: v });
      else out[k] = v;
    }
  };
  for (const f of filters) add(f);
  if (rest.length > 0) out.$and = rest;
  return out;
}

/** Whether the caller may do `action` on at least some resource of `kind` (e.g. to offer a button). */
export function mayEver(caller: Caller, kind: ResourceKind, action: Action): boolean {
  const grants = kind.rules[action] ?? {};
  return caller.roles.some((r) => grants[r] !== undefined);
}
