/** csp.grants.v1.GrantsService, awards: an award by name, the awards a caller may see, a programme's ledger. */
import { type AnyMethodSpec, method, permissionDenied, readReach } from "@csp-mesh/kit";
import { GRANT_LEDGER } from "../contract";
import { awardToProto, ledgerToProto } from "./mapping";
import { awardNameSchema, ledgerSchema, listAwardsSchema } from "./schemas";
import { ledgerOf, type Stores } from "./stores";

export function awardsMethods(stores: Stores): Record<string, AnyMethodSpec> {
  const { programmes, awards, ledgers } = stores;
  return {
    GetAward: method({
      request: awardNameSchema,
      handler: async (req, { caller }) => awardToProto(await awards.get(caller, req.name)),
    }),

    ListAwards: method({
      request: listAwardsSchema,
      handler: async (req, { caller }) => {
        if (req.programme) await programmes.get(caller, req.programme);
        const view: [string, string] | undefined = req.programme ? ["prog", req.programme] : undefined;
        const page = await awards.listPage(caller, { view }, req.pageSize, req.pageToken, `awards|${req.programme}`);
        return {
          awards: page.items.map(awardToProto),
          nextPageToken: page.nextPageToken,
          totalSize: await awards.count(caller, view),
        };
      },
    }),

    GetProgrammeLedger: method({
      request: ledgerSchema,
      handler: async (req, { caller }) => {
        const programme = await programmes.get(caller, req.programme);
        // The programme is theirs to read; its ledger is the OPCC's working.
        if (readReach(caller, GRANT_LEDGER) === null)
          throw permissionDenied(`the ledger of ${req.programme} is the OPCC's`);
        const ledger = await ledgers.getInternal(ledgerOf(programme._id));
        return ledgerToProto(
          ledger ?? {
            _id: ledgerOf(programme._id),
            programme: programme._id,
            owner: programme.owner,
            classification: programme.classification,
            budgetPence: programme.budgetPence,
            commitments: [],
            createTime: programme.createTime,
            updateTime: programme.updateTime,
            etag: "",
            requestId: "",
            requestHash: "",
            sortKey: "",
          },
        );
      },
    }),
  };
}
