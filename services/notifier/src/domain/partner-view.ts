/**
 * Which events a partner may receive, and what of them, pure. An event is about a partner's own
 * material when its payload names that partner as the one concerned (`partner`), or lists it among
 * those addressed (addressees, invitees, an attendance list, a paper's audience) while concerning no
 * single other partner. The partner receives the payload with every such list narrowed to itself, so
 * it never learns who else was addressed. Anything else is not delivered.
 */
const LISTS = ["addressees", "invitees", "present", "apologies", "absent", "audience"] as const;

export function partnerView(type: string, data: unknown, partner: string): Record<string, unknown> | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  // A combination agreement concerns every area and party alike, and each must know the others
  // (all of them must consent): those concerned receive it whole.
  if (type.startsWith("combination.")) {
    const concerned = [...(Array.isArray(d.areas) ? d.areas : []), ...(Array.isArray(d.parties) ? d.parties : [])];
    return concerned.includes(partner) || d.combinedPartner === partner ? { ...d } : undefined;
  }
  // Directory events about a partner itself name it as `name`.
  const subject = type.startsWith("partner.") ? d.name : d.partner;
  if (typeof subject === "string" && subject !== "" && subject !== partner) return undefined;
  const listed = LISTS.some((k) => Array.isArray(d[k]) && (d[k] as unknown[]).includes(partner));
  if (subject !== partner && !listed) return undefined;
  const view: Record<string, unknown> = { ...d };
  for (const k of LISTS) if (Array.isArray(d[k])) view[k] = (d[k] as unknown[]).filter((p) => p === partner);
  return view;
}
