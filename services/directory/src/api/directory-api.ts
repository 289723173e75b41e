import { randomBytes } from "node:crypto";
import {
  type AnyMethodSpec,
  classificationField,
  fingerprint,
  invalidArgument,
  listBaseSchema as listBase,
  maskedFields,
  method,
  newEvent,
  optionalName,
  protoEnum,
  type Role,
  requestIdSchema,
  resourceId,
  resourceName,
  roleSchema,
  type StoredItem,
  singleLine,
  thumbprintOf,
  updateMaskSchema,
} from "@csp-mesh/kit";
import { z } from "zod";
import {
  PartnerCreated,
  PartnerUpdated,
  PersonCreated,
  PersonUpdated,
  SystemCreated,
  SystemRevoked,
  SystemSecretRotated,
} from "../contract";
import { isPartnership, PARTNER_KINDS, PARTNER_STATUSES, type PartnerFields, ROLES_BY_KIND } from "../domain/partner";
import { hashSecret, newClientSecret } from "../identity/secrets";
import { SOURCE } from "../source";
import type { PartnerDoc, PersonDoc, SystemDoc } from "../store/documents";
import type { ResourceStore } from "../store/resource-store";
import {
  partnerSnapshot,
  partnerToProto,
  personSnapshot,
  personToProto,
  systemSnapshot,
  systemToProto,
} from "./mapping";
import { checkPartner, PARTNER_MUTABLE, partnerFields } from "./partner-fields";

export interface DirectoryStores {
  partners: ResourceStore<PartnerDoc>;
  people: ResourceStore<PersonDoc>;
  systems: ResourceStore<SystemDoc>;
}

function checkRoles(roles: Role[], partner: PartnerDoc): void {
  const allowed = ROLES_BY_KIND[partner.kind];
  const bad = roles.filter((r) => !allowed.includes(r));
  if (bad.length > 0)
    throw invalidArgument("roles do not fit the partner", [
      {
        field: "person.roles",
        description: `${bad.join(", ")} cannot be held in a ${partner.kind} partner; allowed: ${allowed.join(", ") || "none"}`,
      },
    ]);
}

/** A partner the caller names must exist and be visible to it; otherwise the reference is invalid. */
async function referencedPartner(stores: DirectoryStores, name: string, field: string) {
  const p = await stores.partners.getInternal(name);
  if (!p) throw invalidArgument(`unknown partner ${name}`, [{ field, description: `${name} is not in the directory` }]);
  return p;
}

const personFields = z.object({
  displayName: singleLine(200, 2),
  email: z.string().trim().toLowerCase().pipe(z.email("must be an email address")),
  partner: resourceName("partners"),
  roles: z.array(roleSchema).min(1, "at least one role").max(5),
  active: z.boolean(),
  classification: classificationField,
});
const PERSON_MUTABLE = ["display_name", "email", "roles", "active"] as const;

const systemFields = z.object({
  displayName: singleLine(200, 2),
  partner: resourceName("partners"),
  classification: classificationField,
  certificateSha256: z
    .string()
    .regex(/^(([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64})?$/, "a SHA-256 fingerprint in hex (colons allowed)")
    .transform((v) => (v ? thumbprintOf(v) : undefined)),
});

const CLEARABLE = ["orgIdentifier", "area", "accountableBody"] as const;

export function directoryMethods(stores: DirectoryStores): Record<string, AnyMethodSpec> {
  const { partners, people, systems } = stores;

  return {
    GetPartner: method({
      request: z.object({ name: resourceName("partners") }),
      handler: async (req, { caller }) => partnerToProto(await partners.get(caller, req.name)),
    }),

    ListPartners: method({
      request: listBase.extend({
        kind: protoEnum("PARTNER_KIND", PARTNER_KINDS),
        status: protoEnum("PARTNER_STATUS", PARTNER_STATUSES),
        member: optionalName("partners"),
      }),
      handler: async (req, { caller }) => {
        // A view per kind or member; the status is checked on the items.
        const view: [string, string] | undefined = req.member
          ? ["member", req.member]
          : req.kind
            ? ["kind", req.kind]
            : undefined;
        const kind = req.member ? req.kind : "";
        const match = (it: StoredItem) => (!req.status || it.f.st === req.status) && (!kind || it.f.kind === kind);
        const { pageSize, pageToken, ...rest } = req;
        const page = await partners.listPage(caller, { view, match }, pageSize, pageToken, JSON.stringify(rest));
        return { partners: page.items.map(partnerToProto), nextPageToken: page.nextPageToken };
      },
    }),

    CreatePartner: method({
      request: z.object({
        partnerId: resourceId,
        partner: partnerFields.nullable().refine((p) => p !== null, "required"),
        requestId: requestIdSchema,
      }),
      handler: async (req, { caller }) => {
        const name = `partners/${req.partnerId}`;
        const p = req.partner as z.infer<typeof partnerFields>;
        if (!p.kind) throw invalidArgument("kind is required", [{ field: "partner.kind", description: "required" }]);
        const fields: PartnerFields = {
          displayName: p.displayName,
          kind: p.kind,
          authoritySubtype: p.authoritySubtype,
          status: p.status ?? "ACTIVE",
          mergedInto: p.mergedInto,
          members: p.members,
          orgIdentifier: p.orgIdentifier,
          area: p.area,
          accountableBody: p.accountableBody,
        };
        await checkPartner(partners, name, fields);
        const doc = await partners.create(
          caller,
          {
            _id: name,
            ...fields,
            owner: name,
            classification: p.classification,
            demo: false,
            requestId: req.requestId || `create:${name}`,
            requestHash: fingerprint({ name, fields, c: p.classification }),
          },
          (d) => newEvent(PartnerCreated, SOURCE, d._id, partnerSnapshot(d)),
        );
        return partnerToProto(doc);
      },
    }),

    UpdatePartner: method({
      request: z
        .object({
          partner: z.object({ name: resourceName("partners"), etag: z.string().max(100) }).passthrough(),
          updateMask: updateMaskSchema,
        })
        .transform((req, ctx) => {
          const raw = maskedFields(req.partner, req.updateMask, PARTNER_MUTABLE, ctx);
          const parsed = partnerFields.partial().safeParse(raw);
          if (!parsed.success)
            for (const i of parsed.error.issues) ctx.addIssue({ ...i, path: ["partner", ...i.path] } as never);
          return {
            name: req.partner.name,
            etag: req.partner.etag,
            changes: parsed.success ? parsed.data : {},
            keys: Object.keys(raw),
          };
        }),
      handler: async (req, { caller }) => {
        const doc = await partners.update(
          caller,
          req.name,
          req.etag,
          async (current) => {
            const changes: Partial<PartnerFields> = {};
            for (const k of req.keys)
              (changes as Record<string, unknown>)[k] = (req.changes as Record<string, unknown>)[k];
            if (req.keys.includes("status") && changes.status === undefined) changes.status = current.status;
            // Cleared publication details are stored as null: an absent value in $set changes nothing.
            for (const k of CLEARABLE)
              if (req.keys.includes(k) && changes[k] === undefined) (changes as Record<string, unknown>)[k] = null;
            const merged: PartnerFields = { ...current, ...changes };
            if (!isPartnership(merged.kind) && !req.keys.includes("members")) merged.members = current.members;
            await checkPartner(partners, req.name, merged);
            return changes as Partial<PartnerDoc>;
          },
          (d) => newEvent(PartnerUpdated, SOURCE, d._id, partnerSnapshot(d)),
        );
        return partnerToProto(doc);
      },
    }),

    GetPerson: method({
      request: z.object({ name: resourceName("people") }),
      handler: async (req, { caller }) => personToProto(await people.get(caller, req.name)),
    }),

    ListPeople: method({
      request: listBase.extend({ partner: optionalName("partners") }),
      handler: async (req, { caller }) => {
        const view: [string, string] | undefined = req.partner ? ["partner", req.partner] : undefined;
        const page = await people.listPage(caller, { view }, req.pageSize, req.pageToken, req.partner ?? "");
        return { people: page.items.map(personToProto), nextPageToken: page.nextPageToken };
      },
    }),

    CreatePerson: method({
      request: z.object({
        personId: resourceId,
        person: personFields.nullable().refine((p) => p !== null, "required"),
        requestId: requestIdSchema,
      }),
      handler: async (req, { caller }) => {
        const p = req.person as z.infer<typeof personFields>;
        const name = `people/${req.personId}`;
        const partner = await referencedPartner(stores, p.partner, "person.partner");
        checkRoles(p.roles, partner);
        const doc = await people.create(
          caller,
          {
            _id: name,
            displayName: p.displayName,
            email: p.email,
            partner: p.partner,
            roles: p.roles,
            active: true,
            owner: p.partner,
            classification: p.classification,
            demo: false,
            requestId: req.requestId || `create:${name}`,
            requestHash: fingerprint({ name, p }),
          },
          (d) => newEvent(PersonCreated, SOURCE, d._id, personSnapshot(d)),
        );
        return personToProto(doc);
      },
    }),

    UpdatePerson: method({
      request: z
        .object({
          person: z.object({ name: resourceName("people"), etag: z.string().max(100) }).passthrough(),
          updateMask: updateMaskSchema,
        })
        .transform((req, ctx) => {
          const raw = maskedFields(req.person, req.updateMask, PERSON_MUTABLE, ctx);
          const parsed = personFields.partial().safeParse(raw);
          if (!parsed.success)
            for (const i of parsed.error.issues) ctx.addIssue({ ...i, path: ["person", ...i.path] } as never);
          return { name: req.person.name, etag: req.person.etag, changes: parsed.success ? parsed.data : {} };
        }),
      handler: async (req, { caller }) => {
        const doc = await people.update(
          caller,
          req.name,
          req.etag,
          async (current) => {
            if (req.changes.roles) {
              const partner = await partners.getInternal(current.partner);
              if (partner) checkRoles(req.changes.roles, partner);
            }
            return req.changes as Partial<PersonDoc>;
          },
          (d) => newEvent(PersonUpdated, SOURCE, d._id, personSnapshot(d)),
        );
        return personToProto(doc);
      },
    }),

    GetPartnerSystem: method({
      request: z.object({ name: resourceName("systems") }),
      handler: async (req, { caller }) => systemToProto(await systems.get(caller, req.name)),
    }),

    ListPartnerSystems: method({
      request: listBase.extend({ partner: optionalName("partners") }),
      handler: async (req, { caller }) => {
        const view: [string, string] | undefined = req.partner ? ["partner", req.partner] : undefined;
        const page = await systems.listPage(caller, { view }, req.pageSize, req.pageToken, req.partner ?? "");
        return { partnerSystems: page.items.map(systemToProto), nextPageToken: page.nextPageToken };
      },
    }),

    CreatePartnerSystem: method({
      request: z.object({
        systemId: resourceId,
        partnerSystem: systemFields.nullable().refine((p) => p !== null, "required"),
        requestId: requestIdSchema,
      }),
      handler: async (req, { caller }) => {
        const s = req.partnerSystem as z.infer<typeof systemFields>;
        const name = `systems/${req.systemId}`;
        await referencedPartner(stores, s.partner, "partner_system.partner");
        const secret = newClientSecret();
        const doc = await systems.create(
          caller,
          {
            _id: name,
            displayName: s.displayName,
            partner: s.partner,
            clientId: `cmc_${randomBytes(12).toString("hex")}`,
            secretHash: await hashSecret(secret),
            revoked: false,
            secretRotateTime: new Date(),
            owner: s.partner,
            classification: s.classification,
            demo: false,
            ...(s.certificateSha256 ? { certificateThumbprint: s.certificateSha256 } : {}),
            // The secret is shown once, so a retry cannot replay the first answer: the name decides.
            requestId: `create:${name}`,
            requestHash: fingerprint({ name, s }),
          },
          (d) => newEvent(SystemCreated, SOURCE, d._id, systemSnapshot(d)),
        );
        return { partnerSystem: systemToProto(doc), clientSecret: secret };
      },
    }),

    RotatePartnerSystemSecret: method({
      request: z.object({ name: resourceName("systems") }),
      handler: async (req, { caller }) => {
        const secret = newClientSecret();
        const secretHash = await hashSecret(secret);
        const doc = await systems.update(
          caller,
          req.name,
          "",
          () => ({ secretHash, secretRotateTime: new Date() }),
          (d) => newEvent(SystemSecretRotated, SOURCE, d._id, systemSnapshot(d)),
          "manage-credentials",
        );
        return { partnerSystem: systemToProto(doc), clientSecret: secret };
      },
    }),

    RevokePartnerSystem: method({
      request: z.object({ name: resourceName("systems") }),
      handler: async (req, { caller }) => {
        const doc = await systems.update(
          caller,
          req.name,
          "",
          () => ({ revoked: true, revokeTime: new Date() }),
          (d) => newEvent(SystemRevoked, SOURCE, d._id, systemSnapshot(d)),
          "manage-credentials",
        );
        return systemToProto(doc);
      },
    }),
  };
}
