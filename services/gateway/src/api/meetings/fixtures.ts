/**
 * What the meeting REST routes' tests share: a meeting, a paper, an action and a calendar feed as the
 * meetings service answers them, a command on one meeting, and which file tests which route.
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import type { Services } from "../../downstream";
import type { FakeMesh } from "../../testing/fake-mesh";
import type { PEOPLE } from "../../testing/fake-sessions";
import { type RouteSplit, rest, ts } from "../testing";

/** The area's routes by the file whose table tests them (routes.test.ts checks the split is whole). */
export const TESTED_IN: RouteSplit = {
  "meetings.test.ts": [
    "GET /v1/meetings",
    "POST /v1/meetings",
    "GET /v1/meetings/{id}",
    "GET /v1/meetings/{id}/calendar.ics",
    "POST /v1/meetings/{id}/convene",
    "POST /v1/meetings/{id}/respond",
    "POST /v1/meetings/{id}/reschedule",
    "POST /v1/meetings/{id}/cancel",
    "POST /v1/meetings/{id}/attendance",
  ],
  "minutes.test.ts": [
    "POST /v1/meetings/{id}/minutes",
    "POST /v1/meetings/{id}/circulate-minutes",
    "POST /v1/meetings/{id}/comment-minutes",
    "POST /v1/meetings/{id}/approve-minutes",
  ],
  "agenda.test.ts": [
    "POST /v1/meetings/{id}/agenda",
    "POST /v1/meetings/{id}/publish-agenda",
    "POST /v1/meetings/{id}/papers",
    "GET /v1/meetings/{id}/papers",
    "GET /v1/meetings/{id}/papers/{paperId}",
    "GET /v1/meetings/{id}/papers-pack",
  ],
  "feeds.test.ts": ["GET /v1/calendar-feed", "POST /v1/calendar-feed", "DELETE /v1/calendar-feed"],
  "actions.test.ts": ["GET /v1/actions", "POST /v1/actions", "GET /v1/actions/{id}", "POST /v1/actions/{id}/update"],
};

export const ID = "m-2026-05-asb";
export const NAME = `meetings/${ID}`;
export const PAPER = "fedcba9876543210fedcba98";
export const ACTION = "a-7f3k2";

export const meeting = (state = "MEETING_STATE_DRAFT") => ({
  name: NAME,
  title: "Anti-social behaviour in Dover",
  purpose: "Agree the partnership's response",
  basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
  state,
  startTime: ts("2026-05-12T09:00:00Z"),
  endTime: ts("2026-05-12T11:00:00Z"),
  place: "Dover Town Hall",
  onlineJoining: "",
  classification: "CLASSIFICATION_OFFICIAL",
  convener: "people/opcc-staff-1",
  responseDeadline: ts("2026-05-05T17:00:00Z"),
  invitations: [],
  reschedules: [],
  sequence: 1,
  minutes: null,
  agenda: { items: [], version: 0, publishTime: null, unpublishedChanges: false },
  agendaVersions: [],
  cancelReason: "",
  allActiveCsps: false,
  etag: "W/1",
  createTime: ts("2026-04-01T09:00:00Z"),
  updateTime: ts("2026-04-01T09:00:00Z"),
});

export const paper = {
  name: `${NAME}/papers/${PAPER}`,
  meeting: NAME,
  agendaItem: "item-2",
  title: "ASB figures",
  filename: "asb.csv",
  contentType: "text/csv",
  sizeBytes: "11",
  sha256: "12".repeat(32),
  classification: "CLASSIFICATION_OFFICIAL",
  audience: ["partners/csp-dover"],
  releasedToPanel: false,
  uploadedBy: "people/opcc-staff-1",
  createTime: ts("2026-05-01T09:00:00Z"),
};

export const action = (status = "ACTION_STATUS_OPEN") => ({
  name: `actions/${ACTION}`,
  meeting: NAME,
  owner: "partners/csp-dover",
  description: "Map the hotspots",
  dueTime: ts("2026-06-01T16:00:00Z"),
  status,
  reasons: "",
  updates: [],
  overdue: false,
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "W/2",
  createTime: ts("2026-05-12T11:00:00Z"),
  updateTime: ts("2026-05-12T11:00:00Z"),
});

export const feed = (extra: Record<string, unknown> = {}) => ({
  partner: "partners/csp-dover",
  active: true,
  secret: "",
  issuedBy: "people/dover-officer",
  issueTime: ts("2026-04-01T09:00:00Z"),
  ...extra,
});

/**
 * A command on one meeting, its meetings method answering the convened meeting: the reply, the
 * method's requests and the tokens sent (`commandSent`: what they are when the command is sent).
 */
export async function postCommand(
  mesh: FakeMesh,
  verb: string,
  method: keyof Services["meetings"] & string,
  body: Record<string, unknown> | undefined,
  as: keyof typeof PEOPLE,
) {
  mesh.downstream.on("meetings", method, meeting("MEETING_STATE_CONVENED"));
  const r = await rest(mesh, "POST", `/v1/meetings/${ID}/${verb}`, { as, body });
  return {
    reply: [r.status, r.json],
    requests: mesh.downstream.requests("meetings", method),
    tokens: mesh.downstream.calls.map((c) => c.token),
  };
}

/** What postCommand sees of a command sent: the convened meeting, `sent` with the meeting's name, the caller's token. */
export const commandSent = (sent: Record<string, unknown>, as: keyof typeof PEOPLE) => ({
  reply: [200, meeting("MEETING_STATE_CONVENED")],
  requests: [{ name: NAME, ...sent }],
  tokens: [`token-${as}`],
});
