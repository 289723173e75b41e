/**
 * What the browser journeys share: headless Chromium (Debian's `chromium-headless-shell`, driven by
 * playwright-core), an axe-core check of every page against WCAG 2.2 A/AA, full-page screenshots in
 * test/artifacts/screenshots (of a page axe finds fault with; of every page with CSP_SCREENSHOTS=1),
 * signing in as a demonstration person, and reading text.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const SHOTS = path.resolve(__dirname, "..", "artifacts", "screenshots");
/**
 * Every page's screenshot only when asked: encoding about 170 full-page PNGs was a large share of
 * the journeys' Chromium time in every run, for pictures nobody looks at unless something failed.
 */
const EVERY_PAGE = process.env.CSP_SCREENSHOTS === "1";
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Chromium's headless shell, as Playwright itself prefers for headless runs: the same Blink and V8
 * without the full browser's UI layers, it used about 40% less CPU than `chromium --headless` for the
 * same journey (docs/testing.md). The full browser still serves where only it is installed.
 */
const BROWSERS = ["chromium-headless-shell", "chromium", "chromium-browser"];

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of BROWSERS) {
    if (existsSync(`/usr/bin/${name}`)) return `/usr/bin/${name}`;
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      // not on the PATH either: try the next
    }
  }
  throw new Error(
    "Chromium not found: install Debian's `chromium-headless-shell` package (.ci/run does) or set CHROMIUM_PATH",
  );
}

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });

/** The element's text once it is there (fails the test if it never appears). */
export async function textOf(locator: ReturnType<Page["locator"]>): Promise<string> {
  await locator.first().waitFor({ state: "visible", timeout: 15_000 });
  return locator.first().innerText();
}

export function displayNameOf(person: string): string {
  const seed = JSON.parse(
    readFileSync(
      path.resolve(__dirname, "..", "..", "services", "directory", "seed", "kent-and-medway.demo.json"),
      "utf8",
    ),
  ) as { people: { id: string; displayName: string }[] };
  const p = seed.people.find((x) => x.id === person);
  if (!p) throw new Error(`no demo person ${person}`);
  return p.displayName;
}

/**
 * A journey's page checks: `audit` runs axe on the page and keeps any violation in `failures` (the
 * test asserts there are none), with a screenshot of that page; screenshots are numbered by page
 * within the journey (`prefix`).
 */
export function auditor(prefix: string) {
  mkdirSync(SHOTS, { recursive: true });
  const failures: string[] = [];
  let shots = 0;
  const audit = async (page: Page, label: string) => {
    await page.evaluate(AXE); // through DevTools, so the page keeps its Content Security Policy
    // Runs in the page; written as a string so this file needs no DOM typings. Only violations are
    // reported in full: axe then skips building selectors and details for every passing node, which
    // was about a third of its time on these pages.
    const result = (await page.evaluate(
      `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG)} }, resultTypes: ["violations"] })`,
    )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    for (const v of result.violations)
      failures.push(`${label}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
    shots++;
    if (EVERY_PAGE || result.violations.length > 0)
      await page.screenshot({
        path: path.join(SHOTS, `${prefix}-${String(shots).padStart(3, "0")}-${label}.png`),
        fullPage: true,
      });
  };
  return { audit, failures };
}

/** Journeys (by their audit function) whose sign-in page has been audited. */
const signInAudited = new WeakSet<object>();

/**
 * Signs `person` in through the demonstration sign-in page in a new context; home is checked and
 * audited. The sign-in page is the same for everyone, so it is audited at a journey's first sign-in
 * only (a journey signs in up to a dozen times).
 */
export async function signIn(
  browser: Browser,
  audit: (page: Page, label: string) => Promise<void>,
  base: string,
  person: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(/\/sign-in$/);
  if (!signInAudited.has(audit)) {
    signInAudited.add(audit);
    await audit(page, "sign-in");
  }
  await page.getByLabel(displayNameOf(person), { exact: true }).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  // Home: what needs this person now, for their role.
  const heading = await textOf(page.getByRole("heading", { level: 1 }));
  if (heading !== "What needs you now") throw new Error(`home page heading: ${heading}`);
  await audit(page, `home-${person}`);
  return { context, page };
}
