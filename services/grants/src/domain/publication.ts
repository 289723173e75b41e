/**
 * What the register of grants made says about an award: the Specified Information Order's
 * recipient, purpose, conditions and reasons, in the shapes 360Giving expects (identifiers from
 * org-id.guide, ONS area codes with their geoCodeType, the financial year as planned dates).
 * Pure: the recipient's details are fixed on the award when its agreement is accepted.
 */

export interface Organisation {
  identifier: string;
  name: string;
}

export interface Location {
  code: string;
  codeType: string;
  name: string;
}

/** Fixed on the award when its agreement is accepted, from the directory as it then was. */
export interface Publication {
  recipient: Organisation;
  partnershipName: string;
  locations: Location[];
  fromOpenCall: boolean;
}

/** What the directory records about a partner (the kit's DirectoryClient.partner). */
export interface DirectoryPartner {
  name: string;
  displayName: string;
  orgIdentifier: string;
  area: { code: string; name: string } | null;
  accountableBody: string;
}

/** 360Giving's geoCodeType for an English ONS code, by its entity prefix; "" for one it has no type for. */
export function geoCodeType(code: string): string {
  const types: Record<string, string> = {
    E06: "UA",
    E07: "NMD",
    E08: "MD",
    E09: "LONB",
    E10: "CTY",
    E22: "CSP",
    E23: "PFA",
  };
  return types[code.slice(0, 3)] ?? "";
}

/** An organisation with no org-id.guide identifier, by the publisher's prefix and its partner id (360Giving's rule). */
export const prefixedIdentifier = (prefix: string, partner: string) =>
  `${prefix}-${partner.replace(/^partners\//, "")}`;

/**
 * The recipient is the legal body: a partnership's accountable body where the directory names one
 * (a CSP is not a legal person), else the partner itself; an organisation with no org-id.guide
 * identifier is named by the publisher's prefix and its id, as 360Giving asks.
 */
export function publicationOf(
  partnership: DirectoryPartner,
  accountable: DirectoryPartner | null,
  prefix: string,
  fromOpenCall: boolean,
): Publication {
  const body = accountable ?? partnership;
  const area = partnership.area ?? accountable?.area ?? null;
  const codeType = area ? geoCodeType(area.code) : "";
  return {
    recipient: { identifier: body.orgIdentifier || prefixedIdentifier(prefix, body.name), name: body.displayName },
    partnershipName: partnership.displayName,
    locations: area && codeType ? [{ code: area.code, codeType, name: area.name }] : [],
    fromOpenCall,
  };
}

/** A financial year "2027/28" as its first and last days (1 April to 31 March). */
export function financialYearDates(year: string): { start: string; end: string } {
  const first = Number(year.slice(0, 4));
  return { start: `${first}-04-01`, end: `${first + 1}-03-31` };
}

/** The grant's identifier: never reused, since an award's id is never reused. */
export const grantIdentifier = (prefix: string, award: string) => `${prefix}-${award.replace(/^awards\//, "")}`;
