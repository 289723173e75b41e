import { type ChannelCredentials, type Client, status } from "@grpc/grpc-js";
import { type FieldViolation, invalidArgument } from "../errors";
import { createClient, unary } from "../grpc/client";
import { type LoadedProtos, serviceConstructor } from "../grpc/protos";

interface PartnerView {
  name: string;
  displayName: string;
  kind: string;
  status: string;
}

/** What the directory says about a partner: also what published grants name it by. */
export interface PartnerRecord extends PartnerView {
  members: string[];
  orgIdentifier: string;
  area: { code: string; name: string } | null;
  accountableBody: string;
}

const PARTNERSHIP_KINDS = new Set(["PARTNER_KIND_CSP", "PARTNER_KIND_COUNTY_CSP"]);

/** What a service asks of the directory about partnerships, on the caller's behalf (its token is forwarded). */
export class DirectoryClient {
  private readonly client: Client;

  constructor(protos: LoadedProtos, address: string, channel?: ChannelCredentials) {
    this.client = createClient<Client>(serviceConstructor(protos, "csp.directory.v1.DirectoryService"), address, {
      idempotentMethods: ["GetPartner", "ListPartners"],
      defaultDeadlineMs: 5_000,
      ...(channel ? { channelCredentials: channel } : {}),
    });
  }

  /** Every ACTIVE CSP and county CSP. */
  async activePartnerships(): Promise<string[]> {
    return (await this.listActive()).map((p) => p.name).sort();
  }

  /** Every ACTIVE CSP and county CSP: resource name -> display name. */
  async activePartnershipNames(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.listActive()).map((p) => [p.name, p.displayName]));
  }

  private async listActive(): Promise<PartnerView[]> {
    const found: PartnerView[] = [];
    for (const kind of PARTNERSHIP_KINDS) {
      let pageToken = "";
      do {
        const page = await unary<unknown, { partners: PartnerView[]; nextPageToken: string }>(
          this.client,
          "ListPartners",
          {
            kind,
            status: "PARTNER_STATUS_ACTIVE",
            pageSize: 500,
            pageToken,
          },
        );
        found.push(...page.partners);
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
    return found;
  }

  /** One partner, or null when the directory has none by that name. */
  async partner(name: string): Promise<PartnerRecord | null> {
    try {
      return await unary<unknown, PartnerRecord>(this.client, "GetPartner", { name });
    } catch (err) {
      if ((err as { code?: number }).code === status.NOT_FOUND) return null;
      throw err;
    }
  }

  /** Checks each named addressee is an active partnership in the directory. */
  async checkAddressees(names: string[], field: (i: number) => string): Promise<void> {
    const violations: FieldViolation[] = [];
    for (const [i, name] of names.entries()) {
      try {
        const p = await unary<unknown, PartnerView>(this.client, "GetPartner", { name });
        if (!PARTNERSHIP_KINDS.has(p.kind))
          violations.push({ field: field(i), description: `${name} is not a community safety partnership` });
        else if (p.status !== "PARTNER_STATUS_ACTIVE")
          violations.push({ field: field(i), description: `${name} is not active (merged)` });
      } catch (err) {
        if ((err as { code?: number }).code !== status.NOT_FOUND) throw err;
        violations.push({ field: field(i), description: `${name} is not in the directory` });
      }
    }
    if (violations.length > 0) throw invalidArgument("invalid addressees", violations);
  }

  close(): void {
    this.client.close();
  }
}
