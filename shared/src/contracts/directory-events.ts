import { z } from "zod";
import { defineEvent } from "../events/domain-event";

/** Directory events. Payloads are snapshots of the public fields (never secrets or their hashes). */
const partnerSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  kind: z.string(),
  authoritySubtype: z.string().optional(),
  status: z.string(),
  mergedInto: z.string().optional(),
  members: z.array(z.string()),
  etag: z.string(),
});
const personSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  partner: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
  etag: z.string(),
});
const systemSnapshot = z.object({
  name: z.string(),
  displayName: z.string(),
  partner: z.string(),
  clientId: z.string(),
  revoked: z.boolean(),
  etag: z.string(),
});

export const PartnerCreated = defineEvent("partner.created", "directory", partnerSnapshot);
export const PartnerUpdated = defineEvent("partner.updated", "directory", partnerSnapshot);
export const PersonCreated = defineEvent("person.created", "directory", personSnapshot);
export const PersonUpdated = defineEvent("person.updated", "directory", personSnapshot);
export const SystemCreated = defineEvent("system.created", "directory", systemSnapshot);
export const SystemSecretRotated = defineEvent("system.secret_rotated", "directory", systemSnapshot);
export const SystemRevoked = defineEvent("system.revoked", "directory", systemSnapshot);

export const DIRECTORY_EVENTS = [
  PartnerCreated,
  PartnerUpdated,
  PersonCreated,
  PersonUpdated,
  SystemCreated,
  SystemSecretRotated,
  SystemRevoked,
];
