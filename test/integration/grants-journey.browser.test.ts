/**
 * Grants in real headless Chromium, the whole way as a new user would go: the OPCC publishes the
 * Police and Crime Plan and a new version, opens the Crime Reduction Grant with an allocation to
 * every partnership; a CSP officer submits a business case of two projects linked to a plan
 * objective and an assessment priority; the OPCC returns it and the officer resubmits; two people
 * score it while a third declares a conflict; an award is made and its letter read; the chair
 * accepts; tranches are proposed and approved by two people and paid; the mid-year and year-end
 * monitoring returns go through the reports service; the award is closed and the underspend repaid;
 * the money and outcomes and the public register (and its 360Giving JSON) show it. Every page is
 * checked with axe-core (test/support/browser.ts). Its own file, so it runs beside the other journey.
 */
import type { RunningService } from "@csp-mesh/kit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { GrantsConfig } from "../../services/grants/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { auditor, launchBrowser, signIn as signInAs, textOf } from "../support/browser";
import {
  call,
  clients,
  dropDatabase,
  isolation,
  startBesideDirectory,
  startDirectory,
  startGateway,
  startGrants,
  signIn as tokenFor,
} from "../support/mesh";

describe("grants in a real browser", () => {
  const iso = isolation("grantsweb");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let grants: RunningService<GrantsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let browser: Browser;
  let base: string;
  const { audit, failures: axeFailures } = auditor("grants");
  const signIn = (person: string): Promise<{ context: BrowserContext; page: Page }> =>
    signInAs(browser, audit, base, person);

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    ({ reports, meetings, assessments } = await startBesideDirectory(iso, directory, [
      "reports",
      "meetings",
      "assessments",
    ]));
    grants = await startGrants(`${iso.db}_gr`, iso.topicPrefix, directory, {
      REPORTS_ADDRESS: `127.0.0.1:${reports.grpcPort}`,
      ASSESSMENTS_ADDRESS: `127.0.0.1:${assessments.grpcPort}`,
    });
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      GRANTS_ADDRESS: `127.0.0.1:${grants.grpcPort}`,
    });
    base = `http://localhost:${gateway.httpPort}`;
    browser = await launchBrowser();
    // Maidstone's joint strategic assessment cycle: its priorities are what a business case answers.
    const opcc = await tokenFor(clients(directory.grpcPort).identity, "people/opcc-staff-1");
    await call(
      clients(assessments.grpcPort).assessments,
      "OpenCycle",
      {
        cycle: {
          year: "2026/27",
          title: "Kent and Medway strategic assessment",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 60 * 86_400), nanos: 0 },
          partners: ["partners/csp-maidstone"],
          compileFrom: "COMPILE_FROM_SUBMITTED",
          classification: "CLASSIFICATION_OFFICIAL",
        },
      },
      opcc,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    for (const s of [grants, assessments, meetings, reports, directory]) {
      if (!s) continue;
      await dropDatabase(s);
      await s.stop();
    }
  });

  test("the whole way: programme, business case returned and resubmitted, scored, awarded, accepted, paid, monitored, closed, published", async () => {
    axeFailures.length = 0;
    const closes = new Date(Date.now() + 30 * 86_400_000);
    const opcc = await signIn("opcc-staff-1");
    const p = opcc.page;
    await p.getByRole("link", { name: "Grants", exact: true }).click();
    await p.waitForURL(/\/grants$/);
    await audit(p, "grants");
    // The OPCC publishes the Police and Crime Plan, then a second version with one more objective.
    await p.getByRole("button", { name: "Publish a plan" }).click();
    await p.getByRole("button", { name: "Publish the plan" }).click();
    expect(await textOf(p.locator(".govuk-error-summary"))).toContain("Enter at least one objective");
    await audit(p, "plan-new-errors");
    await p.locator("#title").fill("Making Kent Safer");
    await p.locator("#period").fill("2025-2029");
    await p.locator("#o1-code").fill("VAWG");
    await p.locator("#o1-title").fill("Tackle violence against women and girls");
    await p.getByRole("button", { name: "Publish the plan" }).click();
    await p.waitForURL(/\/grants\/plans\/making-kent-safer$/);
    await p.getByRole("button", { name: "Publish a new version" }).click();
    expect(await p.locator("#o1-code").getAttribute("readonly")).not.toBeNull();
    await p.locator("#o2-code").fill("ASB");
    await p.locator("#o2-title").fill("Prevent anti-social behaviour");
    await audit(p, "plan-new-version");
    await p.getByRole("button", { name: "Publish this version" }).click();
    await p.waitForURL(/\/grants\/plans\/making-kent-safer$/);
    expect(await textOf(p.getByRole("table").first())).toContain("Prevent anti-social behaviour");
    await audit(p, "grant-plan");
    await p.goto(`${base}/grants`);
    await p.getByRole("button", { name: "Draft a programme" }).click();
    await p.waitForURL(/\/grants\/programmes\/new$/);
    await audit(p, "grant-programme-new");
    // An allocation to every partnership: £5,000 each, Maidstone £36,000; the budget is their sum.
    const boxes = p.locator('input[id^="allocation-"]');
    const partnerships = await boxes.count();
    expect(partnerships).toBeGreaterThan(10);
    for (let i = 0; i < partnerships; i++) await boxes.nth(i).fill("5,000");
    const budget = (partnerships - 1) * 5_000 + 36_000;
    await p.getByLabel("Financial year").fill("2027/28");
    await p.getByLabel("Title").fill("Crime Reduction Grant 2027/28");
    await p.getByLabel("An allocation to named partnerships").check();
    await p.getByLabel("Budget").fill(`£${budget.toLocaleString("en-GB")}.00`);
    await p.getByLabel("Tackle violence against women and girls (Making Kent Safer)").check();
    const today = new Date();
    const day = (prefix: string, d: Date) => ({
      [`#${prefix}-day`]: String(d.getUTCDate()),
      [`#${prefix}-month`]: String(d.getUTCMonth() + 1),
      [`#${prefix}-year`]: String(d.getUTCFullYear()),
    });
    const fillDate = async (page: Page, prefix: string, d: Date) => {
      for (const [sel, v] of Object.entries(day(prefix, d))) await page.locator(sel).fill(v);
    };
    await fillDate(p, "opens", today);
    await fillDate(p, "closes", closes);
    // A typing slip first: the form says what is wrong and keeps everything typed.
    await p.getByLabel("Maidstone Community Safety Partnership").fill("36,000.5");
    await p.getByRole("button", { name: "Save as a draft" }).click();
    expect(await textOf(p.locator(".govuk-error-summary"))).toContain(
      "Enter an amount in pounds and pence, like £1,250.00",
    );
    expect(await p.getByLabel("Dover Community Safety Partnership").inputValue()).toBe("5,000");
    await audit(p, "grant-programme-new-errors");
    await p.getByLabel("Maidstone Community Safety Partnership").fill("36,000");
    await p.getByRole("button", { name: "Save as a draft" }).click();
    await p.waitForURL(/\/grants\/programmes\/crime-reduction-grant-2027-28$/);
    const terms = await textOf(p.locator(".govuk-summary-list"));
    expect(terms).toContain(`£${budget.toLocaleString("en-GB")}.00`);
    // Allocated in full: nothing left unallocated.
    expect(terms).toContain("£0.00");
    await audit(p, "grant-programme-draft");
    await p.getByRole("button", { name: "Open the programme" }).click();
    await p.waitForURL(/\/grants\/programmes\/crime-reduction-grant-2027-28$/);
    expect(await textOf(p.locator(".govuk-summary-list"))).toContain("Open");
    await audit(p, "grant-programme-open");
    const programmeUrl = `${base}/grants/programmes/crime-reduction-grant-2027-28`;
    const caseUrl = `${programmeUrl}/applications/csp-maidstone`;

    // The Maidstone officer reads the allocation and submits a business case of two projects, each
    // linked to the plan's objective and the assessment's priority.
    const officer = await signIn("maidstone-officer");
    const o = officer.page;
    await o.getByRole("link", { name: "Grants", exact: true }).click();
    await o.getByRole("link", { name: "Crime Reduction Grant 2027/28" }).click();
    const allocations = await textOf(o.getByRole("table").first());
    expect(allocations).toContain("Maidstone Community Safety Partnership");
    expect(allocations).toContain("£36,000.00");
    expect(await o.getByRole("button", { name: "Close the programme" }).count()).toBe(0);
    await audit(o, "grant-programme-officer");
    await o.getByRole("button", { name: "Start your business case" }).click();
    await audit(o, "business-case-form");
    const project = async (n: number, title: string, cost: string, measure: string) => {
      await o.locator(`#p${n}-title`).fill(title);
      await o.locator(`#p${n}-summary`).fill(`${title}: what it does and where`);
      await o.locator(`#p${n}-l1-desc`).fill("Coordinator");
      await o.locator(`#p${n}-l1-amount`).fill(cost);
      await o.locator(`#p${n}-m1-title`).fill(measure);
      await o.locator(`#p${n}-m1-unit`).selectOption("MEASURE_UNIT_COUNT");
      await o.locator(`#p${n}-m1-baseline`).fill("40");
      await o.locator(`#p${n}-m1-target`).fill("30");
      await o.locator(`input[name="p${n}-objectives"]`).first().check();
      await o.locator(`input[name="p${n}-priorities"]`).first().check();
    };
    await project(1, "Street pastors", "£24,000.00", "Repeat victims");
    await project(2, "Youth diversion", "£12,000.00", "Young people reached");
    await o.locator('input[name="conflict"][value="no"]').check();
    await o.locator('input[name="police"][value="no"]').check();
    await o.locator("#narrative").fill("Two projects for the partnership's assessed priorities.");
    await o.getByRole("button", { name: "Save and continue" }).click();
    await o.waitForURL(/\/apply\/check$/);
    await audit(o, "business-case-check");
    await o.getByRole("button", { name: "Submit the business case" }).click();
    expect(await textOf(o.locator(".govuk-panel"))).toContain("Business case submitted");
    await audit(o, "business-case-submitted");

    // The OPCC returns it with reasons; the officer revises and resubmits.
    await p.goto(caseUrl);
    await audit(p, "business-case-review");
    await p.getByLabel("Return it with reasons").check();
    await p.getByLabel("Reasons (needed to return it)").fill("Please cost the youth diversion sessions.");
    await p.getByRole("button", { name: "Record the review" }).click();
    expect(await textOf(p.locator("main"))).toContain("Please cost the youth diversion sessions.");
    await o.goto(`${programmeUrl}/apply`);
    expect(await textOf(o.locator(".govuk-inset-text"))).toContain("Please cost the youth diversion sessions.");
    await audit(o, "business-case-returned");
    await o.locator("#p2-l1-amount").fill("£11,000.00");
    await o.locator("#p2-l2-desc").fill("Twenty evening sessions");
    await o.locator("#p2-l2-amount").fill("£1,000.00");
    await o.getByRole("button", { name: "Save and continue" }).click();
    await o.waitForURL(/\/apply\/check$/);
    await o.getByRole("button", { name: "Submit the business case" }).click();
    expect(await textOf(o.locator(".govuk-panel"))).toContain("Business case submitted");

    // Accepted for assessment; two people score it, a third declares a conflict and is not offered scoring.
    await p.goto(caseUrl);
    await p.getByLabel("Accept it for assessment").check();
    await p.getByRole("button", { name: "Record the review" }).click();
    const score = async (page: Page, label: string) => {
      await page.goto(caseUrl);
      await page.getByLabel("No", { exact: true }).check();
      await page.getByRole("button", { name: "Record the declaration" }).click();
      // The page after the declaration offers scoring; once scored it offers scoring again.
      const selects = page.locator('select[name^="score-"]');
      await selects.first().waitFor();
      for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption("4");
      await audit(page, label);
      await page.getByRole("button", { name: "Record the scores" }).click();
      await page.getByText("Score it again").waitFor();
    };
    await score(p, "business-case-score");
    const admin = await signIn("opcc-admin-1");
    await admin.page.goto(caseUrl);
    await admin.page.getByLabel("Yes: I will not score or decide it").check();
    await admin.page
      .getByLabel("If so, what it is")
      .fill("My partner chairs the youth charity delivering project two.");
    await admin.page.getByRole("button", { name: "Record the declaration" }).click();
    expect(await textOf(admin.page.locator("main"))).toContain("Conflict: My partner chairs the youth charity");
    expect(await admin.page.getByRole("button", { name: "Record the scores" }).count()).toBe(0);
    await audit(admin.page, "business-case-conflicted");
    await admin.context.close();
    const second = await signIn("opcc-staff-2");
    const q = second.page;
    await score(q, "business-case-second-scorer");
    await q.getByLabel("Award a grant").check();
    await q.getByLabel("Amount to award").fill("£36,000.00");
    await q.getByLabel("Reasons for the decision").fill("Both projects serve the plan and the assessed priority.");
    await q.getByRole("button", { name: "Record the decision" }).click();
    await q.getByRole("link", { name: "See the award" }).click();
    await q.waitForURL(/\/grants\/awards\/crime-reduction-grant-2027-28-csp-maidstone$/);
    const awardUrl = q.url();
    await audit(q, "award-offered");
    await q.getByRole("link", { name: "Read the award letter" }).click();
    expect(await textOf(q.locator("main"))).toContain(
      "section 9 of the Police Reform and Social Responsibility Act 2011",
    );
    await audit(q, "award-letter");

    // The chair accepts; one person proposes tranche one, another approves it, and it is paid.
    const chair = await signIn("maidstone-chair");
    await chair.page.goto(awardUrl);
    await chair.page.getByLabel(/I accept the grant of £36,000.00/).check();
    await audit(chair.page, "award-accept");
    await chair.page.getByRole("button", { name: "Accept the agreement" }).click();
    expect(await textOf(chair.page.locator(".govuk-summary-list"))).toContain("Accepted by");
    await chair.context.close();
    const pay = async (n: number) => {
      await p.goto(awardUrl);
      expect(await p.locator(`#amount-${n}`).inputValue()).toMatch(/^£?\d/);
      await p.getByRole("button", { name: "Propose the payment" }).click();
      await q.goto(awardUrl);
      await audit(q, `award-approve-${n}`);
      await q.getByRole("button", { name: "Approve the payment" }).click();
      await p.goto(awardUrl);
      await fillDate(p, `paid-${n}`, today);
      await p.locator(`#reference-${n}`).fill(`BACS-00${n}`);
      await p.getByRole("button", { name: "Record the payment" }).click();
      expect(await textOf(p.locator("table").first())).toContain(`(BACS-00${n})`);
    };
    await pay(1);
    await audit(p, "award-paid");

    /** A monitoring return issued by the OPCC, submitted by the officer and accepted by the OPCC. */
    const monitor = async (kind: "mid-year" | "year-end", spent: string) => {
      await p.goto(awardUrl);
      await fillDate(p, `due-${kind}`, closes);
      await p.getByRole("button", { name: `Issue the ${kind} monitoring return` }).click();
      await p.getByRole("link", { name: `${kind} monitoring return` }).click();
      const requestUrl = p.url();
      await o.goto(requestUrl);
      await o.getByRole("button", { name: "Start your report" }).click();
      await audit(o, `return-${kind}-form`);
      await o.locator("#a_spend").fill(spent);
      for (const id of ["#a_measure-1-1", "#a_measure-2-1"]) await o.locator(id).fill("28");
      await o.locator("#a_progress").fill("Patrols ran every weekend; the sessions ran as planned.");
      await o.getByRole("button", { name: "Continue" }).click();
      await o.getByRole("button", { name: "Submit report" }).click();
      expect(await textOf(o.locator(".govuk-panel"))).toContain("Report submitted");
      await p.goto(requestUrl);
      await p.getByRole("link", { name: "Review" }).click();
      await p.getByLabel("Accept the report").check();
      await p.getByRole("button", { name: "Save decision" }).click();
      expect(await textOf(p.locator("table").first())).toContain("Accepted");
      // The grants service hears of it from Kafka: the return shows as accepted on the award.
      for (let tries = 0; tries < 60; tries++) {
        await p.goto(awardUrl);
        if ((await textOf(p.locator("tr", { hasText: `${kind} monitoring return` }))).includes("Accepted")) break;
        await p.waitForTimeout(500);
      }
    };
    await monitor("mid-year", "18000");
    expect(await textOf(p.locator("table").first())).toContain("Due");
    await audit(p, "award-tranche-two-due");
    await pay(2);

    // The year-end return shows £156 unspent: the award is closed and the repayment recorded.
    await monitor("year-end", "35844");
    await p.getByRole("button", { name: "Close the award from its year-end return" }).click();
    expect(await textOf(p.locator(".govuk-summary-list"))).toContain("£156.00 to repay");
    await audit(p, "award-closed");
    await fillDate(p, "repaid", today);
    await p.locator("#repayment-reference").fill("REPAY-0156");
    await p.getByRole("button", { name: "Record the repayment" }).click();
    expect(await textOf(p.locator(".govuk-summary-list"))).toContain("£156.00 repaid");
    await audit(p, "award-repaid");

    // Money and outcomes: the OPCC's whole programme; the panel's grants made.
    await p.goto(`${programmeUrl}/summary`);
    const money = await textOf(p.locator(".govuk-summary-list"));
    expect(money).toContain("£36,000.00");
    expect(money).toContain("£156.00");
    expect(await textOf(p.locator("main"))).toContain("Repeat victims");
    await audit(p, "programme-summary");
    const panel = await signIn("panel-member-1");
    await panel.page.goto(`${programmeUrl}/summary`);
    expect(await textOf(panel.page.locator("main"))).toContain("The grants made");
    await audit(panel.page, "programme-summary-panel");
    await panel.context.close();
    await Promise.all([opcc.context.close(), second.context.close(), officer.context.close()]);

    // The register of grants made is public: read without signing in, and as 360Giving open data.
    const anyone = await browser.newContext();
    const reader = await anyone.newPage();
    await reader.goto(`${base}/grants/register`);
    expect(await textOf(reader.getByRole("heading", { level: 1 }))).toBe("Grants made");
    const register = await textOf(reader.locator("main"));
    expect(register).toContain("Maidstone Borough Council");
    expect(register).toContain("£36,000.00");
    await audit(reader, "grant-register");
    const open = (await (await reader.request.get(`${base}/grants/register.json`)).json()) as {
      grants: { id: string; amountAwarded: number; recipientOrganization: { id: string }[] }[];
    };
    expect(open.grants.map((g) => [g.id, g.amountAwarded, g.recipientOrganization[0]?.id])).toEqual([
      [expect.stringMatching(/-crime-reduction-grant-2027-28-csp-maidstone$/), 36000, "GB-LAE-MAI"],
    ]);
    await anyone.close();
    expect(axeFailures).toEqual([]);
    // One journey of about sixty pages; beside the other browser suite on two cores it can pass the
    // default two minutes, so it has five.
  }, 300_000);
});
