import {
  AggregateStore,
  channelCredentials,
  DirectoryClient,
  FileStore,
  PlanLinks,
  type ServiceSpec,
} from "@csp-mesh/kit";
import { actionsMethods } from "./api/actions-api";
import { agendaMethods } from "./api/agenda-api";
import { feedsMethods } from "./api/feeds-api";
import { meetingsMethods } from "./api/meetings-api";
import { minutesMethods } from "./api/minutes-api";
import { papersMethods } from "./api/papers-api";
import { type MeetingsConfig, meetingsConfigSchema } from "./config";
import { CALENDAR_FEED, MEETING, MEETING_ACTION, MEETING_EVENTS } from "./contract";
import { Scanner } from "./scanner";
import { type ActionDoc, type CalendarFeedDoc, COLLECTIONS, type MeetingDoc } from "./store/documents";
import { meetingLists } from "./store/lists";

export const meetingsSpec: ServiceSpec<MeetingsConfig> = {
  name: "meetings",
  configSchema: meetingsConfigSchema,
  protoFiles: ["csp/meetings/v1/meetings.proto", "csp/directory/v1/directory.proto", "csp/grants/v1/grants.proto"],
  grpcServices: ["csp.meetings.v1.MeetingsService"],
  events: MEETING_EVENTS.events,
  outboxCollections: [COLLECTIONS.meetings, COLLECTIONS.actions, COLLECTIONS.feeds],
  async setup(kit) {
    const { db } = kit.mongo;
    const lists = meetingLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const meetings = new AggregateStore<MeetingDoc>(
      db.collection(COLLECTIONS.meetings),
      kit.nudgeOutbox,
      MEETING,
      "meeting",
      lists.meetings,
    );
    const actions = new AggregateStore<ActionDoc>(
      db.collection(COLLECTIONS.actions),
      kit.nudgeOutbox,
      MEETING_ACTION,
      "action",
      lists.actions,
    );
    const feeds = new AggregateStore<CalendarFeedDoc>(
      db.collection(COLLECTIONS.feeds),
      kit.nudgeOutbox,
      CALENDAR_FEED,
      "calendar feed",
    );
    await meetings.ensureIndexes();
    await actions.ensureIndexes();
    await feeds.ensureIndexes();
    await feeds.col.createIndex({ secretSha256: 1 });
    // Every top-level key the queries and scans filter on (docs/architecture.md, data shape rules).
    for (const key of ["addressees", "owner", "state", "responsesOpen"]) await meetings.col.createIndex({ [key]: 1 });
    for (const key of ["owner", "meeting", "status", "overdueOpen"]) await actions.col.createIndex({ [key]: 1 });
    await lists.meetings.projection.open(db, "meetings.meeting-lists-v1");
    await lists.actions.projection.open(db, "meetings.action-lists-v1");
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS, channelCredentials(kit.config));
    const plans = new PlanLinks(kit.protos, kit.config.GRANTS_ADDRESS, channelCredentials(kit.config));
    const scanner = new Scanner(meetings, actions, kit.config.MEETINGS_SCAN_MS, kit.log);
    scanner.start();
    const calendar = { organiserName: kit.config.CALENDAR_ORGANISER, baseUrl: kit.config.PUBLIC_BASE_URL || undefined };
    return {
      grpc: {
        "csp.meetings.v1.MeetingsService": {
          ...meetingsMethods({ meetings, directory, calendar }),
          ...minutesMethods(meetings),
          ...agendaMethods(meetings, plans),
          ...papersMethods(meetings, new FileStore(db, "papers", kit.config.PAPER_MAX_BYTES)),
          ...feedsMethods({ feeds, meetings, calendar }),
          ...actionsMethods({ meetings, actions }),
        },
      },
      onStop: async () => {
        await scanner.stop();
        await lists.meetings.projection.stop();
        await lists.actions.projection.stop();
        directory.close();
        plans.close();
      },
    };
  },
};
