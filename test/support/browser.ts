import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, Page, errors } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../scripts/chromium';
import { PASSWORD } from './hub';

export { CHROMIUM, launchChromium };
export const hasChromium = existsSync(CHROMIUM);

export const ARTIFACTS = resolve('test-artifacts');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the web app into dist/web, where the api serves it from, so the tests see the current
 * source. Once per test run: browser test files run in parallel workers, and a second build would
 * empty the folder under the first one's browser. A directory is the lock (mkdir is atomic).
 */
export async function buildWebApp(): Promise<void> {
  const run = process.env.E2E_DATABASE_URL ?? 'local';
  const marker = resolve('dist/web/.built-for-run');
  const lock = resolve('dist/.web-build.lock');
  mkdirSync(resolve('dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is older than any real build.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    if (!existsSync(marker) || readFileSync(marker, 'utf8') !== run) {
      execFileSync(
        resolve('node_modules/.bin/vite'),
        ['build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'],
        { stdio: 'inherit' },
      );
      writeFileSync(marker, run);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) in the page and answers the serious and critical
 * violations. Evaluated through the DevTools protocol, so the app's CSP stays as it is in production.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Once per document: the app navigates without reloading, and the source is half a megabyte.
  if (!(await page.evaluate<boolean>(`typeof axe !== 'undefined'`))) await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page: the test code is compiled without the DOM's types.
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((result) => result.violations)`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * A picture of the screen for whoever reads a failed run. It is evidence, not a check: a full-page
 * capture of a long page took over 30 s on a loaded CI machine after every assertion had passed, so
 * a capture that does not finish in 20 s is noted and the journey goes on. Answers whether it was
 * taken, so a journey can stop asking a machine that is that loaded.
 */
export async function screenshot(page: Page, name: string): Promise<boolean> {
  mkdirSync(ARTIFACTS, { recursive: true });
  try {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, timeout: 20_000 });
    return true;
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    process.stderr.write(`screenshot ${name} not taken: ${error.message.split('\n')[0]}\n`);
    return false;
  }
}

/** A checkpoint slower than this is told on stderr, so a run out of time shows where it went. */
const SLOW_CHECKPOINT_MS = 5_000;

/**
 * A fresh page per test in Chromium (launched once per file), in Dutch and Amsterdam time. Every
 * console error and page error fails the test (a CSP refusal shows there), except failed requests
 * with the statuses the steps expect (a refused login, an error shown at a field).
 */
export function pagePerTest(expectedStatuses: number[]) {
  // A journey through a dozen screens with an axe run on each took 70 s on a loaded CI machine;
  // the steps keep their own short waits, so a real hang still fails at the step.
  jest.setTimeout(180_000);
  const refused = new RegExp(`status of (${expectedStatuses.join('|')}) `);
  let browser: Browser | undefined;
  let context: BrowserContext;
  let problems: string[] = [];
  const session = {
    page: undefined as unknown as Page,
    async expectAccessible(name: string): Promise<void> {
      const checked = Date.now();
      expect(await seriousAxeViolations(session.page)).toEqual([]);
      const captured = Date.now();
      if (capturing) capturing = await screenshot(session.page, name);
      const done = Date.now();
      if (done - checked > SLOW_CHECKPOINT_MS) {
        process.stderr.write(
          `${expect.getState().currentTestName} at ${name}: axe ${captured - checked} ms, ` +
            `capture ${capturing ? done - captured : 'skipped'} ms, ${done - began} ms into the test\n`,
        );
      }
    },
    /** Opens a tab of the case page (or any screen with tabs) by its name. */
    async openTab(name: string): Promise<void> {
      const tab = session.page.getByRole('tab', { name });
      await tab.click();
      await session.page.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor();
    },
    async logIn(email: string, password = PASSWORD): Promise<void> {
      await session.page.getByLabel('E-mailadres').fill(email);
      await session.page.getByLabel('Wachtwoord').fill(password);
      await session.page.getByRole('button', { name: 'Inloggen' }).click();
    },
  };
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());
  // After one capture runs out of time, the rest of the test takes none: the machine is that loaded.
  let capturing = true;
  let began = 0;
  beforeEach(async () => {
    capturing = true;
    began = Date.now();
    context = await browser!.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    session.page = await context.newPage();
    problems = [];
    session.page.on('console', (message) => {
      if (message.type() === 'error' && !refused.test(message.text())) problems.push(message.text());
    });
    session.page.on('pageerror', (error) => problems.push(error.message));
  });
  afterEach(async () => {
    await context.close();
    expect(problems).toEqual([]);
  });
  return session;
}
