/**
 * A meeting's agenda and papers: the OPCC builds the agenda (no script needed: every item is a
 * fieldset with its position, and a blank one adds an item) and publishes it; papers are added to
 * items with their classification and audience; everyone downloads the papers, or their pack, that
 * they may see.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import { sendDownload, uploadStream } from "../../http/streams";
import { multipartFile } from "../../http/uploads";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { type Field, FormFields, type FormSpec, posted } from "../frame/forms/fields";
import { escapeHtml } from "../frame/labels";
import { type AgendaItem, agendaOf, MEETING_ID, type Meeting, meetingName, opccMeetingPage, type Paper } from "./views";

type Body = Record<string, unknown>;
const str = posted;

export function registerAgendaPages(r: Router, a: WebArea): void {
  const { uploadMaxBytes } = a;
  const { d, page, render, notFound, nameOf } = a;

  const opccPage = opccMeetingPage(a);

  const presenters = (res: Response, m: Meeting) => [
    { value: "", text: "The OPCC" },
    ...m.invitations.map((i) => ({ value: i.partner, text: nameOf(res, i.partner) })),
  ];

  // ---- the agenda builder ----------------------------------------------------------------------
  const itemValues = (items: AgendaItem[]) =>
    Object.fromEntries(
      items.flatMap((it, i) => [
        [`id-${i}`, it.id],
        [`order-${i}`, String(i + 1)],
        [`title-${i}`, it.title],
        [`description-${i}`, it.description],
        [`presenter-${i}`, it.presenter],
        [`minutes-${i}`, String(it.minutesAllotted)],
        [`links-${i}`, it.links.join("\n")],
      ]),
    );
  const agendaForm = (
    res: Response,
    m: Meeting,
    id: string,
    values: Body,
    errors: Record<string, string>,
    rows: number,
  ) => {
    const f = new FormFields(values, errors);
    const fields: Field[] = [];
    for (let i = 0; i < rows; i++) {
      const isNew = str(values, `id-${i}`) === "";
      fields.push(
        f.fieldset(isNew ? "Add an item" : `Item ${i + 1}`, [
          { kind: "html", html: `<input type="hidden" name="id-${i}" value="${escapeHtml(str(values, `id-${i}`))}">` },
          f.input(`title-${i}`, isNew ? "Title (leave empty to add nothing)" : "Title"),
          f.textarea(`description-${i}`, "Description (optional)", { rows: 2 }),
          f.select(`presenter-${i}`, "Presented by", presenters(res, m)),
          f.input(`minutes-${i}`, "Minutes allotted", { classes: "govuk-input--width-3", inputmode: "numeric" }),
          f.textarea(`links-${i}`, "Linked report requests, submissions or assessment priorities (optional)", {
            hint: { text: "One on each line, for example reportRequests/rr-county-lines" },
            rows: 2,
          }),
          ...(isNew
            ? []
            : [
                f.input(`order-${i}`, "Position", { classes: "govuk-input--width-2", inputmode: "numeric" }),
                f.checkboxes(`remove-${i}`, "Remove", [{ value: "yes", text: "Remove this item" }]),
              ]),
        ]),
      );
    }
    const versions = m.agendaVersions.length;
    fields.push(
      f.textarea("note", versions > 0 ? "What changed since the published agenda?" : "Note (optional)", {
        hint: {
          text: versions > 0 ? "Needed to publish a new version; invitees see it" : "Shown with the first version",
        },
        rows: 2,
      }),
    );
    return {
      action: `/meetings/${id}/agenda`,
      fields,
      submit: "Save the agenda",
      more:
        m.state === "MEETING_STATE_CONVENED"
          ? [
              {
                text: versions > 0 ? "Save and publish a new version" : "Save and publish to invitees",
                formaction: `/meetings/${id}/agenda?then=publish`,
              },
            ]
          : [],
    } satisfies FormSpec;
  };
  const agendaPage = (req: Request, res: Response, m: Meeting, id: string, values: Body, form?: FormErrors) => {
    const rows = Math.max(...Object.keys(values).map((k) => Number(/^id-(\d+)$/.exec(k)?.[1] ?? -1))) + 1;
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Agenda",
      caption: m.title,
      intro: [
        m.agendaVersions.length > 0
          ? `Version ${m.agendaVersions.length} is published to the invited partnerships. Changes here are theirs only when you publish them.`
          : "The invited partnerships see the agenda once you publish it.",
      ],
      forms: [agendaForm(res, m, id, values, form?.byField ?? {}, rows)],
      errorList: form?.summary,
      backLink: { href: `/meetings/${id}`, text: "Back to the meeting" },
    });
  };
  r.get(
    "/meetings/:id/agenda",
    opccPage(async (req, res, _s, m, id) => {
      const n = agendaOf(m).items.length;
      agendaPage(req, res, m, id, { ...itemValues(agendaOf(m).items), [`id-${n}`]: "", [`minutes-${n}`]: "15" });
    }),
  );
  r.post(
    "/meetings/:id/agenda",
    opccPage(async (req, res, s, m, id) => {
      const b = req.body as Body;
      const rows = Object.keys(b).filter((k) => /^id-\d+$/.test(k)).length;
      const fields: Record<string, { message?: string; label?: string }> = {};
      const form = new FormErrors(fields);
      const kept: { row: number; order: number; item: AgendaItem }[] = [];
      for (let i = 0; i < rows; i++) {
        Object.assign(fields, {
          [`title-${i}`]: { message: "Give the item a title of 3 characters or more" },
          [`presenter-${i}`]: { message: "Choose the OPCC or an invited partnership" },
          [`minutes-${i}`]: { message: "Enter the minutes allotted as a whole number from 0 to 480" },
          [`links-${i}`]: {
            message: "Link report requests (reportRequests/<id>), submissions or assessment priorities only",
          },
          [`order-${i}`]: { label: "Position" },
        });
        const isNew = str(b, `id-${i}`) === "";
        if (isNew && str(b, `title-${i}`) === "") continue;
        if (str(b, `remove-${i}`) === "yes") continue;
        const minutes = str(b, `minutes-${i}`) === "" ? 0 : Number(str(b, `minutes-${i}`));
        if (!Number.isInteger(minutes) || minutes < 0 || minutes > 480)
          form.add(`minutes-${i}`, fields[`minutes-${i}`]?.message ?? "");
        if (str(b, `title-${i}`).length < 3) form.add(`title-${i}`, fields[`title-${i}`]?.message ?? "");
        const order = isNew ? Number.MAX_SAFE_INTEGER : Number(str(b, `order-${i}`) || i + 1);
        kept.push({
          row: i,
          order: Number.isFinite(order) ? order : i + 1,
          item: {
            id: str(b, `id-${i}`),
            title: str(b, `title-${i}`),
            description: str(b, `description-${i}`),
            presenter: str(b, `presenter-${i}`),
            minutesAllotted: Number.isInteger(minutes) ? minutes : 0,
            links: str(b, `links-${i}`)
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean),
          },
        });
      }
      kept.sort((x, y) => x.order - y.order || x.row - y.row);
      if (!form.any) {
        try {
          await d.meetings.SaveAgenda({ name: meetingName(id), items: kept.map((k) => k.item) }, s.token);
          if (req.query.then === "publish")
            await d.meetings.PublishAgenda(
              { name: meetingName(id), note: str(b, "note"), requestId: `web-${randomUUID()}` },
              s.token,
            );
          return res.redirect(303, `/meetings/${id}#agenda`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          // The page's own words for a refused note: set before the violations are mapped to it.
          if (!fields.note)
            fields.note = { message: "Say what changed since the published agenda, in 5 characters or more" };
          form.addViolations(fieldViolationsOf(err), (f) => {
            if (f === "note") return "note";
            const m2 = /^items\[(\d+)\]\.(\w+)/.exec(f);
            if (!m2) return undefined;
            const row = kept[Number(m2[1])]?.row;
            const key = {
              title: "title",
              presenter: "presenter",
              minutes_allotted: "minutes",
              links: "links",
              id: "title",
            }[m2[2] as string];
            return row === undefined || !key ? undefined : `${key}-${row}`;
          });
        }
      }
      agendaPage(req, res, m, id, b, form);
    }),
  );

  // ---- papers ----------------------------------------------------------------------------------
  const PAPER_FIELDS = {
    agendaItem: { message: "Choose the agenda item the paper is for" },
    title: { message: "Give the paper a title of 3 characters or more" },
    classification: { label: "Classification" },
    audience: { message: "Choose invited partnerships only" },
    file: { label: "File" },
  };
  const paperForm = (res: Response, m: Meeting, id: string, values: Body, errors: Record<string, string>): FormSpec => {
    const f = new FormFields(values, errors);
    return {
      action: `/meetings/${id}/papers`,
      multipart: true,
      fields: [
        f.select(
          "agendaItem",
          "Agenda item",
          agendaOf(m).items.map((it, i) => ({ value: it.id, text: `${i + 1}. ${it.title}` })),
        ),
        f.input("title", "Title of the paper"),
        f.radios("classification", "Classification", [
          {
            value: "CLASSIFICATION_OFFICIAL",
            text: "OFFICIAL",
            hint: "Released to the Police and Crime Panel with approved minutes, if every invitee may see it",
          },
          {
            value: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            text: "OFFICIAL-SENSITIVE",
            hint: "Never released to the panel",
          },
        ]),
        f.checkboxes(
          "audience",
          "Which partnerships may see it?",
          m.invitations.map((i) => ({ value: i.partner, text: nameOf(res, i.partner) })),
          { hint: { text: "Choose none for every invited partnership" } },
        ),
        f.file("file", "File", `PDF, CSV, XLSX, DOCX or ODT, smaller than ${Math.round(uploadMaxBytes / 1048576)} MB`),
      ],
      submit: "Add the paper",
    };
  };
  const paperPage = (req: Request, res: Response, m: Meeting, id: string, values: Body, form?: FormErrors) => {
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Add a paper",
      caption: m.title,
      forms: [paperForm(res, m, id, values, form?.byField ?? {})],
      errorList: form?.summary,
      backLink: { href: `/meetings/${id}#papers`, text: "Back to the meeting" },
    });
  };
  r.get(
    "/meetings/:id/papers/new",
    opccPage(async (req, res, _s, m, id) =>
      paperPage(req, res, m, id, { classification: m.classification, agendaItem: req.query.item ?? "" }),
    ),
  );
  r.post(
    "/meetings/:id/papers",
    opccPage(async (req, res, s, m, id) => {
      const form = new FormErrors(PAPER_FIELDS);
      if (Number(req.headers["content-length"] ?? 0) > uploadMaxBytes + 256 * 1024) {
        req.resume();
        form.add("file", `The file must be smaller than ${Math.round(uploadMaxBytes / 1048576)} MB`);
        return paperPage(req, res, m, id, {}, form);
      }
      const file = await multipartFile(req, uploadMaxBytes);
      const values: Body = { ...file.fields, audience: file.fields.audience ?? [] };
      if (str(values, "agendaItem") === "") form.add("agendaItem", PAPER_FIELDS.agendaItem.message);
      if (str(values, "title").length < 3) form.add("title", PAPER_FIELDS.title.message);
      if (!file.filename) form.add("file", "Select a file to add");
      if (!form.any) {
        try {
          await uploadStream(
            d.meetings.UploadPaper,
            {
              meeting: meetingName(id),
              agendaItem: str(values, "agendaItem"),
              title: str(values, "title"),
              filename: file.filename,
              classification: (str(values, "classification") ||
                "CLASSIFICATION_UNSPECIFIED") as Paper["classification"],
              audience: file.fields.audience ?? [],
            },
            file.chunks,
            s.token,
          );
          return res.redirect(303, `/meetings/${id}#papers`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          req.resume();
          form.addViolations(fieldViolationsOf(err), (f) =>
            f === "metadata.filename" || f === "chunk"
              ? "file"
              : f === "metadata.agenda_item"
                ? "agendaItem"
                : f === "metadata.title"
                  ? "title"
                  : f.startsWith("metadata.audience")
                    ? "audience"
                    : undefined,
          );
        }
      } else req.resume();
      paperPage(req, res, m, id, values, form);
    }),
  );
  r.get(
    "/meetings/:id/papers/:paperId",
    page(async (req, res, s) => {
      const [id, paperId] = [String(req.params.id), String(req.params.paperId)];
      if (!MEETING_ID.test(id) || !/^[a-f0-9]{24}$/.test(paperId)) return notFound(req, res);
      await sendDownload(d.meetings.DownloadPaper, { name: `${meetingName(id)}/papers/${paperId}` }, s.token, res);
    }),
  );
  r.get(
    "/meetings/:id/papers-pack.zip",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!MEETING_ID.test(id)) return notFound(req, res);
      const partner =
        typeof req.query.partner === "string" && /^partners\/[a-z0-9-]{2,63}$/.test(req.query.partner)
          ? req.query.partner
          : "";
      await sendDownload(d.meetings.DownloadPapersPack, { name: meetingName(id), partner }, s.token, res);
    }),
  );
}
