import { AggregateStore, DirectoryClient, MEETING_EVENTS, type ServiceSpec } from "@csp-mesh/kit";
import { actionsMethods } from "./api/actions-api";
import { meetingsMethods } from "./api/meetings-api";
import { type MeetingsConfig, meetingsConfigSchema } from "./config";
import { Scanner } from "./scanner";
import { type ActionDoc, COLLECTIONS, type MeetingDoc } from "./store/documents";

export const meetingsSpec: ServiceSpec<MeetingsConfig> = {
  name: "meetings",
  configSchema: meetingsConfigSchema,
  protoFiles: ["csp/meetings/v1/meetings.proto", "csp/directory/v1/directory.proto"],
  events: MEETING_EVENTS,
  outboxCollections: [COLLECTIONS.meetings, COLLECTIONS.actions],
  async setup(kit) {
    const { db } = kit.mongo;
    const meetings = new AggregateStore<MeetingDoc>(
      db.collection(COLLECTIONS.meetings),
      kit.nudgeOutbox,
      "meeting",
      "meeting",
    );
    const actions = new AggregateStore<ActionDoc>(
      db.collection(COLLECTIONS.actions),
      kit.nudgeOutbox,
      "meeting-action",
      "action",
    );
    await meetings.ensureIndexes();
    await actions.ensureIndexes();
    // Every top-level key the queries and scans filter on (docs/architecture.md, data shape rules).
    for (const key of ["addressees", "owner", "state", "responsesOpen"]) await meetings.col.createIndex({ [key]: 1 });
    for (const key of ["owner", "meeting", "status", "overdueOpen"]) await actions.col.createIndex({ [key]: 1 });
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS);
    const scanner = new Scanner(meetings, actions, kit.config.MEETINGS_SCAN_MS, kit.log);
    scanner.start();
    return {
      grpc: {
        "csp.meetings.v1.MeetingsService": {
          ...meetingsMethods({ meetings, directory, organiser: kit.config.CALENDAR_ORGANISER }),
          ...actionsMethods({ meetings, actions }),
        },
      },
      onStop: async () => {
        await scanner.stop();
        directory.close();
      },
    };
  },
};
