/** The meetings area's pages (reg 14A priority-issue meetings): meetings, agendas and papers, records and the calendar feed. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { registerAgendaPages } from "./agenda";
import { registerCalendarFeedPages } from "./calendar-feed";
import { registerMeetingPages } from "./meetings";
import { registerMeetingRecordPages } from "./record";

export function registerMeetingArea(r: Router, a: WebArea): void {
  registerMeetingPages(r, a);
  registerMeetingRecordPages(r, a);
  registerAgendaPages(r, a);
  registerCalendarFeedPages(r, a);
}
