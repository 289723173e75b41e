/** The compiled picture and its published editions: reading, publishing, exporting. */
import {
  type AnyMethodSpec,
  enforce,
  failedPrecondition,
  fingerprint,
  isDuplicateKey,
  method,
  newEtag,
  newEvent,
  newestFirst,
} from "@csp-mesh/kit";
import { ASSESSMENT_COMPILATION, ASSESSMENT_EDITION, AssessmentEditionPublished } from "../contract";
import { type Edition, type EditionBody, type EditionInput, editionSha256, exportEdition } from "../domain/edition";
import { SOURCE } from "../source";
import type { EditionDoc } from "../store/documents";
import { compilationDocToProto, editionToProto } from "./mapping";
import { compilationSchema, editionNameSchema, exportSchema, listEditionsSchema, publishSchema } from "./schemas";
import { compilationOf, contributionOf, type Stores } from "./stores";

/** Two OPCC staff publishing at once both pick the same number; the loser takes the next. */
const NUMBER_ATTEMPTS = 3;

export const docToEdition = (d: EditionDoc): Edition => ({
  name: d._id,
  cycle: d.cycle,
  number: d.number,
  year: d.year,
  title: d.title,
  note: d.note,
  classification: d.classification,
  compilation: d.compilation,
  inputs: d.inputs,
  partnerNames: d.partnerNames,
  sha256: d.sha256,
  publishedBy: d.publishedBy,
  publishedByName: d.publishedByName,
  publishTime: d.publishTime,
});

export function editionsMethods(stores: Stores): Record<string, AnyMethodSpec> {
  const { cycles, contributions, compilations, editions } = stores;

  return {
    GetCompilation: method({
      request: compilationSchema,
      handler: async (req, { caller }) => {
        const cycle = await cycles.get(caller, req.cycle);
        enforce(caller, "read", ASSESSMENT_COMPILATION, cycle, `the compilation of ${req.cycle}`);
        const doc = await compilations.getInternal(compilationOf(cycle._id));
        if (!doc) throw failedPrecondition(`${req.cycle} has not been compiled yet; try again in a moment`);
        return compilationDocToProto(doc);
      },
    }),

    PublishEdition: method({
      request: publishSchema,
      handler: async (req, { caller }) => {
        const cycle = await cycles.get(caller, req.cycle);
        enforce(caller, "create", ASSESSMENT_EDITION, cycle, `an edition of ${req.cycle}`);
        const compiled = await compilations.getInternal(compilationOf(cycle._id));
        if (!compiled) throw failedPrecondition(`${req.cycle} has not been compiled yet; try again in a moment`);
        const compilation = compiled.compilation;
        if (req.compilationSha256 && req.compilationSha256 !== compilation.sha256)
          throw failedPrecondition("the compilation has changed since you reviewed it; review it again");
        if (compilation.inputs.length === 0)
          throw failedPrecondition("nothing to publish: no partnership has a contribution the compilation can use");
        const inputs: EditionInput[] = [];
        for (const i of compilation.inputs) {
          const doc = await contributions.getInternal(contributionOf(cycle._id, i.partner));
          const v = doc?.versions.find((x) => x.version === i.version);
          if (!v || v.sha256 !== i.sha256)
            throw failedPrecondition("a contribution changed while publishing; try again");
          inputs.push({ partner: i.partner, version: v.version, sha256: v.sha256, content: v.content });
        }
        const requestHash = fingerprint({ cycle: cycle._id, note: req.note, compilation: compilation.sha256 });
        for (let attempt = 0; ; attempt++) {
          const number = (await editions.col.countDocuments({ cycle: cycle._id })) + 1 + attempt;
          const body: EditionBody = {
            cycle: cycle._id,
            number,
            year: cycle.year,
            title: cycle.title,
            note: req.note,
            classification: cycle.classification,
            compilation,
            inputs,
            partnerNames: cycle.partnerNames,
          };
          const name = `${cycle._id}/editions/${number}`;
          const sha256 = editionSha256(body);
          const now = new Date();
          const doc: EditionDoc = {
            ...body,
            _id: name,
            owner: cycle.owner,
            addressees: cycle.addressees,
            releasedToPanel: true,
            sha256,
            publishedBy: caller.subject,
            publishedByName: caller.displayName ?? caller.subject,
            publishTime: now,
            updateTime: now,
            etag: newEtag(),
            commands: [],
            requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
            requestHash,
            sortKey: newestFirst(now, name),
          };
          const event = newEvent(AssessmentEditionPublished, SOURCE, name, {
            cycle: cycle._id,
            partner: "",
            actor: caller.subject,
            classification: cycle.classification,
            edition: name,
            number,
            sha256,
          });
          try {
            return editionToProto(await editions.create(doc, [event]));
          } catch (err) {
            if (!isDuplicateKey(err) || attempt + 1 >= NUMBER_ATTEMPTS) throw err;
          }
        }
      },
    }),

    GetEdition: method({
      request: editionNameSchema,
      handler: async (req, { caller }) => editionToProto(await editions.get(caller, req.name)),
    }),

    ListEditions: method({
      request: listEditionsSchema,
      handler: async (req, { caller }) => {
        // One cycle's editions are few (a query on the cycle's name); every cycle's come from the
        // editions' list read model, never from reading the growing collection.
        const page = req.cycle
          ? await editions.list(caller, { cycle: req.cycle }, req.pageSize, req.pageToken, req.cycle)
          : await editions.listPage(caller, {}, req.pageSize, req.pageToken, "");
        return { editions: page.items.map(editionToProto), nextPageToken: page.nextPageToken };
      },
    }),

    ExportEdition: method({
      request: exportSchema,
      handler: async (req, { caller }) => {
        const doc = await editions.get(caller, req.name);
        const out = exportEdition(docToEdition(doc), req.format as "JSON" | "CSV" | "HTML");
        return { ...out, editionSha256: doc.sha256 };
      },
    }),
  };
}
