/**
 * The views of a kind's lists that the policy's reaches map to (docs/architecture.md, "Lists and
 * counts"): `all` for "any", `o:<partner>` for "own", `p:<partner>` for "addressed" (owner or
 * addressee), `rel` for "released" (released to the panel and OFFICIAL, since the panel never sees
 * OFFICIAL-SENSITIVE). A resource is listed in every view a caller could read it through, so a
 * caller's list is exactly the view of its reach.
 */
import type { Caller } from "../auth/caller";
import { type Reach, type ResourceFacts, type ResourceKind, readReach } from "../policy/policy";

function reachesOf(kind: ResourceKind): Set<Reach> {
  return new Set(Object.values(kind.rules.read ?? {}).filter((r): r is Reach => r !== undefined));
}

export function scopeViewsOf(kind: ResourceKind, r: ResourceFacts): string[] {
  const reaches = reachesOf(kind);
  const views = ["all"];
  if (reaches.has("own")) views.push(`o:${r.owner}`);
  if (reaches.has("addressed")) for (const p of new Set([r.owner, ...(r.addressees ?? [])])) views.push(`p:${p}`);
  if (reaches.has("released") && r.releasedToPanel === true && r.classification === "OFFICIAL") views.push("rel");
  return views;
}

/** The view holding everything of `kind` the caller may read, or null when it may read none. */
export function callerScopeView(caller: Caller, kind: ResourceKind): string | null {
  switch (readReach(caller, kind)) {
    case null:
      return null;
    case "any":
      return "all";
    case "own":
      return `o:${caller.partner}`;
    case "addressed":
      return `p:${caller.partner}`;
    case "released":
      return "rel";
  }
}
