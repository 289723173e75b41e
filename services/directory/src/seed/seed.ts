import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type DomainEvent,
  fingerprint,
  insertWithEvents,
  isDuplicateKey,
  LISTS_PENDING,
  newEvent,
  roleSchema,
} from "@csp-mesh/kit";
import type { Collection, Db, Document } from "mongodb";
import { z } from "zod";
import { partnerSnapshot, personSnapshot, systemSnapshot } from "../api/mapping";
import { PartnerCreated, PersonCreated, SystemCreated } from "../contract";
import { AUTHORITY_SUBTYPES, GSS_CODE, ORG_IDENTIFIER, PARTNER_KINDS } from "../domain/partner";
import { hashSecret } from "../identity/secrets";
import { COLLECTIONS, type PartnerDoc, type PersonDoc, type SystemDoc } from "../store/documents";

export const DEMO_SEED_FILE = path.resolve(__dirname, "..", "..", "seed", "kent-and-medway.demo.json");

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
const seedSchema = z.object({
  partners: z.array(
    z.object({
      id,
      displayName: z.string().min(2),
      kind: z.enum(PARTNER_KINDS),
      authoritySubtype: z.enum(AUTHORITY_SUBTYPES).optional(),
      members: z.array(id).default([]),
      orgIdentifier: z.string().regex(ORG_IDENTIFIER).optional(),
      area: z.object({ code: z.string().regex(GSS_CODE), name: z.string().min(2) }).optional(),
      accountableBody: id.optional(),
    }),
  ),
  people: z.array(
    z.object({ id, displayName: z.string(), email: z.email(), partner: id, roles: z.array(roleSchema).min(1) }),
  ),
  partnerSystems: z.array(
    z.object({
      id,
      displayName: z.string(),
      partner: id,
      clientId: z.string().min(8),
      clientSecret: z.string().min(16),
    }),
  ),
});

const SOURCE = "csp-mesh/directory-seed";

/** Inserts a document with its creation event unless it exists. Returns true if inserted. */
async function insertIfAbsent<D extends Document & { _id: string }>(
  col: Collection<D>,
  doc: D,
  event: DomainEvent,
): Promise<boolean> {
  if (await col.findOne({ _id: doc._id } as never, { projection: { _id: 1 } })) return false;
  try {
    // Flagged for the lists (kit ListProjection): a running directory's sweep lists it.
    await col.insertOne(insertWithEvents({ ...doc, ...LISTS_PENDING }, [event]) as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false; // another replica seeded it first
    throw err;
  }
}

/**
 * Loads the demonstration directory. Idempotent: existing records are left exactly as they are,
 * so running it twice (or after edits through the API) changes nothing.
 */
export async function seedDemoDirectory(db: Db, file = DEMO_SEED_FILE): Promise<{ inserted: number; total: number }> {
  const data = seedSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const now = new Date();
  const base = (name: string) => ({
    classification: "OFFICIAL" as const,
    etag: "seed-1",
    createTime: now,
    updateTime: now,
    demo: true,
    requestId: `create:${name}`,
    requestHash: fingerprint({ seed: name }),
  });
  let inserted = 0;
  const partners = db.collection<PartnerDoc>(COLLECTIONS.partners);
  for (const p of data.partners) {
    const name = `partners/${p.id}`;
    const doc: PartnerDoc = {
      _id: name,
      ...base(name),
      owner: name,
      displayName: p.displayName,
      kind: p.kind,
      authoritySubtype: p.authoritySubtype,
      status: "ACTIVE",
      members: p.members.map((m) => `partners/${m}`),
      orgIdentifier: p.orgIdentifier,
      area: p.area,
      accountableBody: p.accountableBody ? `partners/${p.accountableBody}` : undefined,
    };
    if (await insertIfAbsent(partners, doc, newEvent(PartnerCreated, SOURCE, name, partnerSnapshot(doc)))) inserted++;
  }
  const people = db.collection<PersonDoc>(COLLECTIONS.people);
  for (const p of data.people) {
    const name = `people/${p.id}`;
    const partner = `partners/${p.partner}`;
    const doc: PersonDoc = {
      _id: name,
      ...base(name),
      owner: partner,
      displayName: p.displayName,
      email: p.email,
      partner,
      roles: p.roles,
      active: true,
    };
    if (await insertIfAbsent(people, doc, newEvent(PersonCreated, SOURCE, name, personSnapshot(doc)))) inserted++;
  }
  const systems = db.collection<SystemDoc>(COLLECTIONS.systems);
  for (const s of data.partnerSystems) {
    const name = `systems/${s.id}`;
    if (await systems.findOne({ _id: name }, { projection: { _id: 1 } })) continue;
    const partner = `partners/${s.partner}`;
    const doc: SystemDoc = {
      _id: name,
      ...base(name),
      owner: partner,
      displayName: s.displayName,
      partner,
      clientId: s.clientId,
      secretHash: await hashSecret(s.clientSecret),
      revoked: false,
      secretRotateTime: now,
    };
    if (await insertIfAbsent(systems, doc, newEvent(SystemCreated, SOURCE, name, systemSnapshot(doc)))) inserted++;
  }
  return { inserted, total: data.partners.length + data.people.length + data.partnerSystems.length };
}
