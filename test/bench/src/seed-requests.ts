/**
 * Fills the reports database with `count` report requests shaped exactly as the service stores
 * them (several addressees in different states, history entries, no pending events), written in
 * bulk, so the scale measurement sees years of data without creating each through the API.
 */
import { randomBytes } from "node:crypto";
import type { Collection, Document } from "mongodb";

const STATES = ["REQUESTED", "ACKNOWLEDGED", "SUBMITTED", "ACCEPTED", "RETURNED"] as const;
const BATCH = 1000;

export async function seedRequests(col: Collection<Document>, count: number, partners: string[]): Promise<number> {
  const t0 = Date.now();
  const year = 365 * 86_400_000;
  for (let start = 0; start < count; start += BATCH) {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const name = `reportRequests/seed-${i.toString(36)}-${randomBytes(3).toString("hex")}`;
      const created = new Date(Date.now() - 3 * year + (i / count) * 3 * year);
      const due = new Date(created.getTime() + 28 * 86_400_000);
      const addressees = [0, 1, 2].map((k) => partners[(i + k * 5) % partners.length] as string);
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
        title: `Seeded request ${i}: anti-social behaviour in ${addressees[0]?.replace("partners/", "")}`,
        issueOfConcern: "Historic request loaded by the benchmark to measure cost as data grows.",
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
        sortKey: `${due.toISOString()}|${name}`,
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
    await col.insertMany(docs, { ordered: false });
  }
  return Date.now() - t0;
}
