/** What a notice is and what it is made from: shared by the notices of each domain. */
import type { Classification, Role } from "@csp-mesh/kit";
import type { EmailWords } from "./email-layout";

export interface Audience {
  /** People of these partners; absent: of any partner (with one of the roles). */
  partners?: string[];
  roles: Role[];
}

/** A meeting file to attach (iCalendar PUBLISH, or CANCEL once cancelled). */
export interface CalendarInvite {
  meeting: string;
  method: "PUBLISH" | "CANCEL";
  sequence: number;
  start: Date;
  end: Date;
  regulation14A: boolean;
}

export interface Notice {
  /** Unique within its cause: the email's id is cause + key + person, so each is written once. */
  key: string;
  audience: Audience;
  words: EmailWords;
  /** May wait for the person's daily digest (escalations and meeting changes never do). */
  digestable: boolean;
  calendar?: CalendarInvite;
}

/** What the notifier knows beside the event: names of partners, and meetings as convened. */
export interface Facts {
  baseUrl: string;
  partnerName: (partner: string) => string;
  meeting?: { invitees: string[]; start: Date; end: Date; sequence: number; basis: string };
}

export interface EventView {
  id: string;
  type: string;
  subject: string;
  classification: Classification;
  data: Record<string, unknown>;
}
