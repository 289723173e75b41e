/**
 * A meeting's agenda, pure: the OPCC edits a working copy (ordered items); publishing makes it the
 * next numbered version, which is what invitees see. Earlier versions are kept, so what changed after
 * publication is on record. Item ids are stable (papers attach to them) and never reused.
 */
import type { AgendaItemDoc, AgendaVersionDoc } from "../store/documents";

export interface Problem {
  field: string;
  description: string;
}

/** An item as sent: an empty id for a new one. */
export type ItemInput = AgendaItemDoc;

/**
 * Resources an item may link to: a report request, a partnership's submission, an assessment
 * priority, a Police and Crime Plan objective (checked against the plan by the API).
 */
export const LINK =
  /^(reportRequests\/[a-z0-9][a-z0-9-]{1,62}(\/submissions\/[a-z0-9][a-z0-9-]{1,62})?|assessments\/[a-z0-9][a-z0-9-]{1,62}\/priorities\/[A-Za-z0-9][A-Za-z0-9_-]{0,31}|plans\/[a-z0-9][a-z0-9-]{1,62}\/objectives\/[A-Z][A-Z0-9-]{0,31})$/;

export const MAX_ITEMS = 50;

/**
 * The working agenda as given, with ids for new items (`item-<n>` after the highest ever given).
 * An id must be one this meeting gave before; presenters must be the convener or an invitee (when the
 * invitees are known).
 */
export function arrangeAgenda(
  items: ItemInput[],
  known: { ids: ReadonlySet<string>; seq: number; presenters?: ReadonlySet<string> },
): { ok: true; items: AgendaItemDoc[]; seq: number } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let seq = known.seq;
  const out = items.map((it, i): AgendaItemDoc => {
    let id = it.id;
    if (id === "") {
      seq += 1;
      id = `item-${seq}`;
    } else if (!known.ids.has(id)) {
      problems.push({
        field: `items[${i}].id`,
        description: `${id} is not an item of this agenda; leave it empty for a new item`,
      });
    } else if (seen.has(id)) {
      problems.push({ field: `items[${i}].id`, description: `${id} appears twice` });
    }
    seen.add(id);
    if (it.presenter !== "" && known.presenters && !known.presenters.has(it.presenter))
      problems.push({ field: `items[${i}].presenter`, description: "the presenter must be an invited partnership" });
    it.links.forEach((l, j) => {
      if (!LINK.test(l))
        problems.push({
          field: `items[${i}].links[${j}]`,
          description:
            "link a report request, a submission (reportRequests/<id>/submissions/<partner>), an assessment priority or a plan objective (plans/<id>/objectives/<CODE>)",
        });
    });
    return { ...it, id, links: [...new Set(it.links)] };
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, items: out, seq };
}

/** Every id the meeting has used: its working agenda and every published version. */
export function knownItemIds(working: AgendaItemDoc[] = [], versions: AgendaVersionDoc[] = []): Set<string> {
  return new Set([...working, ...versions.flatMap((v) => v.items)].map((i) => i.id));
}

const same = (a: AgendaItemDoc[], b: AgendaItemDoc[]) => JSON.stringify(a) === JSON.stringify(b);

/** Whether the working agenda differs from the latest published version. */
export function unpublishedChanges(working: AgendaItemDoc[] = [], versions: AgendaVersionDoc[] = []): boolean {
  const latest = versions.at(-1);
  return latest ? !same(working, latest.items) : working.length > 0;
}

/** The next published version, or why not: nothing to publish, no change, or no note on a revision. */
export function publishAgenda(
  working: AgendaItemDoc[] = [],
  versions: AgendaVersionDoc[] = [],
  by: { actor: string; note: string; time: Date },
): { ok: true; version: AgendaVersionDoc } | { ok: false; message: string; field?: string } {
  if (working.length === 0) return { ok: false, message: "the agenda has no items to publish" };
  if (!unpublishedChanges(working, versions))
    return { ok: false, message: "the agenda has not changed since it was last published" };
  if (versions.length > 0 && by.note.trim().length < 5)
    return { ok: false, field: "note", message: "say what changed since the published agenda (at least 5 characters)" };
  return {
    ok: true,
    version: {
      version: versions.length + 1,
      items: working,
      publishedBy: by.actor,
      publishTime: by.time,
      note: by.note.trim(),
    },
  };
}
