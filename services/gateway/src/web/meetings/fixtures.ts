/**
 * What the meetings area's page tests share: a convened meeting, a held one with minutes circulated,
 * a paper, an action and a calendar feed as the meetings service answers them, and the answers every
 * test starts from. No jest globals here: this module is compiled with the gateway's sources.
 */
import { ts } from "../../api/testing";
import type { Reply } from "../../downstream";
import type { FakeMesh } from "../../testing/fake-mesh";
import { notFoundTo, type Refusals, refusalsOf } from "../../testing/page-tests";

export type Meeting = Reply<"meetings", "GetMeeting">;
type Invitation = Meeting["invitations"][number];
type AgendaItem = NonNullable<Meeting["agenda"]>["items"][number];
type Paper = Reply<"meetings", "ListPapers">["papers"][number];
type Action = Reply<"meetings", "GetAction">;

export const seconds = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

export const ID = "m-knife-crime";
export const NAME = `meetings/${ID}`;
export const PAPER_ID = "0123456789abcdef01234567";

const invitation = (partner: string, state: Invitation["state"], over: Partial<Invitation> = {}): Invitation => ({
  partner,
  state,
  representative: "",
  reasons: "",
  nonCompliance: false,
  respondedBy: "",
  respondTime: null,
  attendance: "ATTENDANCE_UNSPECIFIED",
  attendee: "",
  ...over,
});
export const item = (id: string, title: string, over: Partial<AgendaItem> = {}): AgendaItem => ({
  id,
  title,
  description: "",
  presenter: "",
  minutesAllotted: 15,
  links: [],
  ...over,
});
/** A convened meeting in March 2031 (GMT): Dover attending, Maidstone declined a requirement to attend. */
export const meeting = (over: Partial<Meeting> = {}): Meeting => ({
  name: NAME,
  title: "Knife crime priority meeting",
  purpose: "Rising knife crime in Dover",
  basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
  state: "MEETING_STATE_CONVENED",
  startTime: ts("2031-03-27T10:00:00Z"),
  endTime: ts("2031-03-27T12:00:00Z"),
  place: "Dover town hall",
  onlineJoining: "",
  classification: "CLASSIFICATION_OFFICIAL",
  convener: "partners/opcc-kent",
  responseDeadline: ts("2031-03-20T17:00:00Z"),
  invitations: [
    invitation("partners/csp-dover", "INVITATION_STATE_ACCEPTED", { representative: "Morgan Clarke" }),
    invitation("partners/csp-maidstone", "INVITATION_STATE_DECLINED", {
      nonCompliance: true,
      reasons: "Staff shortage",
    }),
  ],
  reschedules: [],
  sequence: 1,
  minutes: null,
  cancelReason: "",
  allActiveCsps: false,
  etag: "",
  createTime: null,
  updateTime: null,
  agenda: {
    items: [
      item("i1", "Opening"),
      item("i2", "Knife crime figures", {
        description: "Q3 figures",
        presenter: "partners/csp-dover",
        minutesAllotted: 30,
        links: ["reportRequests/rq-1"],
      }),
    ],
    version: 1,
    publishTime: null,
    unpublishedChanges: true,
  },
  agendaVersions: [{ version: 1, items: [], publishedBy: "people/opcc-staff-1", publishTime: null, note: "" }],
  ...over,
});
/** A meeting held, its minutes circulated for comment, Dover present. */
export const held = (over: Partial<Meeting> = {}): Meeting =>
  meeting({
    state: "MEETING_STATE_HELD",
    startTime: ts("2025-03-27T10:00:00Z"),
    endTime: ts("2025-03-27T12:00:00Z"),
    invitations: [
      invitation("partners/csp-dover", "INVITATION_STATE_ACCEPTED", {
        attendance: "ATTENDANCE_PRESENT",
        attendee: "Morgan Clarke, CSP manager",
      }),
      invitation("partners/csp-maidstone", "INVITATION_STATE_DECLINED", { attendance: "ATTENDANCE_APOLOGIES" }),
    ],
    minutes: {
      text: "The figures were discussed.",
      decisions: ["Share hotspot maps monthly"],
      approved: false,
      sha256: "",
      approvedBy: "",
      approveTime: null,
      circulated: true,
      circulateTime: null,
      comments: [
        {
          partner: "partners/csp-dover",
          author: "people/dover-officer",
          authorDisplayName: "Sam Patel",
          text: "Item 2 should say Q3",
          time: ts("2025-03-28T09:00:00Z"),
        },
      ],
    },
    ...over,
  });
export const paper = (over: Partial<Paper> = {}): Paper => ({
  name: `${NAME}/papers/${PAPER_ID}`,
  meeting: NAME,
  agendaItem: "i2",
  title: "Hotspot analysis",
  filename: "hotspots.pdf",
  contentType: "application/pdf",
  sizeBytes: "204800",
  sha256: "cd".repeat(32),
  classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
  audience: ["partners/csp-dover"],
  releasedToPanel: false,
  uploadedBy: "people/opcc-staff-1",
  createTime: null,
  ...over,
});
export const action = (over: Partial<Action> = {}): Action => ({
  name: "actions/a-hotspot-maps",
  meeting: NAME,
  owner: "partners/csp-dover",
  description: "Share hotspot maps monthly",
  dueTime: ts("2031-04-30T16:00:00Z"),
  status: "ACTION_STATUS_OPEN",
  reasons: "",
  updates: [],
  overdue: false,
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "",
  createTime: null,
  updateTime: null,
  ...over,
});
export const feed = (
  over: Partial<Reply<"meetings", "GetCalendarFeed">> = {},
): Reply<"meetings", "GetCalendarFeed"> => ({
  partner: "partners/csp-dover",
  active: true,
  secret: "",
  issuedBy: "people/dover-officer",
  issueTime: ts("2031-01-10T09:00:00Z"),
  ...over,
});

/** What every test starts from: no calls recorded; the meeting, with no papers and no actions. */
export function answerMeeting(mesh: FakeMesh): void {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("meetings", "GetMeeting", meeting())
    .on("meetings", "ListPapers", { papers: [] })
    .on("meetings", "ListActions", { actions: [], nextPageToken: "" });
}

/**
 * What the officer and the panel get from an OPCC-only page of the meeting, and the OPCC at that page
 * of a malformed meeting id: `OPCC_ONLY` when each is "page not found" before the meeting is read.
 */
export const othersAsking = (mesh: FakeMesh, method: "GET" | "POST", path: string): Promise<Refusals> =>
  refusalsOf(mesh, ["officer", "panel"], method, path, path.replace(ID, "not-a-meeting"));
export const OPCC_ONLY = notFoundTo(["officer", "panel"], true);
