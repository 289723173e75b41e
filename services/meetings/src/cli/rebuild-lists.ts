/** `npm run lists:rebuild` (meetings): the meetings' and actions' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { meetingLists } from "../store/lists";

void runListsRebuild("meetings", (db, log) => {
  const lists = meetingLists(db, log, 10_000);
  return [
    { name: "meeting", rebuild: () => lists.meetings.projection.rebuild() },
    { name: "action", rebuild: () => lists.actions.projection.rebuild() },
  ];
});
