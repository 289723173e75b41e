/**
 * A request's history as people read it: who did what, for which partnership, and why, in plain
 * English ("Priya Shah returned the report to Dover Community Safety Partnership").
 */

export interface HistoryEntryView {
  actor: string;
  actorDisplayName?: string;
  partner: string;
  action: string;
  version: number;
  reasons: string;
}

/** Who acted, by name; entries recorded before names were kept say what kind of actor it was. */
export function actorText(e: Pick<HistoryEntryView, "actor" | "actorDisplayName">): string {
  if (e.actorDisplayName) return e.actorDisplayName;
  if (e.actor === "system") return "The mesh";
  return e.actor.startsWith("systems/") ? "A partner system" : "A member of staff";
}

/** One sentence per entry; `partnerName` turns a partner's resource name into its name. */
export function historySentence(e: HistoryEntryView, partnerName: (p: string) => string): string {
  const who = actorText(e);
  const them = e.partner ? partnerName(e.partner) : "";
  const v = e.version ? `version ${e.version}` : "the report";
  const why = e.reasons ? `. Reason given: ${e.reasons}` : "";
  switch (e.action) {
    case "create":
      return `${who} created the request`;
    case "acknowledge":
      return `${who} acknowledged the request for ${them}`;
    case "save-draft":
      return `${who} started a draft for ${them}`;
    case "submit":
      return `${who} submitted ${v} for ${them}`;
    case "accept":
      return `${who} accepted ${v} from ${them}`;
    case "return":
      return `${who} returned the report to ${them}${why}`;
    case "withdraw":
      return `${who} withdrew the request from ${them}${why}`;
    case "overdue":
      return `The report from ${them} became overdue`;
    default:
      return `${who}: ${e.action}${them ? ` (${them})` : ""}${why}`;
  }
}
