/**
 * A reg 14A priority-issue meeting end to end, through gRPC against the real database and Kafka:
 * convened with every active CSP; answers, a non-compliant decline and NO_RESPONSE after the
 * deadline (raised once); an agenda published and revised; papers for everyone and for one
 * partnership only, each partnership's pack holding what it may see; rescheduled (the calendar's
 * SEQUENCE goes up); held; minutes circulated, commented on, approved and hashed; an action overdue
 * once, then done; a partnership's calendar feed issued, replaced and revoked. Every event on Kafka
 * once, in order per meeting.
 */
import type { RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import ical from "node-ical";
import yauzl from "yauzl";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  downloadStream,
  dropDatabase,
  eventually,
  FAST_SCANS,
  failure,
  isolation,
  signIn,
  startDirectory,
  startMeetings,
  uploadStream,
} from "../support/mesh";

const PDF = (words: string) => Buffer.from(`%PDF-1.7\n% ${words}\n%%EOF\n`);

/** The names and bytes of every entry in a ZIP, read with a ZIP library of its own. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on("entry", (e: yauzl.Entry) =>
        z.openReadStream(e, async (err2, s) => {
          if (err2 || !s) return reject(err2);
          const parts: Buffer[] = [];
          for await (const c of s) parts.push(c as Buffer);
          out.set(e.fileName, Buffer.concat(parts));
          z.readEntry();
        }),
      );
      z.on("end", () => resolve(out));
      z.on("error", reject);
      z.readEntry();
    });
  });
}

const seconds = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });
const P = (id: string) => `partners/csp-${id}`;

interface Invitation {
  partner: string;
  state: string;
  nonCompliance: boolean;
  representative: string;
  attendance: string;
}
interface Meeting {
  name: string;
  state: string;
  sequence: number;
  invitations: Invitation[];
  minutes: { approved: boolean; sha256: string } | null;
}

describe("priority-issue meetings end to end", () => {
  const iso = isolation("meet");
  let directory: RunningService<DirectoryConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let m: Client;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t: Record<string, string> = {};
  const people = {
    opcc: "opcc-staff-1",
    maidstone: "maidstone-officer",
    dover: "dover-officer",
    swale: "swale-officer",
    thanet: "thanet-officer",
    ashford: "ashford-officer",
    panel: "panel-member-1",
  };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory, FAST_SCANS);
    const dir = clients(directory.grpcPort);
    m = clients(meetings.grpcPort).meetings;
    for (const [k, person] of Object.entries(people)) t[k] = await signIn(dir.identity, `people/${person}`);
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "meetings");
  });

  afterAll(async () => {
    await reader?.stop();
    await dropDatabase(meetings);
    await meetings?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  const draft = (over: Record<string, unknown>) => ({
    meeting: {
      title: "Serious violence: county lines in the east of the county",
      purpose: "Agree joint priorities on county lines exploitation and the response in each district.",
      basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
      place: "Kent Police HQ, Maidstone",
      onlineJoining: "",
      classification: "CLASSIFICATION_OFFICIAL",
      invitations: [],
      allActiveCsps: true,
      ...over,
    },
  });

  test("convene, answers, no response once, reschedule, hold, minutes, an action overdue once then done", async () => {
    const now = Date.now();
    const created = await call<Meeting>(
      m,
      "CreateMeeting",
      draft({
        startTime: seconds(now + 60_000),
        endTime: seconds(now + 3_600_000),
        responseDeadline: seconds(now + 5_000),
      }),
      t.opcc,
    );
    expect(created.state).toBe("MEETING_STATE_DRAFT");
    const name = created.name;
    // A partnership cannot see a draft it is not (yet) invited to.
    expect((await failure(call(m, "GetMeeting", { name }, t.maidstone))).code).toBe(status.NOT_FOUND);

    const convened = await call<Meeting>(m, "ConveneMeeting", { name, requestId: "convene-1" }, t.opcc);
    expect(convened.state).toBe("MEETING_STATE_CONVENED");
    expect(convened.invitations.length).toBeGreaterThanOrEqual(13);
    expect(convened.invitations.every((i) => i.state === "INVITATION_STATE_INVITED")).toBe(true);
    // A retry of the same command returns the same state.
    expect(
      (await call<Meeting>(m, "ConveneMeeting", { name, requestId: "convene-1" }, t.opcc)).invitations,
    ).toHaveLength(convened.invitations.length);

    const answer = (who: string, response: string, extra: Record<string, string>) =>
      call<Meeting>(m, "RespondToInvitation", { name, response, requestId: `answer-${who}`, ...extra }, t[who]);
    await answer("maidstone", "INVITATION_STATE_ACCEPTED", { representative: "Morgan Clarke" });
    await answer("dover", "INVITATION_STATE_ACCEPTED", { representative: "Alex Morgan" });
    await answer("swale", "INVITATION_STATE_DELEGATED", { representative: "Deputy community safety manager" });
    const declined = await answer("thanet", "INVITATION_STATE_DECLINED", {
      reasons: "Our chair is at a court hearing.",
    });
    // A partnership sees only its own invitation.
    expect(declined.invitations.map((i) => i.partner)).toEqual([P("thanet")]);
    expect(declined.invitations[0]?.nonCompliance).toBe(true);
    const noReasons = await failure(
      call(m, "RespondToInvitation", { name, response: "INVITATION_STATE_DECLINED" }, t.ashford),
    );
    expect(noReasons.code).toBe(status.INVALID_ARGUMENT);
    expect(noReasons.violations).toEqual(["reasons"]);

    // After the deadline every silent partnership is NO_RESPONSE, recorded as non-compliance, once.
    const afterDeadline = await eventually(
      async () => {
        const g = await call<Meeting>(m, "GetMeeting", { name }, t.opcc);
        return g.invitations.some((i) => i.state === "INVITATION_STATE_INVITED") ? undefined : g;
      },
      20_000,
      "the no-response scan",
    );
    const silent = afterDeadline.invitations.filter((i) => i.state === "INVITATION_STATE_NO_RESPONSE");
    expect(silent.length).toBe(afterDeadline.invitations.length - 4);
    expect(silent.every((i) => i.nonCompliance)).toBe(true);
    const byState = (s: string) => afterDeadline.invitations.filter((i) => i.state === s).map((i) => i.partner);
    expect(byState("INVITATION_STATE_ACCEPTED").sort()).toEqual([P("dover"), P("maidstone")]);
    expect(byState("INVITATION_STATE_DELEGATED")).toEqual([P("swale")]);

    // The agenda: published, then revised as version 2 with a note; invitees see only published versions.
    const items = [
      {
        title: "County lines: the picture in each district",
        presenter: P("maidstone"),
        minutesAllotted: 30,
        links: [],
      },
      { title: "Safeguarding exploited children", presenter: "", minutesAllotted: 20, links: [] },
    ];
    const saved = await call<Meeting & { agenda: { items: { id: string }[]; unpublishedChanges: boolean } }>(
      m,
      "SaveAgenda",
      { name, items: items.map((i) => ({ ...i, id: "", description: "" })) },
      t.opcc,
    );
    expect(saved.agenda.items.map((i) => i.id)).toEqual(["item-1", "item-2"]);
    expect(saved.agenda.unpublishedChanges).toBe(true);
    const badAgenda = await failure(
      call(
        m,
        "SaveAgenda",
        { name, items: [{ ...items[0], id: "item-9", description: "", links: ["http://x"] }] },
        t.opcc,
      ),
    );
    expect(badAgenda.violations).toEqual(["items[0].id", "items[0].links[0]"]);
    expect((await call<{ agenda: { items: unknown[] } }>(m, "GetMeeting", { name }, t.dover)).agenda.items).toEqual([]);
    await call(m, "PublishAgenda", { name, requestId: "agenda-1" }, t.opcc);
    await call(
      m,
      "SaveAgenda",
      {
        name,
        items: [
          { ...items[0], id: "item-1", description: "", links: ["reportRequests/rr-county-lines"] },
          { ...items[1], id: "item-2", description: "" },
          { title: "Any other business", id: "", description: "", presenter: "", minutesAllotted: 5, links: [] },
        ],
      },
      t.opcc,
    );
    expect((await failure(call(m, "PublishAgenda", { name }, t.opcc))).violations).toEqual(["note"]);
    await call(
      m,
      "PublishAgenda",
      { name, note: "Linked the county lines request; added AOB.", requestId: "agenda-2" },
      t.opcc,
    );
    const seenByDover = await call<{
      agenda: { version: number; items: { id: string; links: string[] }[] };
      agendaVersions: { note: string }[];
    }>(m, "GetMeeting", { name }, t.dover);
    expect(seenByDover.agenda.version).toBe(2);
    expect(seenByDover.agenda.items.map((i) => i.id)).toEqual(["item-1", "item-2", "item-3"]);
    expect(seenByDover.agenda.items[0]?.links).toEqual(["reportRequests/rr-county-lines"]);
    expect(seenByDover.agendaVersions.map((v) => v.note)).toEqual(["", "Linked the county lines request; added AOB."]);

    // Papers: one for every invitee (OFFICIAL), one OFFICIAL-SENSITIVE for Maidstone only.
    const paper = (meta: Record<string, unknown>, bytes: Buffer, who = "opcc") =>
      uploadStream<{ name: string; sha256: string; audience: string[] }>(
        m,
        "UploadPaper",
        meta,
        [bytes],
        t[who] as string,
      );
    const open = await paper(
      {
        meeting: name,
        agendaItem: "item-1",
        title: "District picture",
        filename: "districts.pdf",
        classification: "CLASSIFICATION_OFFICIAL",
      },
      PDF("district picture"),
    );
    const sensitive = await paper(
      {
        meeting: name,
        agendaItem: "item-2",
        title: "Children at risk (named)",
        filename: "children.pdf",
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        audience: [P("maidstone")],
      },
      PDF("named children"),
    );
    expect(sensitive.audience).toEqual([P("maidstone")]);
    const refused = await failure(
      paper(
        { meeting: name, agendaItem: "item-1", title: "Disguised", filename: "x.pdf" },
        Buffer.from("MZ\x90\x00 not a pdf"),
      ),
    );
    expect(refused.violations).toEqual(["metadata.filename"]);
    expect(
      (await failure(paper({ meeting: name, agendaItem: "item-7", title: "Nowhere", filename: "n.pdf" }, PDF("n"))))
        .violations,
    ).toEqual(["metadata.agenda_item"]);
    // Only the OPCC adds papers.
    expect(
      (
        await failure(
          paper({ meeting: name, agendaItem: "item-1", title: "Mine", filename: "m.pdf" }, PDF("m"), "maidstone"),
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    const papersOf = async (who: string) =>
      (await call<{ papers: { name: string }[] }>(m, "ListPapers", { meeting: name }, t[who])).papers
        .map((p) => p.name)
        .sort();
    expect(await papersOf("maidstone")).toEqual([open.name, sensitive.name].sort());
    expect(await papersOf("dover")).toEqual([open.name]);
    expect((await failure(downloadStream(m, "DownloadPaper", { name: sensitive.name }, t.dover as string))).code).toBe(
      status.NOT_FOUND,
    );
    const got = await downloadStream<{ sha256: string }>(
      m,
      "DownloadPaper",
      { name: sensitive.name },
      t.maidstone as string,
    );
    expect(got.bytes.equals(PDF("named children"))).toBe(true);
    const pack = async (who: string, partner = "") => {
      const r = await downloadStream<{ paperCount: number; contentType: string }>(
        m,
        "DownloadPapersPack",
        { name, partner },
        t[who] as string,
      );
      return { ...r, entries: await unzip(r.bytes) };
    };
    const maidstonePack = await pack("maidstone");
    expect(maidstonePack.metadata.contentType).toBe("application/zip");
    expect([...maidstonePack.entries.keys()].sort()).toEqual(
      [
        "index.html",
        "manifest.json",
        "01 County lines the picture in each district/districts.pdf",
        "02 Safeguarding exploited children/children.pdf",
      ].sort(),
    );
    expect(
      maidstonePack.entries.get("02 Safeguarding exploited children/children.pdf")?.equals(PDF("named children")),
    ).toBe(true);
    const doverPack = await pack("dover");
    expect([...doverPack.entries.keys()].filter((k) => k.endsWith(".pdf"))).toEqual([
      "01 County lines the picture in each district/districts.pdf",
    ]);
    expect(doverPack.entries.get("index.html")?.toString()).not.toContain("Children at risk");
    // The OPCC can see the pack exactly as Dover receives it; a partnership cannot ask for another's.
    expect((await pack("opcc", P("dover"))).metadata.paperCount).toBe(1);
    expect((await failure(pack("dover", P("maidstone")))).code).toBe(status.PERMISSION_DENIED);

    // Moved to start in a moment: SEQUENCE goes up, the previous times are kept.
    const start = Date.now() + 2_500;
    const moved = await call<Meeting & { reschedules: { reason: string }[] }>(
      m,
      "RescheduleMeeting",
      {
        name,
        startTime: seconds(start),
        endTime: seconds(start + 3_600_000),
        reason: "Clash with the Safer Kent board.",
      },
      t.opcc,
    );
    expect(moved.sequence).toBe(1);
    expect(moved.reschedules.map((r) => r.reason)).toEqual(["Clash with the Safer Kent board."]);
    const cal = await call<{ ics: string; filename: string }>(m, "GetMeetingCalendar", { name }, t.maidstone);
    expect(cal.ics).toContain("SEQUENCE:1");
    const parsed = Object.values(ical.sync.parseICS(cal.ics)).find((c) => c?.type === "VEVENT") as {
      start: Date;
      uid: string;
    };
    expect(Math.abs(parsed.start.getTime() - start) < 1000).toBe(true);
    expect(parsed.uid).toBe(`${name.replace("/", "-")}@csp-mesh`);

    // Held: attendance, then minutes drafted and approved (hashed, immutable).
    await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now() + 200)));
    const held = await call<Meeting>(
      m,
      "RecordAttendance",
      {
        name,
        attendance: [
          { partner: P("maidstone"), attendance: "ATTENDANCE_PRESENT", attendee: "Morgan Clarke" },
          { partner: P("dover"), attendance: "ATTENDANCE_PRESENT", attendee: "Alex Morgan" },
          { partner: P("swale"), attendance: "ATTENDANCE_PRESENT", attendee: "Deputy manager" },
          { partner: P("thanet"), attendance: "ATTENDANCE_ABSENT", attendee: "" },
        ],
        requestId: "attendance-1",
      },
      t.opcc,
    );
    expect(held.state).toBe("MEETING_STATE_HELD");
    await call(
      m,
      "SaveMinutes",
      { name, text: "Partners agreed a joint county lines plan.", decisions: ["Joint plan"] },
      t.opcc,
    );
    // Approval waits for the attendees' comments: circulated first, then commented on.
    expect((await failure(call(m, "ApproveMinutes", { name }, t.opcc))).code).toBe(status.FAILED_PRECONDITION);
    await call(m, "CirculateMinutes", { name, requestId: "circulate-1" }, t.opcc);
    const commented = await call<Meeting & { minutes: { comments: { partner: string; text: string }[] } }>(
      m,
      "CommentOnMinutes",
      { name, text: "Please record that Maidstone leads the mapping.", requestId: "comment-1" },
      t.maidstone,
    );
    expect(commented.minutes.comments.map((c) => c.partner)).toEqual([P("maidstone")]);
    // Thanet was absent: it does not comment; Dover does not see Maidstone's comment.
    expect((await failure(call(m, "CommentOnMinutes", { name, text: "We object." }, t.thanet))).code).toBe(
      status.PERMISSION_DENIED,
    );
    expect(
      (await call<{ minutes: { comments: unknown[] } }>(m, "GetMeeting", { name }, t.dover)).minutes.comments,
    ).toEqual([]);
    const approved = await call<Meeting>(m, "ApproveMinutes", { name, requestId: "approve-1" }, t.opcc);
    expect(approved.state).toBe("MEETING_STATE_MINUTES_APPROVED");
    expect(approved.minutes?.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect((await failure(call(m, "SaveMinutes", { name, text: "Changed", decisions: [] }, t.opcc))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    // The panel sees the approved OFFICIAL minutes, and only the OFFICIAL paper open to every invitee.
    expect((await call<Meeting>(m, "GetMeeting", { name }, t.panel)).minutes?.approved).toBe(true);
    expect(await papersOf("panel")).toEqual([open.name]);
    const panelPack = await pack("panel");
    expect([...panelPack.entries.keys()].filter((k) => k.endsWith(".pdf"))).toEqual([
      "01 County lines the picture in each district/districts.pdf",
    ]);

    // An action for Dover: overdue once, then done by its owner.
    const action = await call<{ name: string; status: string }>(
      m,
      "CreateAction",
      {
        action: {
          meeting: name,
          owner: P("dover"),
          description: "Map county lines activity in Dover",
          dueTime: seconds(Date.now() + 1_500),
        },
        requestId: "action-1",
      },
      t.opcc,
    );
    await eventually(
      async () =>
        reader.events.some((e) => e.type === "meeting.action-overdue" && e.subject === action.name) ? true : undefined,
      20_000,
      "the overdue action event",
    );
    expect((await failure(call(m, "GetAction", { name: action.name }, t.maidstone))).code).toBe(status.NOT_FOUND);
    const mine = await call<{ actions: { name: string; overdue: boolean }[] }>(m, "ListActions", {}, t.dover);
    expect(mine.actions.map((a) => [a.name, a.overdue])).toEqual([[action.name, true]]);
    const done = await call<{ status: string }>(
      m,
      "UpdateAction",
      { name: action.name, status: "ACTION_STATUS_DONE", note: "Mapping shared with the OPCC." },
      t.dover,
    );
    expect(done.status).toBe("ACTION_STATUS_DONE");
    await new Promise((r) => setTimeout(r, 1_000)); // several more scans: nothing is raised twice

    // Every step's event on Kafka once, in order, all on the meeting's partition.
    const expected = [
      "meeting.convened",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      ...silent.map(() => "meeting.no-response"),
      "meeting.agenda-published",
      "meeting.agenda-published",
      "meeting.paper-added",
      "meeting.paper-added",
      "meeting.rescheduled",
      "meeting.attendance-recorded",
      "meeting.minutes-circulated",
      "meeting.minutes-commented",
      "meeting.minutes-approved",
    ];
    const ofMeeting = await eventually(
      async () => {
        const evs = reader.events.filter((e) => e.subject === name);
        return evs.length >= expected.length ? evs : undefined;
      },
      15_000,
      "the meeting's events",
    );
    expect(ofMeeting.map((e) => e.type)).toEqual(expected);
    expect(new Set(ofMeeting.map((e) => e.id)).size).toBe(ofMeeting.length);
    expect(new Set(ofMeeting.map((e) => e.partition)).size).toBe(1);
    expect(reader.events.filter((e) => e.subject === action.name).map((e) => e.type)).toEqual([
      "meeting.action-created",
      "meeting.action-overdue",
      "meeting.action-updated",
    ]);
  });

  test("a partnership not invited gets NOT_FOUND; a cancelled meeting's calendar says CANCEL", async () => {
    const now = Date.now();
    const created = await call<Meeting>(
      m,
      "CreateMeeting",
      draft({
        basis: "MEETING_BASIS_INVITATION",
        allActiveCsps: false,
        invitations: [{ partner: P("maidstone") }, { partner: P("dover") }],
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        startTime: seconds(now + 86_400_000),
        endTime: seconds(now + 90_000_000),
        responseDeadline: seconds(now + 43_200_000),
      }),
      t.opcc,
    );
    const name = created.name;
    await call(m, "ConveneMeeting", { name }, t.opcc);
    expect((await call<Meeting>(m, "GetMeeting", { name }, t.dover)).invitations).toHaveLength(1);
    for (const who of ["swale", "panel"]) {
      expect((await failure(call(m, "GetMeeting", { name }, t[who]))).code).toBe(status.NOT_FOUND);
      expect((await failure(call(m, "GetMeetingCalendar", { name }, t[who]))).code).toBe(status.NOT_FOUND);
      expect(
        (
          await failure(
            call(
              m,
              "RespondToInvitation",
              { name, response: "INVITATION_STATE_ACCEPTED", representative: "X" },
              t[who],
            ),
          )
        ).code,
      ).toBe(status.NOT_FOUND);
    }
    for (const who of ["swale", "panel"]) {
      expect((await failure(call(m, "ListPapers", { meeting: name }, t[who]))).code).toBe(status.NOT_FOUND);
      expect((await failure(downloadStream(m, "DownloadPapersPack", { name }, t[who] as string))).code).toBe(
        status.NOT_FOUND,
      );
    }
    const listed = await call<{ meetings: { name: string }[] }>(m, "ListMeetings", {}, t.swale);
    expect(listed.meetings.map((x) => x.name)).not.toContain(name);
    // Only the OPCC convenes or moves a meeting.
    expect((await failure(call(m, "CancelMeeting", { name, reason: "Not needed now" }, t.dover))).code).toBe(
      status.PERMISSION_DENIED,
    );
    const cancelled = await call<Meeting>(
      m,
      "CancelMeeting",
      { name, reason: "Superseded by the county board." },
      t.opcc,
    );
    expect(cancelled.state).toBe("MEETING_STATE_CANCELLED");
    const cal = await call<{ ics: string }>(m, "GetMeetingCalendar", { name }, t.dover);
    expect(cal.ics).toContain("METHOD:CANCEL");
    expect(cal.ics).toContain("STATUS:CANCELLED");
  });

  test("a partnership's calendar feed: read without a token, replaced, revoked; sensitive meetings show times only", async () => {
    const issued = await call<{ secret: string; active: boolean }>(m, "IssueCalendarFeed", {}, t.dover);
    expect(issued.active).toBe(true);
    expect(issued.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The secret is shown once: reading the feed's status never returns it.
    expect((await call<{ secret: string; active: boolean }>(m, "GetCalendarFeed", {}, t.dover)).secret).toBe("");
    const feed = await call<{ ics: string }>(m, "ReadCalendarFeed", { secret: issued.secret });
    const events = Object.values(ical.sync.parseICS(feed.ics)).filter((c) => c?.type === "VEVENT") as unknown as {
      summary: string;
      location: string;
      status: string;
    }[];
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.map((e) => e.summary)).toContain("Serious violence: county lines in the east of the county");
    const hidden = events.find((e) => e.summary.includes("OFFICIAL-SENSITIVE"));
    expect(hidden?.status).toBe("CANCELLED");
    expect(hidden?.location ?? "").toBe("");
    // A partnership's feed lists only its meetings: Swale was not invited to the sensitive one.
    const swale = await call<{ secret: string }>(m, "IssueCalendarFeed", {}, t.swale);
    const swaleFeed = await call<{ ics: string }>(m, "ReadCalendarFeed", { secret: swale.secret });
    expect(swaleFeed.ics).not.toContain("OFFICIAL-SENSITIVE");
    // Issuing again replaces the secret; revoking stops the feed.
    const again = await call<{ secret: string }>(m, "IssueCalendarFeed", {}, t.dover);
    expect((await failure(call(m, "ReadCalendarFeed", { secret: issued.secret }))).code).toBe(status.NOT_FOUND);
    expect((await call<{ ics: string }>(m, "ReadCalendarFeed", { secret: again.secret })).ics).toContain(
      "BEGIN:VEVENT",
    );
    expect((await call<{ active: boolean }>(m, "RevokeCalendarFeed", {}, t.dover)).active).toBe(false);
    expect((await failure(call(m, "ReadCalendarFeed", { secret: again.secret }))).code).toBe(status.NOT_FOUND);
    expect((await failure(call(m, "ReadCalendarFeed", { secret: "short" }))).violations).toEqual(["secret"]);
    // The panel has no feed; a partner system does not manage one.
    expect((await failure(call(m, "IssueCalendarFeed", {}, t.panel))).code).toBe(status.PERMISSION_DENIED);
    await eventually(
      async () => (reader.events.filter((e) => e.subject === P("dover")).length >= 3 ? true : undefined),
      15_000,
      "the feed events",
    );
    expect(reader.events.filter((e) => e.subject === P("dover")).map((e) => e.type)).toEqual([
      "meeting.calendar-feed-issued",
      "meeting.calendar-feed-issued",
      "meeting.calendar-feed-revoked",
    ]);
  });
});
