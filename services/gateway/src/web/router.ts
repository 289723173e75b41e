/**
 * The web service: server-rendered GOV.UK pages that work without JavaScript. Every page acts with
 * the signed-in person's own token, so the services' access policy applies unchanged: a page for
 * something the person may not see is a 404, as the API's NOT_FOUND is.
 *
 * One route list: the frame (sessions, the page wrapper, kept forms) and then each area's pages.
 */
import { Router } from "express";
import { registerSessionPages } from "./account/session-pages";
import { type DemoPerson, registerSignInPages, type SignInOptions } from "./account/sign-in";
import { registerAssessmentArea } from "./assessments/pages";
import { registerCombinationsArea } from "./combinations/pages";
import { type FrameOptions, webFrame } from "./frame/page";
import { registerGrantsArea } from "./grants/pages";
import { registerHome } from "./home/home";
import { registerMeetingArea } from "./meetings/pages";
import { registerRequestArea } from "./requests/pages";
import { registerEmailSettingsPages } from "./settings/email-settings";

export type { DemoPerson };

export type WebOptions = FrameOptions & Omit<SignInOptions, "resumers" | "pendingId">;

export function webRouter(o: WebOptions): Router {
  const r = Router();
  const frame = webFrame(o);
  registerSignInPages(r, frame, { ...o, resumers: frame.resumers, pendingId: frame.pendingId });
  registerSessionPages(r, frame, o);
  registerHome(r, frame);
  registerRequestArea(r, frame);
  registerMeetingArea(r, frame);
  registerAssessmentArea(r, frame);
  registerGrantsArea(r, frame);
  registerCombinationsArea(r, frame);
  registerEmailSettingsPages(r, frame);
  return r;
}
