/**
 * The web service in real headless Chromium (Debian's `chromium-headless-shell`, driven by
 * playwright-core): an OPCC member creates a request to two CSPs; a CSP officer saves a draft,
 * uploads an attachment and submits; the OPCC returns it with a reason; the officer resubmits; the
 * OPCC accepts. Every page visited is checked with axe-core against WCAG 2.2 A/AA (screenshots:
 * test/support/browser.ts).
 */
import type { RunningService } from "@csp-mesh/kit";
import ical from "node-ical";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { GrantsConfig } from "../../services/grants/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { auditor, displayNameOf, launchBrowser, signIn as signInAs, textOf } from "../support/browser";
import {
  dropDatabase,
  isolation,
  startBesideDirectory,
  startDirectory,
  startGateway,
  startGrants,
} from "../support/mesh";

describe("web journey in a real browser", () => {
  const iso = isolation("web");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let notifier: RunningService<NotifierConfig>;
  let grants: RunningService<GrantsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let browser: Browser;
  let base: string;
  const { audit, failures: axeFailures } = auditor("web");

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    // Chromium launches while they start.
    [{ reports, meetings, assessments, notifier }, browser] = await Promise.all([
      startBesideDirectory(iso, directory, ["reports", "meetings", "assessments", "notifier"]),
      launchBrowser(),
    ]);
    grants = await startGrants(`${iso.db}_gr`, iso.topicPrefix, directory, {
      REPORTS_ADDRESS: `127.0.0.1:${reports.grpcPort}`,
      ASSESSMENTS_ADDRESS: `127.0.0.1:${assessments.grpcPort}`,
    });
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      NOTIFIER_ADDRESS: `127.0.0.1:${notifier.grpcPort}`,
      GRANTS_ADDRESS: `127.0.0.1:${grants.grpcPort}`,
    });
    base = `http://localhost:${gateway.httpPort}`;
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await dropDatabase(grants);
    await grants?.stop();
    await dropDatabase(notifier);
    await notifier?.stop();
    await dropDatabase(meetings);
    await meetings?.stop();
    await dropDatabase(assessments);
    await assessments?.stop();
    await dropDatabase(reports);
    await reports?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  const signIn = (person: string, at = base): Promise<{ context: BrowserContext; page: Page }> =>
    signInAs(browser, audit, at, person);

  test("OPCC creates, a CSP drafts and submits with an attachment, OPCC returns, CSP resubmits, OPCC accepts", async () => {
    // The OPCC member creates a request to two CSPs; invalid input first.
    const opcc = await signIn("opcc-staff-1");
    expect(await textOf(opcc.page.locator("#signed-in-as"))).toContain(
      "Office of the Kent Police and Crime Commissioner",
    );
    await opcc.page.getByRole("link", { name: "Report requests" }).click();
    await audit(opcc.page, "opcc-dashboard");
    await opcc.page.getByRole("button", { name: "Create a report request" }).click();
    await opcc.page
      .getByLabel("Issue of concern")
      .fill("Residents report e-scooters ridden on pavements in town centres.");
    await opcc.page.getByLabel("Maidstone Community Safety Partnership").check();
    await opcc.page.getByRole("button", { name: "Create request" }).click();
    // Error summary with links; what was typed is kept; nothing created.
    const summary = opcc.page.locator(".govuk-error-summary");
    await summary.waitFor({ state: "visible" });
    // Every problem in one round, each naming its field: the page's date check and the service's.
    const problems = await textOf(summary);
    expect(problems).toContain("Enter a title of 5 characters or more");
    expect(problems).toContain("Enter question 1 in 3 characters or more");
    expect(problems).toContain("Enter the due date");
    expect(await opcc.page.getByLabel("Issue of concern").inputValue()).toMatch(/e-scooters ridden on pavements/);
    expect(await opcc.page.getByLabel("Maidstone Community Safety Partnership").isChecked()).toBe(true);
    await audit(opcc.page, "create-request-errors");

    // Month 13 is not a real date (it used to roll over into the next year).
    await opcc.page.getByLabel("Day").fill("1");
    await opcc.page.getByLabel("Month").fill("13");
    await opcc.page.getByLabel("Year").fill(String(new Date().getFullYear() + 1));
    await opcc.page.getByRole("button", { name: "Create request" }).click();
    await summary.waitFor({ state: "visible" });
    expect(await textOf(summary)).toContain("Due date must be a real date");
    expect(await opcc.page.getByLabel("Month").inputValue()).toBe("13");

    // A title that would display differently from what was typed (U+202E) is refused, naming the field.
    await opcc.page.getByLabel("Title").fill("E-scooter nuisance\u202E in town centres");
    await opcc.page.getByRole("button", { name: "Create request" }).click();
    await summary.waitFor({ state: "visible" });
    expect(await textOf(summary)).toContain("Title must not contain bidirectional override or isolate characters");

    await opcc.page.getByLabel("Title").fill("E-scooter nuisance in town centres");
    await opcc.page.getByLabel("Dover Community Safety Partnership").check();
    const year = String(new Date().getFullYear() + 1);
    await opcc.page.getByLabel("Day").fill("27");
    await opcc.page.getByLabel("Month").fill("3");
    await opcc.page.getByLabel("Year").fill(year);
    await opcc.page.getByLabel("Question", { exact: true }).fill("Summary of the problem in your area");
    await opcc.page.getByRole("button", { name: "Add another question" }).click();
    await opcc.page.locator("#q1_title").fill("Incidents reported last quarter");
    await opcc.page.locator("#q1_type").selectOption("SECTION_TYPE_NUMBER");
    await opcc.page.getByRole("button", { name: "Add another question" }).click();
    await opcc.page.locator("#q2_title").fill("When residents first complained");
    await opcc.page.locator("#q2_type").selectOption("SECTION_TYPE_DATE");
    await opcc.page.locator("#q2_required").uncheck();
    await audit(opcc.page, "create-request-filled");
    await opcc.page.getByRole("button", { name: "Create request" }).click();
    expect(await textOf(opcc.page.locator(".govuk-panel"))).toContain("Report request created");
    // "Due by 5pm on that day", in London time (27 March is before the clocks go forward).
    expect(await textOf(opcc.page.locator("main"))).toContain(`5pm on 27 March ${year}`);
    const requestUrl = opcc.page.url().replace(/\?.*$/, "");
    await audit(opcc.page, "request-created");

    // The CSP officer sees it, acknowledges, saves a draft, uploads an attachment, submits.
    const csp = await signIn("maidstone-officer");
    // Home lists what is required of the partnership; the request is reached from there.
    expect(await textOf(csp.page.locator("#required"))).toContain("E-scooter nuisance in town centres");
    await csp.page.getByRole("link", { name: "E-scooter nuisance in town centres" }).click();
    await csp.page.getByRole("button", { name: "Acknowledge" }).click();
    expect((await textOf(csp.page.locator("#my-status"))).trim()).toBe("Acknowledged");
    await audit(csp.page, "csp-request");
    await csp.page.getByRole("button", { name: "Start your report" }).click();
    await csp.page
      .getByLabel("Summary of the problem in your area")
      .fill("Pavement riding around the high street at night.");
    // A date answer is a GOV.UK date input: 31 April is refused with GOV.UK's words, and kept as typed.
    await csp.page.locator("#a_q3-day").fill("31");
    await csp.page.locator("#a_q3-month").fill("4");
    await csp.page.locator("#a_q3-year").fill("2026");
    await csp.page.getByRole("button", { name: "Save draft" }).click();
    expect(await textOf(csp.page.locator(".govuk-error-summary"))).toContain(
      "When residents first complained must be a real date",
    );
    expect(await csp.page.locator("#a_q3-day").inputValue()).toBe("31");
    expect(await csp.page.getByLabel("Summary of the problem in your area").inputValue()).toMatch(/high street/);
    await audit(csp.page, "csp-date-error");
    await csp.page.locator("#a_q3-day").fill("3");
    await csp.page.getByRole("button", { name: "Save draft" }).click();
    expect(await textOf(csp.page.locator(".govuk-notification-banner"))).toContain("Your draft has been saved");
    expect(await csp.page.locator("#a_q3-day").inputValue()).toBe("3");
    await audit(csp.page, "csp-draft-saved");
    // Typed but not saved: adding a file must not lose it.
    await csp.page
      .getByLabel("Summary of the problem in your area")
      .fill("Pavement riding around the high street, mostly at night.");
    await csp.page.getByLabel("Add an attachment").setInputFiles({
      name: "wards.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("ward,incidents\nHigh Street,14\nBridge,3\n"),
    });
    await csp.page.getByRole("button", { name: "Add attachment", exact: true }).click();
    expect(await textOf(csp.page.locator("#attachments"))).toContain("wards.csv");
    expect(await csp.page.getByLabel("Summary of the problem in your area").inputValue()).toMatch(/mostly at night/);
    // An answer of the wrong type is refused, naming the question, and the rest is kept.
    await csp.page.getByLabel("Incidents reported last quarter").fill("lots");
    await csp.page.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(csp.page.locator(".govuk-error-summary"))).toContain("number");
    expect(await csp.page.getByLabel("Incidents reported last quarter").inputValue()).toBe("lots");
    await audit(csp.page, "csp-answer-error");
    await csp.page.getByLabel("Incidents reported last quarter").fill("17");
    await csp.page.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(csp.page.getByRole("heading", { level: 1 }))).toContain("Check your answers");
    expect(await textOf(csp.page.locator(".govuk-summary-list"))).toContain("wards.csv");
    await audit(csp.page, "csp-check-answers");
    await csp.page.getByRole("button", { name: "Submit report" }).click();
    expect(await textOf(csp.page.locator(".govuk-panel"))).toContain("Report submitted");
    await audit(csp.page, "csp-submitted");

    // The OPCC's home shows it awaiting review; a search by a word of its title finds it.
    await opcc.page.goto(`${base}/`);
    expect(await textOf(opcc.page.locator("#awaiting-review"))).toContain(
      "Maidstone Community Safety Partnership: E-scooter nuisance in town centres",
    );
    await audit(opcc.page, "opcc-home-awaiting-review");
    await opcc.page.goto(`${base}/requests`);
    await opcc.page.getByLabel("Search by words in the title or issue of concern").fill("scooters pavements");
    await opcc.page.getByRole("button", { name: "Search" }).click();
    expect(await textOf(opcc.page.locator("table"))).toContain("E-scooter nuisance in town centres");
    expect(await opcc.page.getByLabel("Search by words in the title or issue of concern").inputValue()).toBe(
      "scooters pavements",
    );
    await audit(opcc.page, "search-results");
    await opcc.page.goto(`${base}/requests?q=burglary`);
    expect(await opcc.page.locator("table").count()).toBe(0);
    expect(await textOf(opcc.page.locator("#no-results"))).toContain("No requests match");

    // The OPCC returns it with a reason.
    await opcc.page.goto(requestUrl);
    await opcc.page.getByRole("link", { name: "Review" }).click();
    expect(await textOf(opcc.page.locator(".govuk-summary-list"))).toContain("Pavement riding");
    await opcc.page.getByRole("link", { name: "wards.csv" }).waitFor({ state: "visible" });
    await audit(opcc.page, "opcc-review");
    await opcc.page.getByLabel("Return it to the partnership").check();
    await opcc.page.getByRole("button", { name: "Save decision" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain("Say why");
    await opcc.page.getByLabel("Return it to the partnership").check();
    await opcc.page.getByLabel("Why is it being returned?").fill("Please add the figures for each ward.");
    await opcc.page.getByRole("button", { name: "Save decision" }).click();
    expect(await textOf(opcc.page.locator("table").first())).toContain("Returned");
    // The history reads as English, with names and the reason given.
    const history = await textOf(
      opcc.page.locator("table", { has: opcc.page.locator("caption", { hasText: "History" }) }),
    );
    expect(history).toContain(
      "Priya Shah (demo) returned the report to Maidstone Community Safety Partnership. Reason given: Please add the figures for each ward.",
    );
    expect(history).toContain("Priya Shah (demo) created the request");
    expect(history).not.toContain("people/");

    // The officer sees the reason and resubmits.
    await csp.page.goto(requestUrl);
    expect((await textOf(csp.page.locator("#returned-reasons"))).trim()).toBe("Please add the figures for each ward.");
    await audit(csp.page, "csp-returned");
    await csp.page.getByRole("button", { name: "Start your report" }).click();
    expect(await csp.page.getByLabel("Incidents reported last quarter").inputValue()).toBe("17");
    await csp.page.getByLabel("Summary of the problem in your area").fill("High Street 14, Bridge 3: mostly at night.");
    await csp.page.getByRole("button", { name: "Continue" }).click();
    await csp.page.getByRole("button", { name: "Submit report" }).click();
    expect(await textOf(csp.page.locator(".govuk-panel"))).toContain("2");

    // The OPCC accepts version 2.
    await opcc.page.goto(requestUrl);
    await opcc.page.getByRole("link", { name: "Review" }).click();
    expect(await textOf(opcc.page.getByRole("heading", { level: 1 }))).toContain("version 2");
    // What the resubmission changed, word by word, announced in words as well as by style.
    const changes = opcc.page.locator("#changes");
    expect(await textOf(changes)).toContain("What changed since version 1");
    expect(await textOf(changes.locator("dl del").first())).toContain("Pavement");
    expect(await textOf(changes.locator("dl ins").first())).toContain("[added:");
    expect(await textOf(changes)).toContain("Bridge 3");
    await audit(opcc.page, "opcc-review-changes");
    await opcc.page.getByLabel("Accept the report").check();
    await opcc.page.getByRole("button", { name: "Save decision" }).click();
    expect(await textOf(opcc.page.locator("table").first())).toContain("Accepted");
    await audit(opcc.page, "opcc-accepted");

    // Every answer side by side, and as a spreadsheet (UTF-8 with a byte-order mark).
    await opcc.page.goto(requestUrl);
    await opcc.page.locator("#answers-link").click();
    const sideBySide = await textOf(opcc.page.locator("main"));
    expect(sideBySide).toContain("High Street 14, Bridge 3: mostly at night.");
    expect(sideBySide).toContain(displayNameOf("maidstone-officer"));
    expect(sideBySide).not.toContain("people/");
    await audit(opcc.page, "answers-side-by-side");
    const csv = await opcc.page.request.get(`${requestUrl}/answers.csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["content-disposition"]).toMatch(/answers-.*-OFFICIAL\.csv/);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("Maidstone Community Safety Partnership,Accepted,2,");
    expect(bytes.toString("utf8")).toContain(displayNameOf("maidstone-officer"));
    expect(bytes.toString("utf8")).not.toContain("people/");

    // The dashboard filters by state; the OPCC withdraws the request from Dover, which never answered.
    await opcc.page.goto(`${base}/requests?state=ADDRESSEE_STATE_ACCEPTED`);
    expect(await textOf(opcc.page.locator("table"))).toContain("E-scooter nuisance in town centres");
    await opcc.page.goto(`${base}/requests?state=ADDRESSEE_STATE_DRAFT`);
    expect(await opcc.page.locator("table").count()).toBe(0);
    await opcc.page.goto(requestUrl);
    await opcc.page.getByText("Withdraw this request").click();
    await opcc.page.locator("#withdraw-partner").selectOption("partners/csp-dover");
    await opcc.page.getByLabel("Why is it being withdrawn?").fill("Dover's figures are covered by the county report.");
    await opcc.page.getByRole("button", { name: "Withdraw", exact: true }).click();
    expect(await textOf(opcc.page.locator("table").first())).toContain("Withdrawn");
    await audit(opcc.page, "opcc-withdrawn");

    // Another CSP cannot reach Maidstone's request or its versions by editing the URL, nor find it.
    const other = await signIn("swale-officer");
    await other.page.goto(`${base}/requests?q=scooter`);
    expect(await other.page.locator("table").count()).toBe(0);
    const panel = await signIn("panel-member-1");
    expect(await textOf(panel.page.locator("#released"))).toContain("Nothing has been released");
    await panel.context.close();
    for (const url of [
      requestUrl,
      `${requestUrl}/submissions/csp-maidstone/versions/1`,
      `${requestUrl}/answers`,
      `${requestUrl}/answers.csv`,
    ]) {
      const response = await other.page.goto(url);
      expect(response?.status()).toBe(404);
    }
    await audit(other.page, "other-csp-404");

    await Promise.all([opcc.context.close(), csp.context.close(), other.context.close()]);
    expect(axeFailures).toEqual([]);
  });

  test("OPCC convenes a reg 14A meeting; a CSP declines and another accepts; non-compliance shows", async () => {
    axeFailures.length = 0;
    const opcc = await signIn("opcc-staff-1");
    await opcc.page.getByRole("link", { name: "Meetings" }).click();
    await audit(opcc.page, "opcc-meetings");
    await opcc.page.getByRole("button", { name: "Convene a meeting" }).click();
    // Everything wrong at once, each naming its field; nothing created.
    await opcc.page.getByLabel("Start time").fill("25:00");
    await opcc.page.getByRole("button", { name: "Send the invitations" }).click();
    const problems = await textOf(opcc.page.locator(".govuk-error-summary"));
    for (const text of [
      "Enter a title of 5 characters or more",
      "Describe the priority issues to discuss in 10 characters or more",
      "Enter the date of the meeting",
      "Start time must be a real time, for example 10am or 2:30pm",
      "Enter the end time",
      "Select the partnerships to invite",
    ])
      expect(problems).toContain(text);
    expect(await opcc.page.getByLabel("Start time").inputValue()).toBe("25:00");
    await audit(opcc.page, "convene-errors");

    const year = String(new Date().getFullYear() + 1);
    await opcc.page.getByLabel("Title").fill("County lines: priorities for the east");
    await opcc.page.getByLabel("Priority issues to discuss").fill("Joint response to county lines exploitation.");
    const date = opcc.page.getByRole("group", { name: "Date of the meeting" });
    await date.getByLabel("Day").fill("14");
    await date.getByLabel("Month").fill("7");
    await date.getByLabel("Year").fill(year);
    await opcc.page.getByLabel("Start time").fill("10am");
    await opcc.page.getByLabel("End time").fill("12pm");
    const due = opcc.page.getByRole("group", { name: "Answers due by" });
    await due.getByLabel("Day").fill("7");
    await due.getByLabel("Month").fill("7");
    await due.getByLabel("Year").fill(year);
    await opcc.page.getByLabel("Maidstone Community Safety Partnership").check();
    await opcc.page.getByLabel("Dover Community Safety Partnership").check();
    await opcc.page.getByRole("button", { name: "Send the invitations" }).click();
    expect(await textOf(opcc.page.locator(".govuk-panel"))).toContain("Invitations sent");
    // 10am on 14 July, London time (BST), shown as people read it.
    expect(await textOf(opcc.page.locator("main"))).toContain(`10am on 14 July ${year} to midday`);
    const meetingUrl = opcc.page.url().replace(/\?.*$/, "");
    await audit(opcc.page, "meeting-convened");

    // Dover declines without a reason first, then with one; the decline is non-compliance.
    const dover = await signIn("dover-officer");
    await dover.page.goto(`${base}/meetings`);
    await dover.page.getByRole("link", { name: "County lines: priorities for the east" }).click();
    await dover.page.getByLabel("No, we cannot attend").check();
    await dover.page.getByRole("button", { name: "Send your answer" }).click();
    expect(await textOf(dover.page.locator(".govuk-error-summary"))).toContain(
      "Say why your partnership cannot attend",
    );
    expect(await dover.page.getByLabel("No, we cannot attend").isChecked()).toBe(true);
    await audit(dover.page, "respond-errors");
    await dover.page.getByLabel("If you cannot attend, why not?").fill("Our chair is at a court hearing that day.");
    await dover.page.getByRole("button", { name: "Send your answer" }).click();
    expect((await textOf(dover.page.locator("#my-answer"))).trim()).toBe("Not attending");
    expect(await textOf(dover.page.locator(".govuk-warning-text"))).toContain("non-compliance");
    await audit(dover.page, "respond-declined");
    const ics = await dover.page.request.get(`${meetingUrl}/calendar.ics`);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VEVENT");

    const maidstone = await signIn("maidstone-officer");
    await maidstone.page.goto(meetingUrl);
    await maidstone.page.getByLabel("Yes, our representative will attend").check();
    await maidstone.page.getByLabel("Who will attend").fill("Morgan Clarke, community safety manager");
    await maidstone.page.getByRole("button", { name: "Send your answer" }).click();
    expect((await textOf(maidstone.page.locator("#my-answer"))).trim()).toBe("Attending");

    // The OPCC sees every answer, the decline marked as non-compliance; Swale was not invited.
    await opcc.page.goto(meetingUrl);
    const answers = await textOf(
      opcc.page.locator("table", { has: opcc.page.locator("caption", { hasText: "Answers from the partnerships" }) }),
    );
    expect(answers).toContain("Not attending");
    expect(answers).toContain("Non-compliance");
    expect(answers).toContain("Morgan Clarke");
    await audit(opcc.page, "meeting-answers");
    const swale = await signIn("swale-officer");
    expect((await swale.page.goto(meetingUrl))?.status()).toBe(404);

    await Promise.all([opcc.context.close(), dover.context.close(), maidstone.context.close(), swale.context.close()]);
    expect(axeFailures).toEqual([]);
  });

  test("running a meeting: agenda, papers and packs, attendance, minutes with comments, actions, calendar feed, panel", async () => {
    axeFailures.length = 0;
    const year = new Date().getFullYear() + 1;
    const opcc = await signIn("opcc-staff-1");
    await opcc.page.goto(`${base}/meetings/new`);
    await opcc.page.getByLabel("Title").fill("Serious violence: the summer plan");
    await opcc.page.getByLabel("Priority issues to discuss").fill("Serious violence in town centres over the summer.");
    const date = opcc.page.getByRole("group", { name: "Date of the meeting" });
    await date.getByLabel("Day").fill("3");
    await date.getByLabel("Month").fill("6");
    await date.getByLabel("Year").fill(String(year));
    await opcc.page.getByLabel("Start time").fill("2pm");
    await opcc.page.getByLabel("End time").fill("4pm");
    const due = opcc.page.getByRole("group", { name: "Answers due by" });
    await due.getByLabel("Day").fill("27");
    await due.getByLabel("Month").fill("5");
    await due.getByLabel("Year").fill(String(year));
    await opcc.page.getByLabel("Maidstone Community Safety Partnership").check();
    await opcc.page.getByLabel("Dover Community Safety Partnership").check();
    await opcc.page.getByRole("button", { name: "Send the invitations" }).click();
    const meetingUrl = opcc.page.url().replace(/\?.*$/, "");
    const id = meetingUrl.split("/").pop() as string;

    // The agenda builder: an item too short is refused with what was typed kept; then published.
    await opcc.page.getByRole("link", { name: "Build the agenda" }).click();
    await audit(opcc.page, "agenda-builder");
    await opcc.page.getByLabel("Title (leave empty to add nothing)").fill("No");
    await opcc.page.getByRole("button", { name: "Save and publish to invitees" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain(
      "Give the item a title of 3 characters or more",
    );
    expect(await opcc.page.getByLabel("Title (leave empty to add nothing)").inputValue()).toBe("No");
    await audit(opcc.page, "agenda-errors");
    await opcc.page.getByLabel("Title (leave empty to add nothing)").fill("Town centre violence: the picture");
    await opcc.page.getByLabel("Presented by").selectOption({ label: "Maidstone Community Safety Partnership" });
    await opcc.page.getByRole("button", { name: "Save and publish to invitees" }).click();
    expect(await textOf(opcc.page.locator("#agenda + p"))).toContain("Version 1");
    expect(await textOf(opcc.page.locator("main"))).toContain("Town centre violence: the picture");

    // Papers: one for everyone, one OFFICIAL-SENSITIVE for Maidstone only; a missing file is refused.
    await opcc.page.getByRole("link", { name: "Add a paper" }).click();
    await opcc.page.getByLabel("Title of the paper").fill("Town centre figures");
    await opcc.page.getByRole("button", { name: "Add the paper" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain("Select a file to add");
    expect(await opcc.page.getByLabel("Title of the paper").inputValue()).toBe("Town centre figures");
    await audit(opcc.page, "paper-errors");
    const pdf = (words: string) => ({
      name: "paper.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(`%PDF-1.7\n% ${words}\n%%EOF\n`),
    });
    await opcc.page.getByLabel("File").setInputFiles(pdf("figures"));
    await opcc.page.getByRole("button", { name: "Add the paper" }).click();
    await opcc.page.getByRole("link", { name: "Add a paper" }).click();
    await opcc.page.getByLabel("Title of the paper").fill("Named young people at risk");
    await opcc.page.getByLabel("OFFICIAL-SENSITIVE").check();
    await opcc.page.getByLabel("Maidstone Community Safety Partnership").check();
    await opcc.page.getByLabel("File").setInputFiles(pdf("named"));
    await opcc.page.getByRole("button", { name: "Add the paper" }).click();
    const papersOpcc = await textOf(
      opcc.page.locator("table", { has: opcc.page.locator("caption", { hasText: "Papers you may see" }) }),
    );
    expect(papersOpcc).toContain("Town centre figures");
    expect(papersOpcc).toContain("Named young people at risk");
    await audit(opcc.page, "meeting-papers");

    // Dover sees the agenda and the open paper only; its pack is a ZIP.
    const dover = await signIn("dover-officer");
    await dover.page.goto(meetingUrl);
    const doverMain = await textOf(dover.page.locator("main"));
    expect(doverMain).toContain("Town centre violence: the picture");
    expect(doverMain).toContain("Town centre figures");
    expect(doverMain).not.toContain("Named young people at risk");
    const pack = await dover.page.request.get(`${meetingUrl}/papers-pack.zip`);
    expect(pack.headers()["content-type"]).toContain("application/zip");
    expect((await pack.body()).subarray(0, 2).toString()).toBe("PK");
    await audit(dover.page, "meeting-csp-papers");

    // Moving the meeting needs a reason; cancelling is one page away.
    await opcc.page.goto(`${meetingUrl}/reschedule`);
    await opcc.page.getByRole("button", { name: "Move the meeting" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain("Say why the meeting is moving");
    await audit(opcc.page, "reschedule-errors");
    await opcc.page.getByLabel("Start time").fill("3pm");
    await opcc.page.getByLabel("End time").fill("5pm");
    await opcc.page.getByLabel("Why is the meeting moving?").fill("The chief constable can join at 3pm.");
    await opcc.page.getByRole("button", { name: "Move the meeting" }).click();
    expect(await textOf(opcc.page.locator("main"))).toContain("The chief constable can join at 3pm.");
    await opcc.page.goto(`${meetingUrl}/cancel`);
    await audit(opcc.page, "cancel-page");

    // The meeting takes place (its start moved into the past: the test cannot wait until June).
    await meetings.kit.mongo.db
      .collection<{ _id: string }>("meetings")
      .updateOne({ _id: `meetings/${id}` }, { $set: { start: new Date(Date.now() - 60_000), responsesOpen: false } });
    await opcc.page.goto(meetingUrl);
    await opcc.page.getByRole("link", { name: "Record who attended" }).click();
    await audit(opcc.page, "attendance");
    const maidstoneSet = opcc.page.getByRole("group", { name: "Maidstone Community Safety Partnership" });
    await maidstoneSet.getByLabel("Present").check();
    await maidstoneSet.getByLabel("Who attended (name and role)").fill("Morgan Clarke");
    await opcc.page.getByRole("group", { name: "Dover Community Safety Partnership" }).getByLabel("Apologies").check();
    await opcc.page.getByRole("button", { name: "Record attendance" }).click();
    expect(await textOf(opcc.page.locator("main"))).toContain("Morgan Clarke");

    await opcc.page.getByRole("link", { name: "Write the minutes" }).click();
    await opcc.page.getByRole("button", { name: "Save and circulate for comment" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain("Write the minutes");
    await audit(opcc.page, "minutes-errors");
    await opcc.page.getByLabel("Minutes", { exact: true }).fill("Partners agreed a summer plan for town centres.");
    await opcc.page.getByLabel("Decisions").fill("Summer plan agreed\nJoint patrols in Maidstone");
    await opcc.page.getByRole("button", { name: "Save and circulate for comment" }).click();

    // Maidstone attended: it comments (an empty comment is refused first).
    const maidstone = await signIn("maidstone-officer");
    await maidstone.page.goto(meetingUrl);
    await maidstone.page.getByRole("button", { name: "Send the comment" }).click();
    expect(await textOf(maidstone.page.locator(".govuk-error-summary"))).toContain("Write your comment");
    await audit(maidstone.page, "comment-errors");
    await maidstone.page
      .getByLabel("Comment on the draft minutes")
      .fill("Please add that Maidstone leads the patrols.");
    await maidstone.page.getByRole("button", { name: "Send the comment" }).click();
    expect(await textOf(maidstone.page.locator(".govuk-panel"))).toContain("Comment sent");
    expect(await textOf(maidstone.page.locator("main"))).toContain("Named young people at risk");
    await audit(maidstone.page, "meeting-csp-minutes");

    await opcc.page.goto(`${meetingUrl}/minutes`);
    expect(await textOf(opcc.page.locator("main"))).toContain("Please add that Maidstone leads the patrols.");
    await audit(opcc.page, "minutes-comments");
    await opcc.page.getByRole("button", { name: "Save and approve the minutes" }).click();
    expect(await textOf(opcc.page.locator("main"))).toContain("Minutes (approved)");

    // An action for Maidstone, then its progress from "my actions".
    await opcc.page.getByRole("link", { name: "Give an action" }).click();
    await opcc.page.getByRole("button", { name: "Give the action" }).click();
    expect(await textOf(opcc.page.locator(".govuk-error-summary"))).toContain(
      "Choose the partnership that owns the action",
    );
    await audit(opcc.page, "action-errors");
    await opcc.page.getByLabel("Owned by").selectOption({ label: "Maidstone Community Safety Partnership" });
    await opcc.page.getByLabel("What is to be done").fill("Plan joint patrols for the summer");
    const dueBy = opcc.page.getByRole("group", { name: "Due by" });
    await dueBy.getByLabel("Day").fill("1");
    await dueBy.getByLabel("Month").fill("7");
    await dueBy.getByLabel("Year").fill(String(year));
    await opcc.page.getByRole("button", { name: "Give the action" }).click();
    await audit(opcc.page, "action-page-opcc");

    await maidstone.page.getByRole("link", { name: "Actions" }).click();
    await audit(maidstone.page, "my-actions");
    await maidstone.page.getByRole("link", { name: "Plan joint patrols for the summer" }).click();
    await maidstone.page.getByLabel("It is dropped").check();
    await maidstone.page.getByRole("button", { name: "Save" }).click();
    expect(await textOf(maidstone.page.locator(".govuk-error-summary"))).toContain("Say why the action is dropped");
    expect(await maidstone.page.getByLabel("It is dropped").isChecked()).toBe(true);
    await audit(maidstone.page, "action-errors-csp");
    await maidstone.page.getByLabel("What progress has been made?").fill("Patrol plan agreed with Kent Police.");
    await maidstone.page.getByLabel("Yes, it is done").check();
    await maidstone.page.getByRole("button", { name: "Save" }).click();
    expect(await textOf(maidstone.page.locator(".govuk-summary-list"))).toContain("Done");

    // The calendar feed: issued, read by a calendar parser without signing in, then revoked.
    await maidstone.page.goto(`${base}/calendar-feed`);
    await audit(maidstone.page, "calendar-feed");
    await maidstone.page.getByRole("button", { name: "Issue a feed address" }).click();
    const feedUrl = /(http\S+\.ics)/.exec(await textOf(maidstone.page.locator(".govuk-inset-text")))?.[1] as string;
    await audit(maidstone.page, "calendar-feed-issued");
    const feed = await fetch(feedUrl);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    const parsed = Object.values(ical.sync.parseICS(await feed.text())).filter((c) => c?.type === "VEVENT");
    expect(parsed.map((e) => (e as { summary: string }).summary)).toContain("Serious violence: the summer plan");
    await maidstone.page.goto(`${base}/calendar-feed`);
    await maidstone.page.getByRole("button", { name: "Revoke the feed" }).click();
    expect((await fetch(feedUrl)).status).toBe(404);

    // The panel: the approved OFFICIAL minutes and only the paper every invitee could see.
    const panel = await signIn("panel-member-1");
    await panel.page.getByRole("link", { name: "Meetings" }).click();
    await panel.page.getByRole("link", { name: "Serious violence: the summer plan" }).click();
    const panelMain = await textOf(panel.page.locator("main"));
    expect(panelMain).toContain("Partners agreed a summer plan for town centres.");
    expect(panelMain).toContain("Town centre figures");
    expect(panelMain).not.toContain("Named young people at risk");
    await audit(panel.page, "meeting-panel");

    await Promise.all([opcc.context.close(), dover.context.close(), maidstone.context.close(), panel.context.close()]);
    expect(axeFailures).toEqual([]);
  });

  test("a joint strategic assessment: the OPCC opens a cycle, a CSP contributes, review, compiled picture, edition, s.10, panel", async () => {
    axeFailures.length = 0;
    const opcc = await signIn("opcc-staff-1");
    await opcc.page.getByRole("link", { name: "Assessments" }).click();
    await audit(opcc.page, "assessments-opcc");
    await opcc.page.getByRole("button", { name: "Open a cycle" }).click();
    // Everything wrong at once, each naming its field.
    await opcc.page.getByRole("button", { name: "Open the cycle" }).click();
    const problems = await textOf(opcc.page.locator(".govuk-error-summary"));
    for (const text of ["Enter the financial year, such as 2026/27", "Enter a title of 5 characters or more"])
      expect(problems).toContain(text);
    await audit(opcc.page, "open-cycle-errors");
    await opcc.page.getByLabel("Financial year").fill("2026/27");
    await opcc.page.getByLabel("Title").fill("Kent and Medway strategic assessment");
    await opcc.page.getByLabel("Day").fill("30");
    await opcc.page.getByLabel("Month").fill("6");
    await opcc.page.getByLabel("Year", { exact: true }).fill(String(new Date().getFullYear() + 1));
    await opcc.page.getByLabel("All active community safety partnerships").uncheck();
    await opcc.page.getByLabel("Maidstone Community Safety Partnership").check();
    await opcc.page.getByLabel("Dover Community Safety Partnership").check();
    await opcc.page.getByRole("button", { name: "Open the cycle" }).click();
    await opcc.page.waitForURL(/\/assessments\/a-/);
    const cycleUrl = opcc.page.url();
    expect(await textOf(opcc.page.locator("table").first())).toContain("Not started");
    await audit(opcc.page, "cycle-opcc");

    // The Maidstone officer ranks two priorities (one emerging), gives an indicator and submits.
    const csp = await signIn("maidstone-officer");
    // Home says what the partnership owes.
    expect(await textOf(csp.page.locator("#assessments-owed"))).toContain("Kent and Medway strategic assessment");
    await csp.page.getByRole("link", { name: "Assessments" }).click();
    await audit(csp.page, "assessments-csp");
    await csp.page.getByRole("link", { name: "Kent and Medway strategic assessment" }).click();
    await csp.page.getByRole("button", { name: "Work on your contribution" }).click();
    await audit(csp.page, "contribution-form");
    await csp.page.locator("#p1-theme").selectOption("VAWG");
    await csp.page.locator("#p1-rationale").fill("Reports of stalking doubled in the town centre.");
    await csp.page.locator("#p2-theme").selectOption("EMERGING");
    await csp.page.locator("#p2-emerging").fill("Vape sales to children");
    // The emerging issue has no reason yet and a value is not a number: the page's check and the
    // service's come back together, each naming its field.
    await csp.page.locator("#i-TOTAL-CRIME-value").fill("lots");
    await csp.page.getByRole("button", { name: "Save and continue" }).click();
    const contributionProblems = await textOf(csp.page.locator(".govuk-error-summary"));
    expect(contributionProblems).toContain("Priority 2, why");
    expect(contributionProblems).toContain("Enter total recorded crime as a number");
    expect(await csp.page.locator("#p2-emerging").inputValue()).toBe("Vape sales to children");
    await audit(csp.page, "contribution-errors");
    await csp.page.locator("#p2-rationale").fill("Trading standards seizures rose sharply.");
    await csp.page.locator("#i-TOTAL-CRIME-value").fill("12,400");
    await csp.page.locator("#i-TOTAL-CRIME-period").fill("2025/26");
    await csp.page.locator("#i-TOTAL-CRIME-source").fill("Kent Police recorded crime");
    await csp.page.getByLabel("Resident population of the area").fill("180000");
    await csp.page.getByLabel("Summary of the assessment").fill("Violence against women and girls leads.");
    await csp.page.getByRole("button", { name: "Save and continue" }).click();
    await csp.page.waitForURL(/\/contribution\/check$/);
    expect(await textOf(csp.page.locator(".govuk-summary-list"))).toContain("Vape sales to children (emerging issue)");
    await audit(csp.page, "contribution-check");
    await csp.page.getByRole("button", { name: "Submit the contribution" }).click();
    await csp.page.waitForURL(/submitted=1/);
    expect(await textOf(csp.page.locator(".govuk-panel"))).toContain("Contribution submitted");
    await audit(csp.page, "contribution-submitted");

    // The OPCC sees it waiting on its home page, reviews and accepts it; the compiled picture shows who said what.
    await opcc.page.goto(`${base}/`);
    expect(await textOf(opcc.page.locator("#contributions-to-review"))).toContain(
      "Maidstone Community Safety Partnership: Kent and Medway strategic assessment",
    );
    await opcc.page.goto(cycleUrl);
    await opcc.page.getByRole("link", { name: "Maidstone Community Safety Partnership" }).click();
    await audit(opcc.page, "contribution-review");
    await opcc.page.getByRole("button", { name: "Accept it" }).click();
    await opcc.page.waitForURL(/\/contributions\/csp-maidstone$/);
    expect(await textOf(opcc.page.locator(".govuk-summary-list"))).toContain("Accepted");
    await opcc.page.goto(`${cycleUrl}/compilation`);
    for (let i = 0; i < 50 && !(await opcc.page.getByRole("button", { name: "Publish this edition" }).count()); i++) {
      await opcc.page.waitForTimeout(200);
      await opcc.page.reload();
    }
    const picture = await textOf(opcc.page.locator("table").first());
    expect(picture).toContain("Violence against women and girls");
    expect(picture).toContain("Maidstone Community Safety Partnership (1, v1)");
    expect(await textOf(opcc.page.locator("main"))).toContain("Dover Community Safety Partnership");
    await audit(opcc.page, "compilation");
    await opcc.page.getByLabel("Note for readers (optional)").fill("First edition for the panel.");
    await opcc.page.getByRole("button", { name: "Publish this edition" }).click();
    await opcc.page.waitForURL(/\/editions\/1\?published=1$/);
    await audit(opcc.page, "edition");
    await opcc.page.getByRole("link", { name: "Printable page with chart" }).click();
    await opcc.page.waitForURL(/export\.html$/);
    expect(await opcc.page.locator("svg[role=img]").count()).toBe(1);
    expect(await textOf(opcc.page.locator("#priority-scores"))).toContain("Vape sales to children");
    await audit(opcc.page, "edition-chart");

    // s.10: the OPCC records how the plan had regard to Maidstone's first priority.
    await opcc.page.goto(`${cycleUrl}/contributions/csp-maidstone`);
    await opcc.page.getByLabel("How the plan took it into account").fill("Objective 2 funds a stalking advocate.");
    await opcc.page.getByLabel("Plan objective (optional)").fill("Objective 2: tackle VAWG");
    await opcc.page.getByRole("button", { name: "Record the response" }).click();
    await opcc.page.waitForURL(/\/contributions\/csp-maidstone$/);
    await audit(opcc.page, "s10-recorded");
    await csp.page.goto(cycleUrl);
    expect(await textOf(csp.page.locator("main"))).toContain("Objective 2 funds a stalking advocate.");
    await audit(csp.page, "cycle-csp-responses");

    // The panel reads the published edition.
    const panel = await signIn("panel-member-1");
    expect(await textOf(panel.page.locator("#assessment-editions"))).toContain("edition 1");
    await panel.page.getByRole("link", { name: "Assessments" }).click();
    await audit(panel.page, "editions-panel");
    await panel.page.getByRole("link", { name: "Kent and Medway strategic assessment" }).click();
    expect(await textOf(panel.page.locator("table").first())).toContain("Violence against women and girls");
    await audit(panel.page, "edition-panel");
    // The event API's readable page (no sign-in needed, like the REST API's).
    await panel.page.goto(`${base}/event-api`);
    expect(await textOf(panel.page.locator("main"))).toContain("assessment.edition-published");
    await audit(panel.page, "event-api");
    await Promise.all([opcc.context.close(), csp.context.close(), panel.context.close()]);
    expect(axeFailures).toEqual([]);
  });

  test("email settings: a CSP officer chooses a daily summary from the link beside Sign out; it is kept", async () => {
    axeFailures.length = 0;
    const { context, page } = await signIn("maidstone-officer");
    await page.getByRole("link", { name: "Email settings" }).click();
    await page.waitForURL(/\/email-settings$/);
    expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("Email settings");
    expect(await textOf(page.locator(".govuk-summary-list"))).toContain("community.safety@maidstone.example");
    expect(await page.getByLabel("Each email as it happens").isChecked()).toBe(true);
    await audit(page, "email-settings");
    await page.getByLabel("One summary email a day").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/email-settings\?saved=1$/);
    expect(await textOf(page.locator(".govuk-panel"))).toContain("Email settings saved");
    await audit(page, "email-settings-saved");
    await page.goto(`${base}/email-settings`);
    expect(await page.getByLabel("One summary email a day").isChecked()).toBe(true);
    await context.close();
    expect(axeFailures).toEqual([]);
  });

  test("the timeout warning: shown before the idle limit; 'stay signed in' keeps the session; then it says signed out", async () => {
    axeFailures.length = 0;
    // An 8 s idle limit, so the warning (half the limit when that is under 2 minutes) comes after 4 s.
    const short = await startGateway(`${iso.db}_g2`, iso.topicPrefix, directory, reports, meetings, assessments, {
      SESSION_IDLE_TIMEOUT_SECONDS: "8",
    });
    try {
      const { context, page } = await signIn("opcc-staff-1", `http://localhost:${short.httpPort}`);
      const dialog = page.locator("#app-timeout-warning");
      await dialog.waitFor({ state: "visible", timeout: 10_000 });
      expect(await textOf(dialog)).toContain("about to be signed out");
      expect(await textOf(dialog)).toMatch(/sign you out in \d+ seconds?/);
      expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("app-timeout-stay");
      await audit(page, "timeout-warning");
      await page.getByRole("button", { name: "Stay signed in" }).click();
      await dialog.waitFor({ state: "hidden" });
      // Left alone, it warns again and then says the session has ended, leaving the page as it was.
      await page.locator("#app-timeout-title", { hasText: "You have been signed out" }).waitFor({ timeout: 20_000 });
      await audit(page, "timeout-signed-out");
      await page.getByRole("button", { name: "Close" }).click();
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("What needs you now");
      expect((await page.goto(`http://localhost:${short.httpPort}/requests`))?.url()).toMatch(/\/sign-in$/);
      await context.close();
      expect(axeFailures).toEqual([]);
    } finally {
      await dropDatabase(short);
      await short.stop();
    }
  });
});
