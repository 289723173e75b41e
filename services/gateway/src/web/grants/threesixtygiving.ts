/**
 * The register of grants made as open data in the 360Giving Data Standard (1.4): the JSON package
 * and the flat CSV with the standard's own column titles (a nested field's titles joined by ":"),
 * plus the Specified Information Order's conditions and reasons, which the standard has no field
 * for (extra columns and keys are allowed). Amounts are pounds as plain numbers, never strings.
 */
import type { Reply } from "../../downstream";

export type PublishedGrant = Reply<"register", "ListPublishedGrants">["grants"][number];

/** Whole pence as pounds, a JSON number (a pence count divided by 100 prints exactly: 3966100 -> 39661). */
const poundsNumber = (pence: string) => Number(pence) / 100;

const tsIso = (t: { seconds: string; nanos?: number } | null) =>
  t ? new Date(Number(t.seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined;

export interface RegisterMeta {
  publisherName: string;
  publisherPrefix: string;
  /** The register's public address, e.g. http://localhost:8080/grants/register */
  url: string;
  issued: Date;
}

/** One grant in the standard's JSON form. */
export function grantJson(g: PublishedGrant, dataSource: string) {
  return {
    id: g.identifier,
    title: g.title,
    description: g.description,
    currency: "GBP",
    amountAwarded: poundsNumber(g.amountAwardedPence),
    amountAppliedFor: poundsNumber(g.amountAppliedForPence),
    amountDisbursed: poundsNumber(g.amountDisbursedPence),
    awardDate: g.awardDate,
    plannedDates: [{ startDate: g.plannedStartDate, endDate: g.plannedEndDate, duration: 12 }],
    recipientOrganization: [{ id: g.recipient?.identifier ?? "", name: g.recipient?.name ?? "" }],
    fundingOrganization: [{ id: g.funder?.identifier ?? "", name: g.funder?.name ?? "" }],
    beneficiaryLocation: g.beneficiaryLocations.map((l) => ({
      name: l.name,
      geoCode: l.code,
      geoCodeType: l.codeType,
      countryCode: "GB",
    })),
    grantProgramme: [{ code: g.programme.replace(/^programmes\//, ""), title: g.programmeTitle }],
    fromOpenCall: g.fromOpenCall ? "Yes" : "No",
    dateModified: tsIso(g.updateTime),
    dataSource,
    // Beyond the standard: what the Specified Information Order also has published.
    conditions: g.conditions,
    reasons: g.reasons,
  };
}

/** The 360Giving package: metadata and the grants. */
export function registerPackage(grants: PublishedGrant[], m: RegisterMeta) {
  return {
    version: "1.4",
    title: `Grants made by the ${m.publisherName}`,
    identifier: `${m.publisherPrefix}-register`,
    issued: m.issued.toISOString().slice(0, 10),
    modified: m.issued.toISOString().replace(/\.\d{3}Z$/, "Z"),
    publisher: { name: m.publisherName, identifier: m.publisherPrefix },
    license: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    accessURL: m.url,
    grants: grants.map((g) => grantJson(g, m.url)),
  };
}

/** The columns: the standard's titles, then the Order's extras. */
const COLUMNS: [string, (g: PublishedGrant) => string][] = [
  ["Identifier", (g) => g.identifier],
  ["Title", (g) => g.title],
  ["Description", (g) => g.description],
  ["Currency", () => "GBP"],
  ["Amount Applied For", (g) => String(poundsNumber(g.amountAppliedForPence))],
  ["Amount Awarded", (g) => String(poundsNumber(g.amountAwardedPence))],
  ["Amount Disbursed", (g) => String(poundsNumber(g.amountDisbursedPence))],
  ["Award Date", (g) => g.awardDate],
  ["Planned Dates:Start Date", (g) => g.plannedStartDate],
  ["Planned Dates:End Date", (g) => g.plannedEndDate],
  ["Planned Dates:Duration (months)", () => "12"],
  ["Recipient Org:Identifier", (g) => g.recipient?.identifier ?? ""],
  ["Recipient Org:Name", (g) => g.recipient?.name ?? ""],
  ["Beneficiary Location:Name", (g) => g.beneficiaryLocations[0]?.name ?? ""],
  ["Beneficiary Location:Geographic Code", (g) => g.beneficiaryLocations[0]?.code ?? ""],
  ["Beneficiary Location:Geographic Code Type", (g) => g.beneficiaryLocations[0]?.codeType ?? ""],
  ["Funding Org:Identifier", (g) => g.funder?.identifier ?? ""],
  ["Funding Org:Name", (g) => g.funder?.name ?? ""],
  ["Grant Programme:Code", (g) => g.programme.replace(/^programmes\//, "")],
  ["Grant Programme:Title", (g) => g.programmeTitle],
  ["From An Open Call?", (g) => (g.fromOpenCall ? "Yes" : "No")],
  ["Last Modified", (g) => tsIso(g.updateTime) ?? ""],
  ["Partnership", (g) => g.partnershipDisplayName],
  ["Conditions", (g) => g.conditions.join(" | ")],
  ["Reasons", (g) => g.reasons],
];

/** The CSV's rows, header first (http/csv.ts writes them with formulas neutralised). */
export function registerRows(grants: PublishedGrant[]): string[][] {
  return [COLUMNS.map(([title]) => title), ...grants.map((g) => COLUMNS.map(([, value]) => value(g)))];
}
