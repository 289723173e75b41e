/**
 * Fills the reports database with `count` report requests shaped exactly as the service stores
 * them (several addressees in different states, history entries, no pending events), written in
 * bulk, so the scale measurement sees years of data without creating each through the API.
 */
import { randomBytes } from "node:crypto";
import type { Collection, Document } from "mongodb";
import { orderKeys, searchTermsOf } from "../../../services/reports/dist/domain/search-terms";

/** Themes a decade of requests is about; each request names one, a place, and its own operation. */
const THEMES = [
  "knife crime",
  "anti-social behaviour",
  "county lines drug supply",
  "domestic abuse repeat victims",
  "violence against women and girls",
  "night-time economy violence",
  "shoplifting and retail crime",
  "road safety and speeding",
  "hate crime reporting",
  "fraud against older people",
  "modern slavery",
  "youth violence",
  "serious violence duty",
  "e-scooter misuse",
  "fly-tipping",
  "off-road bikes",
  "cuckooing of vulnerable adults",
  "arson and deliberate fires",
  "begging and street drinking",
  "child criminal exploitation",
];
const SYLLABLES = ["ka", "lo", "mer", "tin", "dra", "vel", "sor", "bel", "nix", "quo", "ray", "zen"];
/** A made-up operation name unique to request i ("Operation Kalomer"): a word only it holds. */
export const operationName = (i: number) => {
  let n = i + SYLLABLES.length ** 2;
  let w = "";
  while (n > 0) {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return w.charAt(0).toUpperCase() + w.slice(1);
};

const STATES = ["REQUESTED", "ACKNOWLEDGED", "SUBMITTED", "ACCEPTED", "RETURNED"] as const;
const BATCH = 1000;

export async function seedRequests(
  col: Collection<Document>,
  index: Collection<Document>,
  stats: Collection<Document>,
  count: number,
  partners: string[],
): Promise<number> {
  const t0 = Date.now();
  const year = 365 * 86_400_000;
  for (let start = 0; start < count; start += BATCH) {
    const docs: Document[] = [];
    const terms: string[] = [];
    const entries: Document[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const name = `reportRequests/seed-${i.toString(36)}-${randomBytes(3).toString("hex")}`;
      // A decade of requests, the newest a month old.
      const created = new Date(Date.now() - 10 * year + (i / count) * (10 * year - 30 * 86_400_000));
      const due = new Date(created.getTime() + 28 * 86_400_000);
      const addressees = [0, 1, 2].map((k) => partners[(i + k * 5) % partners.length] as string);
      const theme = THEMES[i % THEMES.length] as string;
      const place = (addressees[0] ?? "").replace("partners/csp-", "").replace(/-/g, " ");
      const title = `${theme.charAt(0).toUpperCase()}${theme.slice(1)} in ${place}, operation ${operationName(i)}`;
      const issueOfConcern = `Partners report a rise in ${theme} around ${place} town centre; the PCC asks what each partnership is doing about it and with what effect.`;
      const keys = orderKeys(name, { title, dueTime: due, createTime: created });
      const words = searchTermsOf(title, issueOfConcern);
      terms.push(...words);
      entries.push({ _id: name, t: words, ...keys, p: ["partners/opcc-kent", ...addressees] });
      const assignments = addressees.map((partner, k) => ({
        partner,
        state: STATES[(i + k) % STATES.length],
        latestVersion: (i + k) % 3,
        reasons: "",
        updateTime: created,
        overdueRaised: true,
      }));
      docs.push({
        _id: name,
        owner: "partners/opcc-kent",
        addressees,
        assignments,
        addresseeStates: assignments.map((a) => `${a.partner}|${a.state}`),
        title,
        issueOfConcern,
        sections: [{ id: "summary", title: "Summary", type: "TEXT", required: true, maxLength: 2000, options: [] }],
        dueTime: due,
        classification: "OFFICIAL",
        legalBasis: "INFORMAL",
        withdrawn: false,
        overdueOpen: false,
        releasedToPanel: false,
        etag: randomBytes(8).toString("hex"),
        createTime: created,
        updateTime: created,
        createdBy: "people/opcc-staff-1",
        requestId: `seed:${name}`,
        requestHash: "seed",
        ...keys,
        history: [
          {
            time: created,
            actor: "people/opcc-staff-1",
            partner: "",
            action: "create",
            from: "",
            to: "REQUESTED",
            version: 0,
            reasons: "",
          },
          ...assignments.map((a) => ({
            time: created,
            actor: "system",
            partner: a.partner,
            action: "acknowledge",
            from: "REQUESTED",
            to: a.state,
            version: a.latestVersion,
            reasons: "",
          })),
        ],
        _outbox: [],
      });
    }
    // The search index entries and word statistics, as the service's create path keeps them.
    await index.insertMany(entries, { ordered: false });
    await col.insertMany(docs, { ordered: false });
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    await stats.bulkWrite(
      [...counts].map(([t, n]) => ({
        updateOne: { filter: { _id: t as never }, update: { $inc: { requests: n } }, upsert: true },
      })),
      { ordered: false },
    );
  }
  return Date.now() - t0;
}
