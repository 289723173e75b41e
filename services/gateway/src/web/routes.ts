/**
 * The web service: server-rendered GOV.UK pages that work without JavaScript. Every page acts with
 * the signed-in person's own token, so the services' access policy applies unchanged: a page for
 * something the person may not see is a 404, as the API's NOT_FOUND is.
 */
import { randomUUID } from "node:crypto";
import {
  fieldViolationsOf,
  isGrpcServiceError,
  isInvalidArgument,
  type TokenVerifier,
  toTimestamp,
} from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { type NextFunction, type Request, type Response, Router } from "express";
import { SESSION_COOKIE, type Session, sessionCookieOptions, sessionOf, sessionToken, sessionWith } from "../auth";
import type { Ask, Downstream } from "../downstream";
import { sendDownload, uploadStream } from "../http/streams";
import { multipartFile } from "../http/uploads";
import { registerActionPages } from "./actions";
import { answerText, authorOf, registerAnswerPages } from "./answers";
import { registerAssessmentContributionPages } from "./assessment-contribution";
import { registerAssessmentPages } from "./assessments";
import { registerCalendarFeedPages } from "./calendar-feed";
import { versionChanges } from "./changes";
import { registerEmailSettingsPages } from "./email-settings";
import { endOfLondonWorkingDay, parseDateInput } from "./forms/dates";
import { type FieldSpec, FormErrors } from "./forms/errors";
import { historySentence } from "./history";
import { registerHome } from "./home";
import { dateTimeText, escapeHtml, link, sizeText, stateLabel, tagHtml } from "./labels";
import { registerAgendaPages } from "./meeting-agenda";
import { registerMeetingRecordPages } from "./meeting-record";
import { registerMeetingPages } from "./meetings";
import { registerRequestList } from "./requests-list";
import { registerSessionPages } from "./session-pages";
import { PENDING_COOKIE, PENDING_SECONDS, type PendingForms, type SessionStore } from "./sessions";
import {
  type Answer,
  type ReportRequestView as ReportRequest,
  requestPath,
  type SubmissionView as Submission,
  versionPath,
} from "./views";

export interface DemoPerson {
  id: string;
  displayName: string;
  partner: string;
  roles: string[];
}

export interface WebOptions {
  downstream: Downstream;
  verifier: TokenVerifier;
  sessions: SessionStore;
  pendingForms: PendingForms;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  secureCookies: boolean;
  devSignIn: DemoPerson[] | undefined;
  uploadMaxBytes: number;
}

type Locals = { session: Session; partnerNames: Map<string, string>; name: string };

const ANSWER_PREFIX = "a_";

export function webRouter(o: WebOptions): Router {
  const r = Router();
  const d = o.downstream;
  let partnerCache: { at: number; names: Map<string, string> } | undefined;

  const partnerNames = async (token: string): Promise<Map<string, string>> => {
    if (partnerCache && Date.now() - partnerCache.at < 60_000) return partnerCache.names;
    const names = new Map<string, string>();
    let pageToken = "";
    do {
      const page = await d.directory.ListPartners({ pageSize: 500, pageToken }, token);
      for (const p of page.partners) names.set(p.name, p.displayName);
      pageToken = page.nextPageToken;
    } while (pageToken);
    partnerCache = { at: Date.now(), names };
    return names;
  };

  const navigation = (s: Session | undefined, path: string) => {
    if (!s) return [];
    const items = [];
    items.push({ href: "/", text: "Home" });
    if (s.isOpcc) items.push({ href: "/requests", text: "Report requests" });
    if (s.isPartnership) items.push({ href: "/requests", text: "What we must report" });
    if (s.isPanel || s.isOpcc) items.push({ href: "/published", text: "Published reports" });
    if (s.isOpcc || s.isPartnership || s.isPanel) items.push({ href: "/meetings", text: "Meetings" });
    if (s.isOpcc || s.isPartnership) items.push({ href: "/actions", text: "Actions" });
    if (s.isOpcc || s.isPartnership) items.push({ href: "/assessments", text: "Assessments" });
    if (s.isPanel) items.push({ href: "/assessments/editions", text: "Assessments" });
    return items.map((i) => ({ ...i, active: i.href === "/" ? path === "/" : path.startsWith(i.href) }));
  };

  const render = (req: Request, res: Response, view: string, data: Record<string, unknown>) => {
    const l = res.locals as Partial<Locals>;
    res.render(view, {
      ...data,
      csrfToken: res.locals.csrfToken,
      cspNonce: res.locals.cspNonce,
      navigation: navigation(l.session, req.path),
      session: l.session
        ? {
            name: l.name,
            isOpcc: l.session.isOpcc,
            isPanel: l.session.isPanel,
            partnerName: l.partnerNames?.get(l.session.caller.partner) ?? l.session.caller.partner,
            // The timeout warning shows this long before the idle timeout (GOV.UK pattern: 2 minutes).
            warnSeconds: Math.min(120, Math.floor(o.sessionIdleSeconds / 2)),
            idleSeconds: o.sessionIdleSeconds,
          }
        : undefined,
    });
  };

  const notFound = (req: Request, res: Response) =>
    res.status(404) &&
    render(req, res, "message.njk", {
      title: "Page not found",
      message: "If you typed the web address, check it is correct. You may not have access to this page.",
      link: { href: "/", text: "Go to the start" },
    });

  /** Runs a page handler; downstream refusals become the right page, never a bare 500. */
  const page =
    (fn: (req: Request, res: Response, s: Session) => Promise<unknown>, opts: { public?: boolean } = {}) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const s = await sessionOf(req, o.verifier, o.sessions);
        if (s) {
          res.locals.session = s;
          res.locals.name = s.displayName || s.caller.subject;
          res.locals.partnerNames = await partnerNames(s.token);
        }
        if (!s && !opts.public) {
          // A form posted after the session ended: keep what was typed for when they sign in again.
          const body = req.body as Record<string, unknown> | undefined;
          if (req.method === "POST" && req.is("application/x-www-form-urlencoded") && body) {
            const old = sessionToken(req);
            const person = old ? await o.sessions.personOfEnded(old) : undefined;
            const kept = await o.pendingForms.keep(req.path, body, person);
            res.cookie(PENDING_COOKIE, kept, sessionCookieOptions(o.secureCookies, PENDING_SECONDS));
            return res.redirect(303, "/sign-in?kept=1");
          }
          return res.redirect(303, "/sign-in");
        }
        await fn(req, res, s as Session);
      } catch (err) {
        if (isGrpcServiceError(err)) {
          if (err.code === status.NOT_FOUND) return notFound(req, res);
          if (err.code === status.UNAUTHENTICATED) return res.redirect(303, "/sign-in");
          if (err.code === status.PERMISSION_DENIED) {
            res.status(403);
            return render(req, res, "message.njk", { title: "You cannot do that", message: err.details });
          }
          if (err.code === status.FAILED_PRECONDITION || err.code === status.ABORTED) {
            res.status(409);
            return render(req, res, "message.njk", {
              title: "That is not possible now",
              message: err.details,
              link: { href: req.path.replace(/\/[^/]*$/, "") || "/", text: "Go back" },
            });
          }
          if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) {
            res.status(503);
            return render(req, res, "message.njk", {
              title: "Sorry, the service is unavailable",
              message: "Try again in a few minutes. Nothing you sent has been lost or half-saved.",
            });
          }
        }
        next(err);
      }
    };

  const pendingId = (req: Request) => {
    const v = (req.cookies as Record<string, string> | undefined)?.[PENDING_COOKIE];
    return typeof v === "string" && v.length > 0 ? v : undefined;
  };
  /**
   * Forms that are saved straight away when their person signs in again after the session ended
   * mid-form (saving a draft changes nothing anyone else sees); any other kept form is shown back
   * to them on /resume to send. `run` returns where to go next, or undefined to fall back to that.
   */
  const resumers: {
    path: RegExp;
    run: (s: Session, m: RegExpExecArray, fields: Record<string, string | string[]>) => Promise<string | undefined>;
  }[] = [];

  const reqName = (id: string) => `reportRequests/${id}`;
  const idOf = (name: string) => name.replace(/^reportRequests\//, "");
  const nameOf = (res: Response, partner: string) =>
    (res.locals as Locals).partnerNames.get(partner) ?? partner.replace(/^partners\//, "");

  // ---- sign in / out -------------------------------------------------------------------------

  r.get(
    "/sign-in",
    page(
      async (req, res) => {
        if (!o.devSignIn)
          return render(req, res, "message.njk", {
            title: "Sign in",
            message: "Sign in through your organisation's account (OpenID Connect); development sign-in is off.",
          });
        render(req, res, "sign-in.njk", {
          title: "Sign in",
          people: signInItems(o.devSignIn, undefined),
          errors: {},
          kept: Boolean(pendingId(req)),
        });
      },
      { public: true },
    ),
  );

  r.post(
    "/sign-in",
    page(
      async (req, res) => {
        const people = o.devSignIn;
        const person = String((req.body as Record<string, unknown>).person ?? "");
        const chosen = people?.find((p) => p.id === person);
        if (!people || !chosen) {
          res.status(400);
          const message = "Choose who you want to sign in as";
          return render(req, res, "sign-in.njk", {
            title: "Sign in",
            people: signInItems(people ?? [], undefined),
            errors: { person: message },
            errorList: [{ text: message, href: "#person" }],
          });
        }
        const t = await d.identity.DevSignIn({
          person: `people/${chosen.id}`,
        });
        const id = await o.sessions.start(`people/${chosen.id}`, chosen.displayName, t);
        res.cookie(SESSION_COOKIE, id, sessionCookieOptions(o.secureCookies, o.sessionMaxSeconds));
        const kept = pendingId(req);
        if (!kept) return res.redirect(303, "/");
        // What they typed before their session ended: saved now if it was a draft, otherwise shown
        // back to them to send (after this redirect, with a form token for the new session).
        const session = await sessionWith(id, t.accessToken, chosen.displayName, o.verifier);
        const form = await o.pendingForms.get(kept, session.caller.subject);
        if (!form) {
          res.clearCookie(PENDING_COOKIE, sessionCookieOptions(o.secureCookies));
          return res.redirect(303, "/");
        }
        const resume = resumers.find((x) => x.path.test(form.path));
        const match = resume?.path.exec(form.path);
        const next = resume && match ? await resume.run(session, match, form.fields).catch(() => undefined) : undefined;
        if (next === undefined) return res.redirect(303, "/resume");
        await o.pendingForms.drop(kept);
        res.clearCookie(PENDING_COOKIE, sessionCookieOptions(o.secureCookies));
        res.redirect(303, next);
      },
      { public: true },
    ),
  );

  r.get("/sign-out", async (req, res, next) => {
    try {
      // Ended on the server: replaying the old cookie afterwards finds no session.
      const id = sessionToken(req);
      if (id) await o.sessions.end(id);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(o.secureCookies));
      res.redirect(303, "/sign-in");
    } catch (err) {
      next(err);
    }
  });

  // ---- lists ---------------------------------------------------------------------------------
  r.get(
    "/published",
    page(async (req, res, s) => {
      const list = await d.reports.ListPublishedReports({ pageSize: 50 }, s.token);
      render(req, res, "dashboard.njk", {
        title: "Published reports",
        caption: "Reports required under section 7 and released to the Police and Crime Panel",
        head: [{ text: "Report" }, { text: "Partnership" }, { text: "Accepted version" }],
        rows: list.submissions.map((x) => [
          {
            html: link(versionPath(x.reportRequest, x.partner, x.version), x.reportRequest),
          },
          { text: nameOf(res, x.partner) },
          { text: String(x.version) },
        ]),
        empty: "No reports have been published yet.",
      });
    }),
  );

  // ---- create a request (OPCC) ---------------------------------------------------------------
  /** The community safety partnerships, [name, display name], by display name. */
  const csps = (res: Response) =>
    [...(res.locals as Locals).partnerNames.entries()]
      .filter(([n]) => n.startsWith("partners/csp-"))
      .sort((a, b) => a[1].localeCompare(b[1]));
  const partnershipItems = (res: Response, chosen: string[], all: boolean) => [
    { value: "all", text: "All active community safety partnerships", checked: all, behaviour: undefined },
    { divider: "or" },
    ...csps(res).map(([value, text]) => ({ value, text, checked: chosen.includes(value) })),
  ];

  r.get(
    "/requests/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      render(req, res, "new-request.njk", {
        title: "Create a report request",
        values: { s7: [] },
        questions: [{ title: "", type: "SECTION_TYPE_TEXT", options: "", required: true }],
        partnerItems: partnershipItems(res, [], false),
        errors: {},
      });
    }),
  );

  r.post(
    "/requests/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Record<string, string | string[] | undefined>;
      const str = (k: string) => (Array.isArray(b[k]) ? String((b[k] as string[])[0]) : String(b[k] ?? "")).trim();
      const list = (k: string) => (Array.isArray(b[k]) ? (b[k] as string[]) : b[k] ? [b[k] as string] : []);
      const count = Math.min(Math.max(Number.parseInt(str("questionCount"), 10) || 1, 1), 50);
      const questions = Array.from({ length: count }, (_, i) => ({
        title: str(`q${i}_title`),
        type: str(`q${i}_type`) || "SECTION_TYPE_TEXT",
        options: str(`q${i}_options`),
        required: list(`q${i}_required`).includes("yes"),
      }));
      const addressees = list("addressees");
      const all = addressees.includes("all");
      const values = { ...b, s7: list("s7"), s7publish: list("s7publish")[0] ?? "" };
      const again = (form: FormErrors, status_ = 400) => {
        res.status(status_);
        render(req, res, "new-request.njk", {
          title: "Create a report request",
          values,
          questions,
          partnerItems: partnershipItems(res, addressees, all),
          errors: form.byField,
          errorList: form.summary,
        });
      };
      const form = new FormErrors(createFormFields(questions.length));
      if (str("action") === "add-question") {
        questions.push({ title: "", type: "SECTION_TYPE_TEXT", options: "", required: true });
        return again(form, 200);
      }
      // The page's own checks (the date as typed, a choice of partnerships); the service checks the
      // rest in the same round (validate_only), so every error shows at once.
      const parsed = parseDateInput(
        { day: str("due-day"), month: str("due-month"), year: str("due-year") },
        "Due date",
      );
      const due = parsed.ok ? endOfLondonWorkingDay(parsed.date) : undefined;
      if (!parsed.ok) form.add("due", parsed.message);
      else if ((due as Date).getTime() <= Date.now()) form.add("due", "Due date must be in the future");
      if (!all && addressees.length === 0) form.add("addressees", "Select the partnerships that must report");
      const legalBasis = str("legalBasis") || "LEGAL_BASIS_INFORMAL";
      const body = {
        reportRequest: {
          title: str("title"),
          issueOfConcern: str("issue"),
          addressees: all ? [] : addressees.map((partner) => ({ partner })),
          sections: questions.map((q, i) => ({
            id: `q${i + 1}`,
            title: q.title,
            help: "",
            type: q.type,
            required: q.required,
            options: q.type.endsWith("CHOICE")
              ? q.options
                  .split(/\r?\n/)
                  .map((x) => x.trim())
                  .filter(Boolean)
              : [],
          })),
          // A placeholder when the date was refused above: the service still checks everything else.
          dueTime: toTimestamp(due ?? new Date(Date.now() + 86_400_000)),
          classification: str("classification") || "CLASSIFICATION_OFFICIAL",
          legalBasis,
          formalS7:
            legalBasis === "LEGAL_BASIS_FORMAL_S7"
              ? {
                  notSatisfiedEffectiveEfficient: values.s7.includes("notSatisfied"),
                  reasonableAndProportionate: values.s7.includes("reasonable"),
                  reasoning: str("s7reasoning"),
                  publish: values.s7publish === "yes",
                  publicationManner: str("s7manner"),
                }
              : null,
        },
        allActiveCsps: all || addressees.length === 0,
        requestId: `web-${randomUUID()}`,
        validateOnly: form.any,
      };
      try {
        const created = await d.reports.CreateReportRequest(body as Ask<"reports", "CreateReportRequest">, s.token);
        if (!form.any) return res.redirect(303, `${requestPath(created.name)}?created=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), createFieldOf);
      }
      again(form);
    }),
  );

  // ---- one request ---------------------------------------------------------------------------
  const showRequest = async (
    req: Request,
    res: Response,
    s: Session,
    withdraw: { errors: Record<string, string>; errorList?: { text: string; href: string }[] } = { errors: {} },
  ) => {
    const id = String(req.params.id);
    const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
    const history = await d.reports.ListReportRequestHistory({ name: rq.name, pageSize: 200 }, s.token);
    const versions = await d.reports.ListSubmissions({ parent: rq.name, pageSize: 200 }, s.token);
    const mine = s.isPartnership ? rq.addressees.find((a) => a.partner === s.caller.partner) : undefined;
    render(req, res, "request.njk", {
      title: rq.title,
      id,
      request: rq,
      created: req.query.created === "1",
      legalBasisText:
        rq.legalBasis === "LEGAL_BASIS_FORMAL_S7"
          ? "Formal requirement, section 7(1) Crime and Disorder Act 1998"
          : "Informal request",
      summary: [
        { key: { text: "Issue of concern" }, value: { text: rq.issueOfConcern } },
        { key: { text: "Due" }, value: { text: dateTimeText(rq.dueTime) } },
        {
          key: { text: "Classification" },
          value: { text: rq.classification.replace("CLASSIFICATION_", "").replace("_", "-") },
        },
        ...(rq.formalS7
          ? [
              { key: { text: "Reasoning (s.7(1A))" }, value: { text: rq.formalS7.reasoning } },
              {
                key: { text: "Publication (s.7(3))" },
                value: {
                  text: rq.formalS7.publish
                    ? `To be published: ${rq.formalS7.publicationManner}`
                    : "Not to be published",
                },
              },
            ]
          : []),
      ],
      mine: mine && {
        ...mine,
        ...stateLabel(mine.state),
        canWork:
          ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"].some((x) => mine.state.endsWith(x)) && !rq.withdrawn,
      },
      canWithdraw: s.isOpcc && !rq.withdrawn,
      withdrawItems: [
        { value: "", text: "every partnership that has not finished" },
        ...rq.addressees
          .filter((a) => !a.state.endsWith("ACCEPTED") && !a.state.endsWith("WITHDRAWN"))
          .map((a) => ({ value: a.partner, text: nameOf(res, a.partner) })),
      ],
      withdrawErrors: withdraw.errors,
      errorList: withdraw.errorList,
      addresseeRows: s.isOpcc
        ? rq.addressees.map((a) => [
            { text: nameOf(res, a.partner) },
            { html: tagHtml(a.state, a.overdue) },
            { text: a.latestVersion ? String(a.latestVersion) : "None" },
            {
              html:
                a.latestVersion > 0
                  ? link(
                      versionPath(rq.name, a.partner, a.latestVersion),
                      a.state.endsWith("SUBMITTED") ? "Review" : "View",
                    )
                  : "",
            },
          ])
        : undefined,
      versionRows: versions.submissions.map((v) => [
        { html: link(versionPath(rq.name, v.partner, v.version), `Version ${v.version}`) },
        { text: nameOf(res, v.partner) },
        { text: dateTimeText(v.createTime) },
        { html: `<code>${escapeHtml(v.contentSha256.slice(0, 16))}…</code>` },
      ]),
      historyRows: history.entries.map((h) => [
        { text: dateTimeText(h.time) },
        { text: historySentence(h, (p) => nameOf(res, p)) },
      ]),
    });
  };
  r.get(
    "/requests/:id",
    page((req, res, s) => showRequest(req, res, s)),
  );

  r.post(
    "/requests/:id/withdraw",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const b = req.body as Record<string, string>;
      const reasons = (b.reasons ?? "").trim();
      if (reasons.length < 5) {
        const text = "Say why the request is being withdrawn";
        res.status(400);
        return showRequest(req, res, s, {
          errors: { reasons: text },
          errorList: [{ text, href: "#withdraw-reasons" }],
        });
      }
      await d.reports.WithdrawReportRequest(
        { name: reqName(id), partner: b.partner ?? "", reasons, requestId: `web-${randomUUID()}` },
        s.token,
      );
      res.redirect(303, `/requests/${id}`);
    }),
  );

  r.post(
    "/requests/:id/acknowledge",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      await d.reports.AcknowledgeReportRequest({ name: reqName(id), requestId: `web-${randomUUID()}` }, s.token);
      res.redirect(303, `/requests/${id}`);
    }),
  );

  // ---- answering (partnerships) --------------------------------------------------------------
  const loadDraft = async (token: string, rq: ReportRequest) => {
    try {
      return await d.reports.GetDraft({ parent: rq.name }, token);
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) return undefined;
      throw err;
    }
  };

  const formFields = (rq: ReportRequest, values: Record<string, string[]>, errors: Record<string, string>) =>
    rq.sections.map((sec) => {
      const name = `${ANSWER_PREFIX}${sec.id}`;
      const v = values[name] ?? [];
      return {
        name,
        type: sec.type,
        label: `${sec.title}${sec.required ? "" : " (optional)"}`,
        hint: sec.help || (sec.maxLength ? `Up to ${sec.maxLength} characters` : ""),
        value: v[0] ?? "",
        ...(sec.type === "SECTION_TYPE_DATE" ? { date: dateParts(values, name) } : {}),
        error: errors[name],
        items: sec.options.map((opt) => ({ value: opt, text: opt, checked: v.includes(opt) })),
      };
    });

  const answersToValues = (answers: Answer[]): Record<string, string[]> =>
    Object.fromEntries(
      answers.map((a) => {
        const v = a.choices?.values ?? [
          a.text ?? a.date ?? a.choice ?? (a.number !== undefined ? String(a.number) : ""),
        ];
        return [`${ANSWER_PREFIX}${a.sectionId}`, v.filter((x) => x !== "")];
      }),
    );

  /**
   * The answers typed, for the service, and the page's own problems (a date that is not a real
   * date never reaches the service: it is reported here with GOV.UK's wording).
   */
  const valuesToAnswers = (rq: ReportRequest, body: Record<string, unknown>, form?: FormErrors) => {
    const answers: Record<string, unknown>[] = [];
    for (const sec of rq.sections) {
      const name = `${ANSWER_PREFIX}${sec.id}`;
      if (sec.type === "SECTION_TYPE_DATE" && [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => k in body)) {
        const one = (k: string) => String((Array.isArray(body[k]) ? (body[k] as unknown[])[0] : body[k]) ?? "");
        const typed = { day: one(`${name}-day`), month: one(`${name}-month`), year: one(`${name}-year`) };
        if (!typed.day.trim() && !typed.month.trim() && !typed.year.trim()) continue;
        const parsed = parseDateInput(typed, sec.title);
        if (parsed.ok) answers.push({ sectionId: sec.id, date: isoDate(parsed.date) });
        else form?.add(name, parsed.message);
        continue;
      }
      const raw = body[name];
      const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
        .map((x) => String(x).trim())
        .filter(Boolean);
      if (list.length === 0) continue;
      const first = list[0] as string;
      if (sec.type === "SECTION_TYPE_NUMBER") {
        const n = Number(first);
        // Not a number: sent as text, so the service names the question with a clear message.
        answers.push(
          Number.isFinite(n) && first !== "" ? { sectionId: sec.id, number: n } : { sectionId: sec.id, text: first },
        );
      } else if (sec.type === "SECTION_TYPE_DATE") answers.push({ sectionId: sec.id, date: first });
      else if (sec.type === "SECTION_TYPE_SINGLE_CHOICE") answers.push({ sectionId: sec.id, choice: first });
      else if (sec.type === "SECTION_TYPE_MULTIPLE_CHOICE")
        answers.push({ sectionId: sec.id, choices: { values: list } });
      else answers.push({ sectionId: sec.id, text: first });
    }
    return answers;
  };

  const renderForm = async (
    req: Request,
    res: Response,
    rq: ReportRequest,
    values: Record<string, string[]>,
    attachments: Submission["attachments"],
    errors: Record<string, string>,
    errorList: { text: string; href: string }[] = [],
  ) =>
    render(req, res, "report-form.njk", {
      title: `Your report: ${rq.title}`,
      id: idOf(rq.name),
      request: rq,
      fields: formFields(rq, values, errors),
      attachments: attachments.map((a) => ({ ...a, size: sizeText(a.sizeBytes) })),
      saved: req.query.saved === "1",
      resumed: req.query.resumed === "1",
      maxMb: Math.round(o.uploadMaxBytes / 1048576),
      errors,
      errorList,
    });

  r.get(
    "/requests/:id/report",
    page(async (req, res, s) => {
      const rq = await d.reports.GetReportRequest({ name: reqName(String(req.params.id)) }, s.token);
      if (!s.isPartnership) return notFound(req, res);
      const draft = await loadDraft(s.token, rq);
      let values = draft ? answersToValues(draft.answers) : {};
      let attachments = draft?.attachments ?? [];
      if (!draft) {
        // After a return, start from the latest version sent: its answers and its attachments.
        const mine = rq.addressees.find((a) => a.partner === s.caller.partner);
        if (mine?.latestVersion) {
          const v = await d.reports.GetSubmission(
            { name: `${rq.name}/submissions/${mine.partner.replace("partners/", "")}/versions/${mine.latestVersion}` },
            s.token,
          );
          values = answersToValues(v.answers);
          attachments = v.attachments;
        }
      }
      await renderForm(req, res, rq, values, attachments, {});
    }),
  );

  /** Saves the answer form as the draft; what is valid is saved even when something else is not. */
  const saveAnswers = (s: Session, rq: ReportRequest, body: Record<string, unknown>, form: FormErrors) => {
    const attachments = (
      Array.isArray(body.attachments) ? body.attachments : body.attachments ? [body.attachments] : []
    ).map(String);
    const answers = valuesToAnswers(rq, body, form);
    return d.reports.SaveDraft({ parent: rq.name, answers, attachments }, s.token);
  };
  resumers.push({
    path: /^\/requests\/([a-z0-9][a-z0-9-]{1,62})\/report$/,
    run: async (s, m, fields) => {
      const rq = await d.reports.GetReportRequest({ name: reqName(String(m[1])) }, s.token);
      await saveAnswers(s, rq, fields, new FormErrors(answerFields(rq)));
      return `/requests/${m[1]}/report?resumed=1`;
    },
  });

  r.post(
    "/requests/:id/report",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const body = req.body as Record<string, unknown>;
      const form = new FormErrors(answerFields(rq));
      const values = answerValues(rq, body);
      const again = async (attachmentsNow: Submission["attachments"]) => {
        res.status(400);
        await renderForm(req, res, rq, values, attachmentsNow, form.byField, form.summary);
      };
      try {
        const draft = await saveAnswers(s, rq, body, form);
        if (form.any) return again(draft.attachments);
        if (body.action !== "continue") return res.redirect(303, `/requests/${id}/report?saved=1`);
        // Check completeness here, so the person sees every missing answer at once.
        for (const sec of rq.sections)
          if (sec.required && !draft.answers.some((a) => a.sectionId === sec.id))
            form.add(`${ANSWER_PREFIX}${sec.id}`, `Answer "${sec.title}"`);
        if (form.any) return again(draft.attachments);
        res.redirect(303, `/requests/${id}/check`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), answerFieldOf);
        const kept = await loadDraft(s.token, rq);
        await again(kept?.attachments ?? []);
      }
    }),
  );

  r.post(
    "/requests/:id/attachments",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const declared = Number(req.headers["content-length"] ?? 0);
      const tooBig = `The file must be smaller than ${Math.round(o.uploadMaxBytes / 1048576)} MB`;
      const fail = async (message: string, values: Record<string, string[]>, attachments: string[]) => {
        res.status(400);
        const draft = await loadDraft(s.token, rq);
        const known = draft?.attachments.filter((a) => attachments.includes(a.name)) ?? [];
        await renderForm(req, res, rq, values, known, { file: message }, [{ text: message, href: "#file" }]);
      };
      if (declared > o.uploadMaxBytes + 256 * 1024) {
        req.resume();
        const draft = await loadDraft(s.token, rq);
        return fail(tooBig, draft ? answersToValues(draft.answers) : {}, draft?.attachments.map((a) => a.name) ?? []);
      }
      // The answers typed so far come with the file: keep them whatever happens to the upload.
      const file = await multipartFile(req, o.uploadMaxBytes);
      const values = answerValues(rq, file.fields);
      const existing = file.fields.attachments ?? [];
      if (!file.filename) return fail("Select a file to add", values, existing);
      let uploaded: { name: string };
      try {
        uploaded = await uploadStream(
          d.reports.UploadAttachment,
          { parent: rq.name, filename: file.filename },
          file.chunks,
          s.token,
        );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        req.resume();
        return fail(
          err.details.includes(" MB") ? tooBig : `The file must be a PDF, CSV, XLSX, DOCX or ODT: ${err.details}`,
          values,
          existing,
        );
      }
      try {
        await d.reports.SaveDraft(
          { parent: rq.name, answers: valuesToAnswers(rq, values), attachments: [...existing, uploaded.name] },
          s.token,
        );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        // The file is stored but the answers typed are not valid yet: keep the draft's previous
        // answers with the new file, and show the typed ones with what is wrong.
        const previous = await loadDraft(s.token, rq);
        await d.reports.SaveDraft(
          {
            parent: rq.name,
            answers: previous?.answers.map(({ value: _v, ...a }) => a) ?? [],
            attachments: [...existing, uploaded.name],
          },
          s.token,
        );
        const form = new FormErrors(answerFields(rq)).addViolations(fieldViolationsOf(err), answerFieldOf);
        res.status(400);
        const draft = await loadDraft(s.token, rq);
        return renderForm(req, res, rq, values, draft?.attachments ?? [], form.byField, form.summary);
      }
      res.redirect(303, `/requests/${id}/report?saved=1`);
    }),
  );

  r.get(
    "/requests/:id/check",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
      const draft = await loadDraft(s.token, rq);
      if (!draft) return res.redirect(303, `/requests/${id}/report`);
      const byId = new Map(draft.answers.map((a) => [a.sectionId, a]));
      const rows = rq.sections.map((sec) => ({
        key: { text: sec.title },
        value: { text: answerText(byId.get(sec.id)) || "Not answered" },
        actions: {
          items: [
            { href: `/requests/${id}/report#${ANSWER_PREFIX}${sec.id}`, text: "Change", visuallyHiddenText: sec.title },
          ],
        },
      }));
      if (draft.attachments.length)
        rows.push({
          key: { text: "Attachments" },
          value: { text: draft.attachments.map((a) => a.filename).join(", ") },
          actions: { items: [{ href: `/requests/${id}/report`, text: "Change", visuallyHiddenText: "attachments" }] },
        });
      render(req, res, "check.njk", {
        title: "Check your answers",
        id,
        request: rq,
        rows,
        requestId: `web-${randomUUID()}`,
      });
    }),
  );

  r.post(
    "/requests/:id/submit",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const requestId = String((req.body as Record<string, unknown>).requestId ?? "").slice(0, 100);
      try {
        const sub = await d.reports.SubmitReport({ parent: reqName(id), fromDraft: true, requestId }, s.token);
        res.redirect(303, `/requests/${id}/submitted?version=${sub.version}`);
      } catch (err) {
        // Missing answers: back to the form, which says what is missing.
        if (isInvalidArgument(err)) return res.redirect(303, `/requests/${id}/report`);
        throw err;
      }
    }),
  );

  r.get(
    "/requests/:id/submitted",
    page(async (req, res) => {
      render(req, res, "submitted.njk", {
        title: "Report submitted",
        id: String(req.params.id),
        version: String(Number(req.query.version) || ""),
      });
    }),
  );

  // ---- a version, and review (OPCC) ----------------------------------------------------------
  const showVersion = async (
    req: Request,
    res: Response,
    s: Session,
    extra: {
      errors?: Record<string, string>;
      errorList?: { text: string; href: string }[];
      values?: Record<string, string>;
    } = {},
  ) => {
    const id = String(req.params.id);
    const partner = String(req.params.partner ?? (req.body as Record<string, string>).partner ?? "").replace(
      "partners/",
      "",
    );
    const version = Number(req.params.version ?? (req.body as Record<string, string>).version);
    const rq = await d.reports.GetReportRequest({ name: reqName(id) }, s.token);
    const sub = await d.reports.GetSubmission(
      { name: `${rq.name}/submissions/${partner}/versions/${version}` },
      s.token,
    );
    const a = rq.addressees.find((x) => x.partner === sub.partner);
    const byId = new Map(sub.answers.map((x) => [x.sectionId, x]));
    // A resubmission shows what it changed since the version before (the OPCC sees it before deciding).
    const previous =
      sub.version > 1
        ? await d.reports.GetSubmission(
            { name: `${rq.name}/submissions/${partner}/versions/${sub.version - 1}` },
            s.token,
          )
        : undefined;
    render(req, res, "submission.njk", {
      title: `${nameOf(res, sub.partner)}: version ${sub.version}`,
      id,
      request: rq,
      submission: sub,
      partnerName: nameOf(res, sub.partner),
      rows: [
        { key: { text: "Submitted" }, value: { text: `${dateTimeText(sub.createTime)} by ${authorOf(sub)}` } },
        ...rq.sections.map((sec) => ({
          key: { text: sec.title },
          value: { text: answerText(byId.get(sec.id)) || "Not answered" },
        })),
      ],
      attachments: sub.attachments.map((x) => ({
        id: x.name.replace("attachments/", ""),
        filename: x.filename,
        size: sizeText(x.sizeBytes),
      })),
      changes: previous && versionChanges(rq.sections, previous, sub),
      previousVersion: previous?.version,
      canReview: s.isOpcc && a?.state === "ADDRESSEE_STATE_SUBMITTED" && a.latestVersion === sub.version,
      errors: extra.errors ?? {},
      errorList: extra.errorList,
      values: extra.values ?? {},
    });
  };

  r.get(
    "/requests/:id/submissions/:partner/versions/:version",
    page((req, res, s) => showVersion(req, res, s)),
  );

  r.post(
    "/requests/:id/review",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const b = req.body as Record<string, string>;
      const decision = b.decision ?? "";
      const reasons = (b.reasons ?? "").trim();
      const invalid = (field: string, text: string) => {
        res.status(400);
        return showVersion(req, res, s, {
          errors: { [field]: text },
          errorList: [{ text, href: `#${field}` }],
          values: { decision, reasons },
        });
      };
      if (!["REVIEW_DECISION_ACCEPT", "REVIEW_DECISION_RETURN"].includes(decision))
        return invalid("decision", "Choose whether to accept or return the report");
      if (decision === "REVIEW_DECISION_RETURN" && reasons.length < 5)
        return invalid("reasons", "Say why the report is being returned");
      try {
        await d.reports.ReviewSubmission(
          {
            name: reqName(id),
            partner: `partners/${String(b.partner).replace("partners/", "")}`,
            version: Number(b.version),
            decision: decision as Ask<"reports", "ReviewSubmission">["decision"],
            reasons,
            requestId: `web-${randomUUID()}`,
          },
          s.token,
        );
        res.redirect(303, `/requests/${id}`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        return invalid("reasons", err.details);
      }
    }),
  );

  r.get(
    "/attachments/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!/^[a-f0-9]{24}$/.test(id)) return notFound(req, res);
      await sendDownload(d.reports.DownloadAttachment, { name: `attachments/${id}` }, s.token, res);
    }),
  );

  // ---- other areas, each in its own module ----------------------------------------------------
  const area = { d, page, render, notFound, nameOf, csps, partnershipItems };
  registerSessionPages(r, area, o);
  registerHome(r, area);
  registerRequestList(r, area);
  registerAnswerPages(r, area);
  registerMeetingPages(r, area);
  registerMeetingRecordPages(r, area);
  registerAgendaPages(r, area, o.uploadMaxBytes);
  registerActionPages(r, area);
  registerCalendarFeedPages(r, area);
  registerEmailSettingsPages(r, area);
  registerAssessmentPages(r, area);
  registerAssessmentContributionPages(r, area);

  return r;
}

function signInItems(people: DemoPerson[], chosen: string | undefined) {
  return people.map((p) => ({
    value: p.id,
    text: `${p.displayName}`,
    hint: { text: `${p.roles.join(", ")}, ${p.partner}` },
    checked: p.id === chosen,
  }));
}

/** gRPC field path of the create request -> the form field that holds it. */
function createFieldOf(f: string): string | undefined {
  const q = /^report_request\.sections\[(\d+)\]\.(\w+)/.exec(f);
  if (q) return `q${q[1]}_${q[2] === "options" ? "options" : "title"}`;
  const map: Record<string, string> = {
    "report_request.title": "title",
    "report_request.issue_of_concern": "issue",
    "report_request.due_time": "due",
    "report_request.addressees": "addressees",
    all_active_csps: "addressees",
    "report_request.formal_s7.not_satisfied_effective_efficient": "s7",
    "report_request.formal_s7.reasonable_and_proportionate": "s7",
    "report_request.formal_s7.reasoning": "s7reasoning",
    "report_request.formal_s7.publication_manner": "s7manner",
    "report_request.legal_basis": "legalBasis",
  };
  if (f.startsWith("report_request.addressees")) return "addressees";
  return map[f];
}

/** The answer form's fields in page order (date answers link to their day box). */
function answerFields(rq: ReportRequest): Record<string, FieldSpec> {
  return Object.fromEntries(
    rq.sections.map((sec) => {
      const name = `${ANSWER_PREFIX}${sec.id}`;
      return [name, { label: sec.title, ...(sec.type === "SECTION_TYPE_DATE" ? { anchor: `${name}-day` } : {}) }];
    }),
  );
}

const answerFieldOf = (f: string) =>
  f.startsWith("answers.") ? `${ANSWER_PREFIX}${f.slice("answers.".length)}` : undefined;

/** Everything typed into the answer form, as lists by field name (date answers as their three boxes). */
function answerValues(rq: ReportRequest, body: Record<string, unknown>): Record<string, string[]> {
  const list = (raw: unknown) => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const out: Record<string, string[]> = {};
  for (const sec of rq.sections) {
    const name = `${ANSWER_PREFIX}${sec.id}`;
    out[name] = list(body[name]);
    if (sec.type === "SECTION_TYPE_DATE")
      for (const part of ["day", "month", "year"]) out[`${name}-${part}`] = list(body[`${name}-${part}`]);
  }
  return out;
}

/** A date answer's boxes: as typed, or from a stored YYYY-MM-DD answer. */
function dateParts(values: Record<string, string[]>, name: string) {
  const typed = (part: string) => values[`${name}-${part}`]?.[0];
  if (["day", "month", "year"].some((p) => typed(p) !== undefined))
    return { day: typed("day") ?? "", month: typed("month") ?? "", year: typed("year") ?? "" };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values[name]?.[0] ?? "");
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: "", month: "", year: "" };
}

const isoDate = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** The create form's fields in page order, with what to say when the service refuses each (GOV.UK wording). */
function createFormFields(questionCount: number): Record<string, FieldSpec> {
  const questions: Record<string, FieldSpec> = {};
  for (let i = 0; i < questionCount; i++) {
    questions[`q${i}_title`] = { message: `Enter question ${i + 1} in 3 characters or more` };
    questions[`q${i}_options`] = { message: `Give the options for question ${i + 1}, one per line` };
  }
  return {
    title: { message: "Enter a title of 5 characters or more" },
    issue: { message: "Describe the issue of concern in 10 characters or more" },
    addressees: { anchor: "addressees", message: "Select the partnerships that must report" },
    due: { anchor: "due-day", message: "Enter a due date in the future" },
    legalBasis: { message: "Select the legal basis" },
    s7: { message: "Record both findings under section 7(1A) for a formal requirement" },
    s7reasoning: { message: "Enter the reasoning for both findings" },
    s7manner: { message: "Say how the report will be published" },
    ...questions,
  };
}
