/**
 * Calendar feeds: a partnership's people issue a secret feed address for Outlook or any calendar app;
 * issuing again replaces the secret, revoking stops it. Only the secret's SHA-256 is stored; reading
 * the feed needs no token (calendar apps cannot send one), the secret is the credential.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  type AggregateStore,
  type AnyMethodSpec,
  BY_SORT_KEY,
  type Caller,
  enforce,
  fingerprint,
  isOpcc,
  method,
  newEtag,
  newEvent,
  notFound,
} from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { CALENDAR_FEED, CalendarFeedIssued, CalendarFeedRevoked } from "../contract";
import { type CalendarOptions, feedCalendar } from "../domain/calendar";
import { SOURCE } from "../source";
import type { CalendarFeedDoc, MeetingDoc } from "../store/documents";
import { feedToProto } from "./mapping";
import { noArgsSchema, readFeedSchema } from "./schemas";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const feedName = (partner: string) => `calendarFeeds/${partner.replace(/^partners\//, "")}`;
/** How far back a feed reaches: a year of past meetings is what an officer's calendar keeps. */
const FEED_PAST_MS = 365 * 86_400_000;
const FEED_MAX = 500;

export interface FeedsDeps {
  feeds: AggregateStore<CalendarFeedDoc>;
  meetings: AggregateStore<MeetingDoc>;
  calendar: CalendarOptions;
}

export function feedsMethods({ feeds, meetings, calendar }: FeedsDeps): Record<string, AnyMethodSpec> {
  const facts = (caller: Caller) => ({ owner: caller.partner, classification: "OFFICIAL" as const });
  const event = (contract: typeof CalendarFeedIssued, caller: Caller) =>
    newEvent(contract, SOURCE, caller.partner, {
      partner: caller.partner,
      actor: caller.subject,
      classification: "OFFICIAL",
    });

  const issue = async (
    caller: Caller,
    secretSha256: string,
    current: CalendarFeedDoc | null,
  ): Promise<CalendarFeedDoc> => {
    const set = {
      active: true,
      secretSha256,
      issuedBy: caller.subject,
      issueTime: new Date(),
      opcc: isOpcc(caller),
    };
    if (current) return feeds.mutate(current, undefined, () => ({ set, events: [event(CalendarFeedIssued, caller)] }));
    const name = feedName(caller.partner);
    const now = new Date();
    const created = await feeds.create(
      {
        _id: name,
        owner: caller.partner,
        classification: "OFFICIAL",
        ...set,
        commands: [],
        etag: newEtag(),
        createTime: now,
        updateTime: now,
        requestId: name,
        requestHash: fingerprint(name),
        sortKey: name,
      },
      [event(CalendarFeedIssued, caller)],
    );
    // Two first issues at once: the other one was stored; replace its secret with ours.
    return created.secretSha256 === secretSha256 ? created : issue(caller, secretSha256, created);
  };

  return {
    IssueCalendarFeed: method({
      request: noArgsSchema,
      handler: async (_req, { caller }) => {
        enforce(caller, "create", CALENDAR_FEED, facts(caller), "a calendar feed");
        const secret = randomBytes(32).toString("base64url");
        const current = await feeds.getInternal(feedName(caller.partner));
        const doc = await issue(caller, sha256(secret), current);
        return feedToProto(doc, caller.partner, secret);
      },
    }),

    GetCalendarFeed: method({
      request: noArgsSchema,
      handler: async (_req, { caller }) => {
        enforce(caller, "read", CALENDAR_FEED, facts(caller), "your partnership's calendar feed");
        return feedToProto(await feeds.getInternal(feedName(caller.partner)), caller.partner);
      },
    }),

    RevokeCalendarFeed: method({
      request: noArgsSchema,
      handler: async (_req, { caller }) => {
        enforce(caller, "update", CALENDAR_FEED, facts(caller), "your partnership's calendar feed");
        const current = await feeds.getInternal(feedName(caller.partner));
        if (!current?.active) return feedToProto(current, caller.partner);
        const doc = await feeds.mutate(current, undefined, (d) =>
          d.active
            ? { set: { active: false, secretSha256: "" }, events: [event(CalendarFeedRevoked, caller)] }
            : undefined,
        );
        return feedToProto(doc, caller.partner);
      },
    }),

    ReadCalendarFeed: method({
      public: true,
      request: readFeedSchema,
      handler: async (req) => {
        const feed = await feeds.col.findOne({
          secretSha256: sha256(req.secret),
          active: true,
        } as Filter<CalendarFeedDoc>);
        if (!feed) throw notFound("calendar feed (the address may have been replaced or revoked)");
        // From the partner's list of meetings (owned or invited to: the OPCC's feed is what it
        // convened), starting a week before the feed's window so a long meeting still in it shows.
        const since = new Date(Date.now() - FEED_PAST_MS);
        const lists = meetings.lists;
        if (!lists) throw new Error("meetings are listed");
        const page = await lists.index.page({
          view: `p:${feed.owner}`,
          order: BY_SORT_KEY,
          min: new Date(since.getTime() - 7 * 86_400_000).toISOString(),
          match: (it) => it.f.st !== "DRAFT",
          size: FEED_MAX,
        });
        const found = await Promise.all(page.items.map((it) => meetings.getInternal(it.id)));
        const docs = found.filter((m): m is MeetingDoc => m !== null && m.state !== "DRAFT" && m.end >= since);
        return {
          ics: feedCalendar(docs, `csp-mesh meetings (${feed.owner.replace("partners/", "")})`, calendar),
          filename: "csp-mesh-meetings.ics",
        };
      },
    }),
  };
}
