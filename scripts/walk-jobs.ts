import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { DEFAULT_DEMO_PASSWORD } from './seed-data';

/**
 * `npm run walk:jobs`: the six jobs of the web app's walk-through (docs/web-app-walkthrough.md),
 * walked in Chromium through the app's own screens, with the clicks and seconds each one took.
 *
 * Without WALK_URL it starts a demo of its own on fresh databases (`vt_walk` and its source
 * holders', dropped first, so every walk starts from the same demo data), Redis prefix `vt-walk`
 * and the API on WALK_PORT (default 3300), and stops it afterwards. With WALK_URL it walks that
 * running demo instead, which must hold the demo's data as seeded (the jobs change it).
 *
 * A click is every press the user makes with the mouse: a button, link, tab, step, checkbox, a
 * choice in a list, and the click into a text field before typing in it (the keys are not
 * counted). Seconds run from opening the login screen to the job's result on screen, the app's
 * own waits included.
 */
const PORT = Number(process.env.WALK_PORT || 3300);
const OWN_DEMO = !process.env.WALK_URL;
const BASE_URL = (process.env.WALK_URL || `http://127.0.0.1:${PORT}`).replace(/\/+$/, '');
const PASSWORD = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
const SERVER = process.env.WALK_POSTGRES || 'postgres://postgres@127.0.0.1:5432';
const HUB_DATABASE = 'vt_walk';
const SOURCE_HOLDERS = ['gi', 'rvdk', 'zvh', 'gezag'];
const WAIT_MS = 30_000;
/** The cases the demo seeds (scripts/demo/demo-cases.ts): seeding is done once all are there. */
const DEMO_CASES = 4;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Counts what the user does in one job. */
class Walk {
  clicks = 0;
  constructor(readonly page: Page) {}

  async click(target: Locator): Promise<void> {
    await target.click();
    this.clicks++;
  }

  async check(target: Locator): Promise<void> {
    await target.check();
    this.clicks++;
  }

  async choose(target: Locator, option: { label: string } | { index: number }): Promise<void> {
    await target.selectOption(option);
    this.clicks++;
  }

  /** Typing into a field: one click to put the cursor there; the keys are not counted. */
  async type(target: Locator, text: string): Promise<void> {
    await target.fill(text);
    this.clicks++;
  }

  menu(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name, exact: true });
  }

  /** Opens a step of the case page (a details element) and answers its form. */
  async step(title: string, scope: Locator | Page = this.page): Promise<Locator> {
    const details = scope.locator('details', { has: this.page.locator('summary', { hasText: title }) }).first();
    await this.click(details.locator('summary'));
    return details.getByRole('form');
  }

  /** The confirmation a saved step leaves, with focus on it. */
  async confirmed(text: string): Promise<void> {
    await this.page.locator(':focus', { hasText: text }).waitFor();
  }
}

async function logIn(browser: Browser, email: string): Promise<Walk> {
  const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  context.setDefaultTimeout(WAIT_MS);
  const walk = new Walk(await context.newPage());
  await walk.page.goto(`${BASE_URL}/`);
  await walk.type(walk.page.getByLabel('E-mailadres'), email);
  await walk.type(walk.page.getByLabel('Wachtwoord'), PASSWORD);
  await walk.click(walk.page.getByRole('button', { name: 'Inloggen' }));
  await walk.page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  return walk;
}

const amsterdamDay = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** The demo's directed case (Anna, Bram and Sem de Vries), from a list on the work queue. */
async function openDemoCase(walk: Walk, list: string): Promise<string> {
  const row = walk.page.getByRole('region', { name: list }).getByRole('row').filter({ hasText: 'Anna de Vries' });
  await walk.click(row.first().getByRole('link').first());
  const title = walk.page.getByRole('heading', { level: 1, name: /^Casus VT-/ });
  return ((await title.textContent()) ?? '').replace('Casus ', '').trim();
}

/** 1: a caseworker logs in and registers a report. */
async function registerReport(browser: Browser): Promise<Walk> {
  const walk = await logIn(browser, 'caseworker@vt-midden.example');
  const { page } = walk;
  await walk.click(walk.menu('Nieuwe melding'));
  await page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }).waitFor();
  const person = page.getByRole('group', { name: 'Betrokkene 1', exact: true });
  await walk.type(person.getByLabel('Voornaam'), 'Iris');
  await walk.type(person.getByLabel('Achternaam'), 'Kok');
  await walk.check(page.getByRole('group', { name: 'Vormen van geweld (minstens één)' }).getByLabel('Partnergeweld'));
  await walk.type(page.getByLabel('Verslag van de melding (optioneel)'), 'Walk: buren hoorden geschreeuw.');
  await walk.click(page.getByRole('button', { name: 'Melding opslaan' }));
  await page.getByRole('heading', { level: 2, name: /Melding opgeslagen als VT-/ }).waitFor();
  return walk;
}

/** 2: a supervisor gives the most urgent report on the waiting list a regisseur and downloads the lead times. */
async function assignRegisseur(browser: Browser): Promise<Walk> {
  const walk = await logIn(browser, 'supervisor@vt-midden.example');
  const { page } = walk;
  await walk.click(walk.menu('Dashboard'));
  const waiting = page.getByRole('region', { name: 'Wachtlijst (nog geen regisseur)' });
  await walk.click(waiting.getByRole('row').nth(1).getByRole('link'));
  await page.getByRole('heading', { level: 1, name: /^Casus VT-/ }).waitFor();
  const form = await walk.step('Regisseur aanwijzen');
  await walk.choose(form.getByLabel('Nieuwe regisseur'), { index: 1 });
  await walk.click(form.getByRole('button', { name: 'Regisseur aanwijzen' }));
  await walk.confirmed('Regisseur aangewezen');
  await walk.click(walk.menu('Dashboard'));
  const download = page.waitForEvent('download');
  await walk.click(page.getByRole('button', { name: 'Doorlooptijden downloaden (CSV)' }));
  await download;
  return walk;
}

/** 3: the regisseur records the assessment, adds a partner and an action, and runs both lookups. */
async function caseWork(browser: Browser): Promise<{ walk: Walk; reference: string }> {
  const walk = await logIn(browser, 'caseworker@vt-midden.example');
  const { page } = walk;
  const reference = await openDemoCase(walk, 'Mijn casussen');

  const assess = await walk.step('Veiligheidsbeoordeling vastleggen');
  await walk.choose(assess.getByLabel('Uitkomst'), { label: 'Structureel onveilig' });
  await walk.choose(assess.getByLabel('Besluit'), { label: 'Onderzoek' });
  await walk.type(assess.getByLabel('Samenvatting'), 'Walk: structurele zorgen, onderzoek nodig.');
  await walk.click(assess.getByRole('button', { name: 'Veiligheidsbeoordeling vastleggen' }));
  await walk.confirmed('Veiligheidsbeoordeling vastgelegd');

  const partner = await walk.step('Netwerkpartner toevoegen');
  await walk.choose(partner.getByLabel('Organisatie'), { label: 'Vrouwenopvang (demo)' });
  await walk.type(partner.getByLabel('Toelichting grondslag'), 'Walk: toestemming van Anna');
  await walk.click(partner.getByRole('button', { name: 'Netwerkpartner toevoegen' }));
  await walk.confirmed('Netwerkpartner toegevoegd');

  const action = await walk.step('Afspraak maken (veiligheidsplan)');
  await walk.choose(action.getByLabel('Uitvoerder'), { label: 'Politie eenheid Midden (demo)' });
  await walk.type(action.getByLabel('Afspraak'), 'Walk: huisbezoek');
  await walk.type(action.getByLabel('Uiterlijk'), `${amsterdamDay(3)}T17:00`);
  await walk.click(action.getByRole('button', { name: 'Afspraak maken' }));
  await walk.confirmed('Afspraak gemaakt');

  await walk.click(page.getByRole('tab', { name: 'Wie kent deze persoon?' }));
  const lookups = page.getByRole('region', { name: /Samen onder Handbereik/ });
  await walk.click(lookups.getByRole('button', { name: 'Wie kent Anna de Vries?' }));
  await lookups
    .getByRole('table', { name: /Bekendheid van Anna de Vries/ })
    .and(page.locator('[aria-busy="false"]'))
    .waitFor();
  await walk.click(lookups.getByRole('button', { name: 'Wie heeft het gezag over Sem?' }));
  await lookups.locator('[aria-live="polite"] p').filter({ hasNotText: 'wordt bevraagd' }).first().waitFor();
  return { walk, reference };
}

/** 4: the police reports progress on its action. */
async function policeProgress(browser: Browser): Promise<Walk> {
  const walk = await logIn(browser, 'caseworker@politie.example');
  const { page } = walk;
  await openDemoCase(walk, 'Alle casussen waarin mijn organisatie netwerkpartner is');
  await walk.click(page.getByRole('tab', { name: 'Risico en veiligheid' }));
  const plan = page.getByRole('region', { name: /Veiligheidsplan/ });
  const progress = await walk.step('Voortgang melden: Demo: risicotaxatie en huisbezoek', plan);
  await walk.choose(progress.getByLabel('Stand'), { label: 'Gedaan' });
  await walk.click(progress.getByRole('button', { name: 'Voortgang melden' }));
  await walk.confirmed('Voortgang gemeld');
  return walk;
}

/** 5: the chair plans a meeting about the case and closes it. */
async function meeting(browser: Browser, reference: string): Promise<Walk> {
  const walk = await logIn(browser, 'chair@vt-midden.example');
  const { page } = walk;
  await walk.click(walk.menu('Overleg'));
  await walk.click(page.getByRole('link', { name: 'Overleg plannen' }));
  const form = page.getByRole('form', { name: 'Overleg plannen' });
  await walk.type(form.getByLabel('Datum en tijd (Nederlandse tijd)'), `${amsterdamDay(1)}T10:00`);
  await walk.type(form.getByLabel('Zoek een organisatie op naam'), 'Politie eenheid Midden');
  await walk.check(form.getByLabel('Politie eenheid Midden (demo)'));
  await walk.type(form.getByLabel('Zoek een casus op kenmerk of naam'), reference);
  await walk.check(form.getByLabel(reference, { exact: true }));
  await walk.click(form.getByRole('button', { name: 'Overleg plannen' }));
  await walk.click(page.getByRole('link', { name: 'Naar het overleg en de voorbereiding' }));
  await walk.click(page.getByRole('button', { name: 'Overleg sluiten' }));
  await walk.click(page.getByRole('button', { name: 'Ja, overleg sluiten' }));
  await page.getByRole('region', { name: 'Verslag' }).waitFor();
  return walk;
}

/** 6: the privacy officer finds the case in the audit log and verifies the chain. */
async function audit(browser: Browser, reference: string): Promise<Walk> {
  const walk = await logIn(browser, 'privacy@vt-midden.example');
  const { page } = walk;
  await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
  const search = page.getByRole('form', { name: 'Auditlog doorzoeken' });
  await walk.type(search.getByLabel('Kenmerk van de casus (optioneel)'), reference);
  await walk.click(search.getByRole('button', { name: 'Zoeken' }));
  await page.getByRole('region', { name: 'Zoeken' }).getByRole('row').nth(1).waitFor();
  await walk.click(page.getByRole('button', { name: 'Keten controleren' }));
  await page.getByText(/^De keten is (intact|verbroken)/).waitFor();
  return walk;
}

/** Drops the walk's databases, so its demo seeds them afresh. */
async function freshDatabases(): Promise<void> {
  const client = new Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    for (const name of [HUB_DATABASE, ...SOURCE_HOLDERS.map((slug) => `${HUB_DATABASE}_sh_${slug}`)]) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

async function startDemo(): Promise<ChildProcess> {
  await freshDatabases();
  const demo = spawn(process.execPath, [resolve('dist/scripts/demo.js')], {
    env: {
      ...process.env,
      MIGRATION_DATABASE_URL: `${SERVER}/${HUB_DATABASE}`,
      REDIS_PREFIX: 'vt-walk',
      API_PORT: String(PORT),
      DEMO_SOURCE_HOLDER_PORT: String(PORT + 1001),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const until = Date.now() + 180_000;
  for (;;) {
    if (demo.exitCode !== null) throw new Error(`De demo stopte met code ${demo.exitCode}.`);
    const ready = await fetch(`${BASE_URL}/health/ready`).then(
      (res) => res.ok,
      () => false,
    );
    // The demo seeds its cases after the api is up.
    if (ready && (await seeded())) return demo;
    if (Date.now() > until) {
      demo.kill('SIGINT');
      throw new Error('De demo werd niet binnen 3 minuten klaar.');
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}

/** Whether the demo has finished seeding (its banner comes after the seed). */
async function seeded(): Promise<boolean> {
  const client = new Client({ connectionString: `${SERVER}/${HUB_DATABASE}` });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    return rows[0].n >= DEMO_CASES;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const demo = OWN_DEMO ? await startDemo() : undefined;
  const browser = await launchChromium();
  const results: { job: string; clicks: number; seconds: number }[] = [];
  const time = async <T extends Walk | { walk: Walk }>(job: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const done = await run();
    const walk = done instanceof Walk ? done : done.walk;
    results.push({ job, clicks: walk.clicks, seconds: (Date.now() - started) / 1000 });
    await walk.page.context().close();
    return done;
  };
  try {
    say(`Walk-through op ${BASE_URL} ...`);
    await time('1. inloggen en een melding registreren', () => registerReport(browser));
    await time('2. regisseur aanwijzen en CSV downloaden', () => assignRegisseur(browser));
    const { reference } = await time('3. beoordeling, partner, afspraak en beide bevragingen', () => caseWork(browser));
    await time('4. politie meldt voortgang', () => policeProgress(browser));
    await time('5. overleg plannen en sluiten', () => meeting(browser, reference));
    await time('6. casus in de auditlog vinden en de keten controleren', () => audit(browser, reference));
  } finally {
    await browser.close();
    demo?.kill('SIGINT');
  }
  for (const r of results) say(`${r.job}: ${r.clicks} klikken, ${r.seconds.toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
