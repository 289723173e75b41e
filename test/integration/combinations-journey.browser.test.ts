/**
 * Combination agreements (CDA 1998 s.5A) in real headless Chromium, as the issue's acceptance goes:
 * before anything, the OPCC asks Dartford for a report and Dartford answers; the OPCC proposes
 * combining Dartford and Gravesham from today, and the agreement lists every responsible authority
 * of both as parties; the parties' consents are recorded one by one (the police by its own analyst,
 * the others by the OPCC on their behalf) while the tracker shows who is outstanding; the PCC's
 * decision without a statutory interest is refused naming it, then made; once signed the combined
 * partnership exists and the two are combined into it; a request to all active CSPs reaches the
 * combined one only; its new officer reads Dartford's earlier submission and may not answer; then
 * the agreement ends and the two are separate again, with their lineage. Every page is checked with
 * axe-core (test/support/browser.ts). Its own databases: the journey changes the directory.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RunningService } from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
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
  signIn as tokenFor,
} from "../support/mesh";

const SEED = JSON.parse(
  readFileSync(
    path.resolve(__dirname, "..", "..", "services", "directory", "seed", "kent-and-medway.demo.json"),
    "utf8",
  ),
) as { partners: { id: string; displayName: string }[] };
/** A seeded partner's display name, as the pages show it. */
const nameOf = (id: string) => {
  const p = SEED.partners.find((x) => x.id === id);
  if (!p) throw new Error(`no demo partner ${id}`);
  return p.displayName;
};

const DARTFORD = nameOf("csp-dartford");
const GRAVESHAM = nameOf("csp-gravesham");
const COMBINED = "Dartford and Gravesham Community Safety Partnership";
const COMBINED_ID = "csp-dartford-and-gravesham";
const PARTIES = [
  "dartford-council",
  "gravesham-council",
  "kent-county-council",
  "kent-fire-rescue",
  "kent-police",
  "nhs-kent-medway-icb",
  "probation-kss",
].map(nameOf);
const POLICE = nameOf("kent-police");
const sorted = (xs: string[]) => [...xs].sort();

/** Today in London, YYYY-MM-DD, and as the pages write a calendar date. */
const TODAY = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const TODAY_TEXT = new Date(`${TODAY}T12:00:00Z`).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** Fills a GOV.UK date input (`<prefix>-day`, `-month`, `-year`) with a YYYY-MM-DD date. */
async function fillDate(page: Page, prefix: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  await page.locator(`#${prefix}-day`).fill(String(day));
  await page.locator(`#${prefix}-month`).fill(String(month));
  await page.locator(`#${prefix}-year`).fill(String(year));
}

/** The value of a summary list row, by its key. */
const rowValue = async (page: Page, key: string) =>
  (
    await textOf(
      page
        .locator(".govuk-summary-list__row")
        .filter({ has: page.getByText(key, { exact: true }) })
        .locator(".govuk-summary-list__value"),
    )
  ).trim();

const tableCaptioned = (page: Page, caption: string) =>
  page.locator("table", { has: page.locator("caption", { hasText: caption }) });

describe("combination agreements in a real browser", () => {
  const iso = isolation("combweb");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let dir: ReturnType<typeof clients>;
  let browser: Browser;
  let base: string;
  const { audit, failures: axeFailures } = auditor("combinations");
  const signIn = (person: string): Promise<{ context: BrowserContext; page: Page }> =>
    signInAs(browser, audit, base, person);

  /** Signs in a person added to the directory since the seed, by their id, on the sign-in page. */
  async function signInCreated(person: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Or someone added to the directory since: their id").fill(person);
    await audit(page, `sign-in-${person}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("What needs you now");
    await audit(page, `home-${person}`);
    return { context, page };
  }

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    ({ reports, meetings, assessments } = await startBesideDirectory(iso, directory, [
      "reports",
      "meetings",
      "assessments",
    ]));
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments);
    base = `http://localhost:${gateway.httpPort}`;
    dir = clients(directory.grpcPort);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const client of Object.values(dir ?? {})) (client as Client).close();
    for (const s of [gateway, assessments, meetings, reports, directory]) {
      if (!s) continue;
      await dropDatabase(s);
      await s.stop();
    }
  });

  test("Dartford and Gravesham combined by every party's consent and the PCC's decision, then separated again", async () => {
    axeFailures.length = 0;
    const nextYear = String(Number(TODAY.slice(0, 4)) + 1);
    const opcc = await signIn("opcc-staff-1");
    const p = opcc.page;

    /** A report request made through the web: to Dartford, or to all active CSPs; its page's address. */
    const createRequest = async (title: string, to: string, label: string) => {
      await p.goto(`${base}/requests`);
      await p.getByRole("button", { name: "Create a report request" }).click();
      await p.locator("#title").fill(title);
      await p.locator("#issue").fill(`${title}: what each partnership is doing about it.`);
      await p.getByLabel(to, { exact: true }).check();
      await fillDate(p, "due", `${nextYear}-03-27`);
      await p.getByLabel("Question", { exact: true }).fill("What is your partnership doing?");
      await audit(p, `${label}-new`);
      await p.getByRole("button", { name: "Create request" }).click();
      expect(await textOf(p.locator(".govuk-panel"))).toContain("Report request created");
      await audit(p, `${label}-created`);
      return p.url().replace(/\?.*$/, "");
    };

    // Before the combination: a request to Dartford, answered by Dartford's officer.
    const earlierUrl = await createRequest("Night-time economy disorder", DARTFORD, "request-dartford");
    const dartford = await signIn("dartford-officer");
    const o = dartford.page;
    await o.getByRole("link", { name: "Night-time economy disorder" }).click();
    await o.getByRole("button", { name: "Start your report" }).click();
    await o.getByLabel("What is your partnership doing?").fill("Street pastors and a taxi marshal scheme.");
    await audit(o, "dartford-answer");
    await o.getByRole("button", { name: "Continue" }).click();
    expect(await textOf(o.getByRole("heading", { level: 1 }))).toContain("Check your answers");
    await o.getByRole("button", { name: "Submit report" }).click();
    expect(await textOf(o.locator(".govuk-panel"))).toContain("Report submitted");
    await audit(o, "dartford-submitted");
    await dartford.context.close();

    // The OPCC proposes the combination: one area is not enough, then both, effective today.
    await p.goto(`${base}/`);
    await p.getByRole("link", { name: "Combinations", exact: true }).click();
    await p.waitForURL(/\/combinations$/);
    await audit(p, "combinations-empty");
    await p.getByRole("button", { name: "Propose a combination" }).click();
    await p.waitForURL(/\/combinations\/new$/);
    await audit(p, "propose");
    await p.getByLabel(DARTFORD, { exact: true }).check();
    await p.locator("#combined-name").fill(COMBINED);
    await p.locator("#rationale").fill("One policing district and one shared night-time economy along the A2.");
    await p.locator("#governance").fill("A joint strategy group chaired in turn by the two councils' leaders.");
    await p.locator("#local-delivery").fill("Each council keeps its own delivery group reporting to the joint group.");
    await p.locator("#scrutiny").fill("The two councils' crime and disorder committees meet jointly twice a year.");
    await fillDate(p, "effective", TODAY);
    await p.getByRole("button", { name: "Propose the combination" }).click();
    expect(await textOf(p.locator(".govuk-error-summary"))).toContain("Choose two or more partnerships to combine");
    expect(await p.locator("#combined-name").inputValue()).toBe(COMBINED);
    await audit(p, "propose-errors");
    await p.getByLabel(GRAVESHAM, { exact: true }).check();
    await p.getByRole("button", { name: "Propose the combination" }).click();
    await p.waitForURL(/\/combinations\/c-[a-z0-9-]+\?done=proposed$/);
    const agreementUrl = p.url().replace(/\?.*$/, "");
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Combination proposed");
    expect(await rowValue(p, "State")).toBe("Proposed");
    expect(await rowValue(p, "Effective date")).toBe(TODAY_TEXT);
    // Every responsible authority of both areas is a party, each awaiting its answer.
    const tracker = tableCaptioned(p, "Consent of the parties");
    expect(sorted(await tracker.locator("tbody th").allInnerTexts())).toEqual(sorted(PARTIES));
    await audit(p, "agreement-proposed");

    // The proposal's terms of reference, added as a document and listed with its download.
    await p.locator("#document").setInputFiles({
      name: "terms-of-reference.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.7\nTerms of reference of the joint partnership\n%%EOF"),
    });
    await p.getByRole("button", { name: "Add the document" }).click();
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Document added");
    expect(await textOf(tableCaptioned(p, "Documents"))).toContain("terms-of-reference.pdf");
    await audit(p, "agreement-document");

    /** The tracker: how many have answered, and exactly who is still awaited. */
    const expectOutstanding = async (page: Page, outstanding: string[]) => {
      const answered = PARTIES.length - outstanding.length;
      expect(await textOf(page.getByText(/parties have answered\.$/))).toBe(
        `${answered} of ${PARTIES.length} parties have answered.`,
      );
      const awaiting = tableCaptioned(page, "Consent of the parties")
        .locator("tbody tr")
        .filter({ hasText: "Awaiting" })
        .locator("th");
      expect(sorted(await awaiting.allInnerTexts())).toEqual(sorted(outstanding));
    };
    await expectOutstanding(p, PARTIES);

    /** The OPCC records a party's consent on its behalf, with the authority's own decision. */
    const consentFor = async (party: string, reference: string) => {
      await p.locator("#party").selectOption({ label: party });
      await p.getByLabel("Consents to being a party").check();
      await p.locator("#decision-reference").fill(reference);
      await fillDate(p, "decision-date", TODAY);
      await p.getByRole("button", { name: "Record the answer" }).click();
      expect(await textOf(p.locator(".govuk-panel"))).toContain("Answer recorded");
    };
    // Without the authority's decision reference it is refused, naming the field.
    await p.locator("#party").selectOption({ label: nameOf("dartford-council") });
    await p.getByLabel("Consents to being a party").check();
    await fillDate(p, "decision-date", TODAY);
    await p.getByRole("button", { name: "Record the answer" }).click();
    expect(await textOf(p.locator(".govuk-error-summary"))).toContain(
      "Enter the reference of the authority's own decision",
    );
    await audit(p, "consent-errors");
    await p.locator("#decision-reference").fill("CAB/2026/14");
    await p.getByRole("button", { name: "Record the answer" }).click();
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Answer recorded");
    const outstanding = PARTIES.filter((x) => x !== nameOf("dartford-council"));
    await expectOutstanding(p, outstanding);
    expect(await textOf(tracker)).toContain("Recorded for it by the OPCC: CAB/2026/14");
    await audit(p, "consent-one");

    // The police's analyst answers for Kent Police, and only for it.
    const police = await signIn("kent-police-analyst");
    const q = police.page;
    await q.getByRole("link", { name: "Combinations", exact: true }).click();
    await audit(q, "combinations-police");
    await q.getByRole("link", { name: COMBINED }).click();
    expect(await q.locator("#party").count()).toBe(0);
    await audit(q, "agreement-police");
    await q.getByLabel("Consents to being a party").check();
    await q.getByRole("button", { name: "Record the answer" }).click();
    expect(await textOf(q.locator(".govuk-panel"))).toContain("Answer recorded");
    outstanding.splice(outstanding.indexOf(POLICE), 1);
    await expectOutstanding(q, outstanding);
    expect(await q.getByRole("button", { name: "Record the answer" }).count()).toBe(0);
    await audit(q, "agreement-police-answered");
    await police.context.close();

    // The OPCC records the rest one by one; nothing can be decided while one is awaited.
    await p.goto(agreementUrl);
    await expectOutstanding(p, outstanding);
    for (const [i, party] of [...outstanding].entries()) {
      expect(await p.getByRole("button", { name: "Record the decision" }).count()).toBe(0);
      await consentFor(party, `DEC/2026/${i + 1}`);
      outstanding.shift();
      await expectOutstanding(p, outstanding);
      await audit(p, `consent-${i + 2}`);
    }

    // The PCC's decision: without a statutory interest it is refused, naming it; with one it is made.
    await p.getByLabel("Yes, enter into it").check();
    await p.getByRole("button", { name: "Record the decision" }).click();
    const problem = p.locator(".govuk-error-summary");
    expect(await textOf(problem)).toContain(
      "Choose at least one statutory interest the PCC relies on, with its reasons",
    );
    expect(await problem.getByRole("link").first().getAttribute("href")).toBe("#interests");
    await audit(p, "decision-errors");
    await p.getByLabel("Yes, enter into it").check();
    await p.getByLabel("Reducing crime and disorder", { exact: true }).check();
    await p
      .getByLabel("Why it is in the interests of reducing crime and disorder")
      .fill("A single partnership matches the single policing district and its hotspots.");
    await p.getByRole("button", { name: "Record the decision" }).click();
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Decision recorded");
    expect(await rowValue(p, "State")).toBe("Approved");
    expect(await rowValue(p, "Statutory interests relied on")).toContain("Reducing crime and disorder");
    await audit(p, "agreement-approved");

    // Signed today, it is in force at once: the combined partnership exists.
    await p
      .getByLabel("The agreement as signed by the parties")
      .fill("The combination agreement of Dartford and Gravesham, as signed by all seven parties.");
    await fillDate(p, "signed", TODAY);
    await p.getByRole("button", { name: "Record the signed agreement" }).click();
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Signed agreement recorded");
    expect(await rowValue(p, "State")).toBe("In force");
    expect(await rowValue(p, "SHA-256 of the agreement")).toMatch(/^[0-9a-f]{64}$/);
    await audit(p, "agreement-in-force");
    await p.getByRole("link", { name: COMBINED, exact: true }).click();
    await p.waitForURL(new RegExp(`/partnerships/${COMBINED_ID}$`));
    expect(await textOf(p.getByRole("heading", { level: 1 }))).toBe(COMBINED);
    expect(await rowValue(p, "Status")).toBe("Active");
    const succeeds = await rowValue(p, "Succeeds");
    for (const area of [DARTFORD, GRAVESHAM]) expect(succeeds).toContain(area);
    for (const party of PARTIES) expect(await rowValue(p, "Members")).toContain(party);
    await audit(p, "lineage-combined");
    // The two are combined into it, each showing its successor.
    for (const area of ["csp-dartford", "csp-gravesham"]) {
      await p.goto(`${base}/partnerships/${COMBINED_ID}`);
      await p.getByRole("link", { name: nameOf(area), exact: true }).click();
      expect(await textOf(p.getByRole("heading", { level: 1 }))).toBe(nameOf(area));
      expect(await rowValue(p, "Status")).toBe(`Combined into ${COMBINED}`);
      expect(await rowValue(p, "Succeeded by")).toContain(COMBINED);
      await audit(p, `lineage-${area}-combined`);
    }

    // A request to all active CSPs reaches the combined partnership and not its predecessors.
    const all = "All active community safety partnerships";
    const laterUrl = await createRequest("Knife crime prevention in schools", all, "request-all");
    const addressed = await tableCaptioned(p, "Partnerships").locator("tbody th").allInnerTexts();
    expect(addressed).toContain(COMBINED);
    expect(addressed).not.toContain(DARTFORD);
    expect(addressed).not.toContain(GRAVESHAM);

    // The OPCC's administrator gives the combined partnership an officer.
    const admin = await tokenFor(dir.identity, "people/opcc-admin-1");
    await call(
      dir.directory,
      "CreatePerson",
      {
        personId: "dg-officer",
        person: {
          displayName: "Dee Gee",
          email: "dee.gee@dartford-gravesham.example",
          partner: `partners/${COMBINED_ID}`,
          roles: ["csp-officer"],
          active: true,
        },
        requestId: "combweb-dg-officer",
      },
      admin,
    );
    const combined = await signInCreated("dg-officer");
    const c = combined.page;
    expect(await textOf(c.locator("#required"))).toContain("Knife crime prevention in schools");
    // Dartford's earlier request, by its address: read, never answered, by the combined partnership.
    expect((await c.goto(earlierUrl))?.status()).toBe(200);
    expect(await textOf(c.getByRole("heading", { level: 1 }))).toBe("Night-time economy disorder");
    expect(await textOf(tableCaptioned(c, "History"))).toContain(`submitted version 1 for ${DARTFORD}`);
    // Its submitted versions are listed to the combined partnership, read-only.
    expect(await textOf(tableCaptioned(c, "Submitted versions"))).toContain(DARTFORD);
    for (const button of ["Start your report", "Continue your report", "Acknowledge"])
      expect(await c.getByRole("button", { name: button }).count()).toBe(0);
    await audit(c, "earlier-request-combined");
    expect((await c.goto(`${earlierUrl}/submissions/csp-dartford/versions/1`))?.status()).toBe(200);
    expect(await textOf(c.getByRole("heading", { level: 1 }))).toBe(`${DARTFORD}: version 1`);
    expect(await textOf(c.locator(".govuk-summary-list"))).toContain("Street pastors and a taxi marshal scheme.");
    expect(await c.locator("main").locator("textarea, input[type=radio]").count()).toBe(0);
    await audit(c, "earlier-submission-combined");
    // Its answer form is not offered to the combined partnership, even by its address.
    expect((await c.goto(`${earlierUrl}/report`))?.status()).toBe(403);
    for (const button of ["Continue", "Save draft", "Submit report"])
      expect(await c.getByRole("button", { name: button }).count()).toBe(0);
    await audit(c, "earlier-report-form-refused");
    await c.goto(laterUrl);
    expect(await c.getByRole("button", { name: "Start your report" }).count()).toBe(1);
    await audit(c, "later-request-combined");
    await combined.context.close();

    // Ended by the parties' written agreement from today: separate again, lineage both ways.
    await p.goto(agreementUrl);
    await p
      .getByLabel("The parties' written agreement to end it")
      .fill("The seven parties agree in writing to end the combination of Dartford and Gravesham.");
    await fillDate(p, "end", TODAY);
    await audit(p, "agreement-end");
    await p.getByRole("button", { name: "Record the ending" }).click();
    expect(await textOf(p.locator(".govuk-panel"))).toContain("Ending recorded");
    expect(await rowValue(p, "State")).toBe("Ended");
    expect(await rowValue(p, "Ended on")).toBe(TODAY_TEXT);
    await audit(p, "agreement-ended");
    await p.getByRole("link", { name: DARTFORD, exact: true }).click();
    expect(await textOf(p.getByRole("heading", { level: 1 }))).toBe(DARTFORD);
    expect(await rowValue(p, "Status")).toBe("Active");
    expect(await rowValue(p, "Succeeds")).toContain(COMBINED);
    await audit(p, "lineage-dartford-separate");
    // Its predecessor now, and its successor still.
    await p.getByRole("link", { name: COMBINED, exact: true }).first().click();
    expect(await rowValue(p, "Status")).toBe("Dissolved");
    const succeededBy = await rowValue(p, "Succeeded by");
    for (const area of [DARTFORD, GRAVESHAM]) expect(succeededBy).toContain(area);
    await audit(p, "lineage-combined-dissolved");
    await p.goto(`${base}/combinations`);
    expect(await textOf(tableCaptioned(p, "Agreements"))).toContain("Ended");
    await audit(p, "combinations-ended");
    await opcc.context.close();
    expect(axeFailures).toEqual([]);
    // About fifty pages: five minutes, like the grants journey.
  }, 300_000);
});
