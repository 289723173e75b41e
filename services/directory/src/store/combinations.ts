import { type AggregateDoc, aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { COMBINATION } from "../contract";
import type { AgreementState, Consent, Decision, Proposal } from "../domain/combination";

/** A written agreement as recorded: its text, hash and date, and who recorded it. */
export interface WrittenDoc {
  text: string;
  sha256: string;
  date: string;
  by: string;
  byName: string;
  time: Date;
}

/** A document of a proposal, its bytes in the kit's file store (GridFS). */
export interface CombinationDocumentDoc {
  /** combinations/<id>/documents/<n> */
  name: string;
  fileId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  by: string;
  byName: string;
  time: Date;
}

/**
 * One combination agreement, from proposal to its end: small and bounded (a handful of parties and
 * steps), so one document changed under its etag. Addressed to the partnerships concerned and
 * every party, which is what the policy reads.
 */
export interface CombinationDoc extends AggregateDoc {
  owner: string;
  addressees: string[];
  classification: "OFFICIAL";
  /** Once the PCC has decided: a published decision the panel reads. */
  releasedToPanel: boolean;
  terms: Proposal;
  state: AgreementState;
  parties: string[];
  acrossPoliceAreas: boolean;
  consents: Consent[];
  decision?: Decision & { by: string; byName: string; time: Date };
  agreement?: WrittenDoc;
  ending?: WrittenDoc;
  /** Chosen when signed; the partnership exists once in force. */
  combinedPartner?: string;
  effectTime?: Date;
  endTime?: Date;
  /**
   * The dated step still to apply to the directory ("effect" once signed, "end" once an ending is
   * recorded): what the sweep looks for, by one top-level key.
   */
  due?: "effect" | "end" | null;
  /** A variation: the agreement it varies (terms.varies, kept top level to be found by it). */
  varies?: string;
  /** Once a variation of it is in force: that variation. */
  variedBy?: string;
  documents?: CombinationDocumentDoc[];
  proposedBy: string;
  proposedByName: string;
  createTime: Date;
}

export const COMBINATIONS = "combinations";

/** The agreements the caller may read, newest first (one list: there are few). */
export const combinationLists = (db: Db, log: Logger, sweepMs: number) =>
  aggregateLists<CombinationDoc>(db, {
    collection: COMBINATIONS,
    kind: COMBINATION,
    listing: () => ({ views: {} }),
    log,
    sweepMs,
  });
