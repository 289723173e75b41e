import { type AnyMethodSpec, failedPrecondition, method, resourceName, unauthenticated } from "@csp-mesh/kit";
import { z } from "zod";
import type { TokenIssuer } from "../identity/issuer";
import { verifySecret } from "../identity/secrets";
import type { PartnerDoc, PersonDoc, SystemDoc } from "../store/documents";
import type { ResourceStore } from "../store/resource-store";
import { personToProto } from "./mapping";

export interface IdentityDeps {
  people: ResourceStore<PersonDoc>;
  systems: ResourceStore<SystemDoc>;
  partners: ResourceStore<PartnerDoc>;
  issuer: TokenIssuer;
  devSignInEnabled: boolean;
}

const BAD_CREDENTIALS = "invalid client credentials";

/**
 * The partnerships whose records `partner`'s people and systems read as its own (never change): its
 * predecessors, and theirs in turn, but not through a dissolved combined partnership to the
 * constituents' earlier records (a partnership separate again inherits what the combined one did).
 */
async function lineageOf(partners: ResourceStore<PartnerDoc>, partner: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set([partner]);
  const queue = [partner];
  while (queue.length > 0 && out.length < 50) {
    const p = await partners.getInternal(queue.shift() as string);
    for (const pred of p?.predecessors ?? []) {
      if (seen.has(pred)) continue;
      seen.add(pred);
      out.push(pred);
      if ((await partners.getInternal(pred))?.status !== "DISSOLVED") queue.push(pred);
    }
  }
  return out.slice(0, 50);
}

export function identityMethods(deps: IdentityDeps): Record<string, AnyMethodSpec> {
  return {
    ExchangeClientCredentials: method({
      public: true,
      request: z.object({ clientId: z.string().min(1).max(100), clientSecret: z.string().min(1).max(200) }),
      handler: async (req, { peerCertificate }) => {
        const system = await deps.systems.col.findOne({ clientId: req.clientId });
        // Same answer for unknown client, wrong secret, revoked credential and missing certificate:
        // nothing to probe.
        if (!system || system.revoked || !(await verifySecret(req.clientSecret, system.secretHash))) {
          throw unauthenticated(BAD_CREDENTIALS);
        }
        if (system.certificateThumbprint && system.certificateThumbprint !== peerCertificate) {
          throw unauthenticated(BAD_CREDENTIALS);
        }
        const partner = await deps.partners.getInternal(system.partner);
        if (partner?.status !== "ACTIVE") throw unauthenticated(BAD_CREDENTIALS);
        const t = await deps.issuer.issue({
          sub: system._id,
          partner: system.partner,
          roles: ["partner-system"],
          kind: "system",
          name: system.displayName,
          lineage: await lineageOf(deps.partners, system.partner),
          ...(system.certificateThumbprint ? { cnf: { "x5t#S256": system.certificateThumbprint } } : {}),
        });
        return { accessToken: t.accessToken, tokenType: t.tokenType, expiresIn: t.expiresIn };
      },
    }),

    DevSignIn: method({
      public: true,
      request: z.object({ person: resourceName("people") }),
      handler: async (req) => {
        if (!deps.devSignInEnabled) {
          throw failedPrecondition("development sign-in is disabled (set DEV_SIGN_IN_ENABLED=true outside production)");
        }
        const person = await deps.people.getInternal(req.person);
        if (!person?.active) throw unauthenticated("no active person with that name");
        const t = await deps.issuer.issue({
          sub: person._id,
          partner: person.partner,
          roles: person.roles,
          kind: "person",
          name: person.displayName,
          lineage: await lineageOf(deps.partners, person.partner),
        });
        return {
          accessToken: t.accessToken,
          tokenType: t.tokenType,
          expiresIn: t.expiresIn,
          person: personToProto(person),
        };
      },
    }),
  };
}
