/** The meetings area's pages (reg 14A priority-issue meetings): meetings, agendas and papers, records and the calendar feed. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerActionPages } from "./actions";
import { registerAgendaPages } from "./agenda";
import { registerCalendarFeedPages } from "./calendar-feed";
import { registerMeetingPage } from "./meeting-page";
import { registerMeetingListPages } from "./meetings";
import { registerMeetingRecordPages } from "./record";

export function registerMeetingArea(r: Router, a: WebArea): void {
  registerMeetingListPages(r, a);
  registerMeetingPage(r, a);
  registerMeetingRecordPages(r, a);
  registerAgendaPages(r, a);
  registerCalendarFeedPages(r, a);
  registerActionPages(r, a);
}
