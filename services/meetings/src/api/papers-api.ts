/**
 * Papers: the OPCC attaches documents to agenda items (the kit's checked file store, as report
 * attachments); each invitee sees the papers whose audience includes it, alone or as one ZIP pack
 * with an index. What a caller may see is decided by the shared policy, paper by paper.
 */
import {
  type AggregateStore,
  type AnyMethodSpec,
  type Caller,
  decide,
  enforce,
  type FileStore,
  failedPrecondition,
  invalidArgument,
  isOpcc,
  method,
  newEvent,
  notFound,
  permissionDenied,
  uploadParts,
} from "@csp-mesh/kit";
import { ZipFile } from "yazl";
import { MEETING_PAPER, MeetingPaperAdded } from "../contract";
import { knownItemIds } from "../domain/agenda";
import { planPack } from "../domain/papers-pack";
import { SOURCE } from "../source";
import type { MeetingDoc, PaperDoc } from "../store/documents";
import { paperToProto } from "./mapping";
import { about, meetingCommands, moved } from "./meeting-commands";
import { listPapersSchema, packSchema, paperSchema, uploadPaperSchema } from "./schemas";

export const MAX_PAPERS = 200;

/** The meeting's papers this caller may see (the meeting itself already visible to it). */
export const visiblePapers = (doc: MeetingDoc, caller: Caller) =>
  (doc.papers ?? []).filter((p) => decide(caller, "read", MEETING_PAPER, p).allowed);

/** The checks made before any byte is stored, and again when the paper is recorded. */
function paperProblems(doc: MeetingDoc, agendaItem: string, audience: string[]) {
  moved(doc, "add-paper");
  if ((doc.papers ?? []).length >= MAX_PAPERS) throw failedPrecondition(`a meeting holds at most ${MAX_PAPERS} papers`);
  if (!knownItemIds(doc.agenda, doc.agendaVersions).has(agendaItem))
    throw invalidArgument("no such agenda item", [
      { field: "metadata.agenda_item", description: `${agendaItem} is not an item of this meeting's agenda` },
    ]);
  const stray = audience.findIndex((p) => !doc.addressees.includes(p));
  if (stray >= 0)
    throw invalidArgument("the audience must be invited partnerships", [
      { field: `metadata.audience[${stray}]`, description: "this partnership is not invited to the meeting" },
    ]);
}

export function papersMethods(meetings: AggregateStore<MeetingDoc>, files: FileStore): Record<string, AnyMethodSpec> {
  const { forUpdate } = meetingCommands(meetings);

  /** A paper the caller may see, or NOT_FOUND (its meeting, or itself, out of the caller's sight). */
  const paperFor = async (caller: Caller, name: string) => {
    const meeting = await meetings.get(caller, name.replace(/\/papers\/[^/]+$/, ""));
    const paper = visiblePapers(meeting, caller).find((p) => p.name === name);
    if (!paper) throw notFound(`paper ${name}`);
    return { meeting, paper };
  };

  return {
    UploadPaper: method({
      request: uploadPaperSchema,
      clientStream: async (messages, { caller }) => {
        const { metadata: meta, chunks } = await uploadParts(messages, (m) =>
          m.part === "metadata" ? { metadata: m.metadata } : { chunk: m.chunk },
        );
        const current = await forUpdate(caller, meta.meeting);
        const classification = meta.classification ?? current.classification;
        enforce(caller, "create", MEETING_PAPER, { owner: current.owner, classification }, "a paper");
        const audience = [...new Set(meta.audience)];
        paperProblems(current, meta.agendaItem, audience);
        const file = await files.put(meta.filename, chunks);
        const paper: PaperDoc = {
          name: `${current._id}/papers/${file.gridId}`,
          gridId: file.gridId,
          agendaItem: meta.agendaItem,
          title: meta.title,
          filename: file.filename,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          classification,
          owner: current.owner,
          addressees: audience.length > 0 ? audience : current.addressees,
          audienceAll: audience.length === 0,
          releasedToPanel: false,
          uploadedBy: caller.subject,
          createTime: new Date(),
        };
        try {
          const next = await meetings.mutate(current, undefined, (doc) => {
            paperProblems(doc, meta.agendaItem, audience);
            return {
              set: { papers: [...(doc.papers ?? []), paper] },
              events: [
                newEvent(MeetingPaperAdded, SOURCE, doc._id, {
                  ...about(doc, caller),
                  classification,
                  paper: paper.name,
                  agendaItem: paper.agendaItem,
                  sha256: paper.sha256,
                  audience: paper.addressees,
                }),
              ],
            };
          });
          return paperToProto(paper, next);
        } catch (err) {
          // The meeting moved on while the bytes arrived: keep nothing.
          await files.delete(file.gridId);
          throw err;
        }
      },
    }),

    ListPapers: method({
      request: listPapersSchema,
      handler: async (req, { caller }) => {
        const doc = await meetings.get(caller, req.meeting);
        return { papers: visiblePapers(doc, caller).map((p) => paperToProto(p, doc)) };
      },
    }),

    DownloadPaper: method({
      request: paperSchema,
      serverStream: async (req, send, { caller }) => {
        const { meeting, paper } = await paperFor(caller, req.name);
        await send({ metadata: paperToProto(paper, meeting) });
        for await (const chunk of files.open(paper.gridId)) await send({ chunk });
      },
    }),

    DownloadPapersPack: method({
      request: packSchema,
      serverStream: async (req, send, { caller }) => {
        const doc = await meetings.get(caller, req.name);
        let reader = caller;
        if (req.partner && req.partner !== caller.partner) {
          if (!isOpcc(caller)) throw permissionDenied("only the OPCC sees another partnership's papers pack");
          if (!doc.addressees.includes(req.partner))
            throw invalidArgument("not an invited partnership", [
              { field: "partner", description: "this partnership is not invited to the meeting" },
            ]);
          // The pack exactly as that partnership's own officers receive it.
          reader = { subject: caller.subject, partner: req.partner, roles: ["csp-officer"], kind: "person" };
        }
        const items = isOpcc(reader) ? (doc.agenda ?? []) : (doc.agendaVersions?.at(-1)?.items ?? []);
        const plan = planPack(
          { name: doc._id, title: doc.title, start: doc.start },
          items,
          visiblePapers(doc, reader),
          reader.partner,
        );
        await send({
          metadata: {
            filename: `${doc._id.replace("meetings/", "meeting-")}-papers.zip`,
            contentType: "application/zip",
            paperCount: plan.entries.length,
          },
        });
        const zip = new ZipFile();
        zip.addBuffer(Buffer.from(plan.indexHtml), "index.html", { mtime: doc.updateTime });
        zip.addBuffer(Buffer.from(plan.manifest), "manifest.json", { mtime: doc.updateTime });
        // Papers are PDF or already-compressed office files: stored, not deflated again.
        for (const e of plan.entries)
          zip.addReadStreamLazy(e.path, { mtime: e.paper.createTime, compress: false, size: e.paper.sizeBytes }, (cb) =>
            cb(null, files.open(e.paper.gridId)),
          );
        zip.end();
        for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) await send({ chunk });
      },
    }),
  };
}
