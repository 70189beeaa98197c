import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { DEFAULT_DEMO_PASSWORD } from './seed-data';

/**
 * `npm run tour`: a screenshot of every main screen of the web app on the running demo
 * (`npm run demo` in another terminal), saved as docs/tour/NN-name.png for the README's tour.
 * Everything goes through the app's own screens, as the users named in the README would.
 *
 * Honours TOUR_URL (default http://127.0.0.1:3000) and DEMO_PASSWORD (as the demo's seed does).
 * Running it again is fine: it saves another report (step 04) and overwrites the images.
 */
const BASE_URL = (process.env.TOUR_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const PASSWORD = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
const OUT = resolve('docs/tour');
const VIEWPORT = { width: 1280, height: 900 };
// Generous: known-by waits for every source holder, and the first case read warms the api up.
const WAIT_MS = 30_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Fails early, with the fix in words, when the demo is not running. */
async function demoAnswers(): Promise<void> {
  let problem: string;
  let cause: unknown;
  try {
    const res = await fetch(`${BASE_URL}/health/ready`);
    if (res.ok) return;
    problem = `status ${res.status}`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
    cause = error;
  }
  throw new Error(
    `De demo antwoordt niet op ${BASE_URL} (${problem}). Start eerst \`npm run demo\` in een andere terminal, ` +
      `of zet TOUR_URL. / The demo does not answer at ${BASE_URL}; start \`npm run demo\` first, or set TOUR_URL.`,
    { cause },
  );
}

/**
 * Viewport-sized images keep the files small. `from` shows a long page from that element down
 * instead of from the top, `height` more of it than the viewport (clips of the full page, so
 * nothing needs scrolling in the page).
 */
async function shoot(page: Page, name: string, part: { from?: Locator; height?: number } = {}): Promise<void> {
  const path = join(OUT, `${name}.png`);
  // A string, evaluated in the page: scripts are compiled without the DOM's types.
  await page.evaluate('scrollTo(0, 0)');
  const box = await part.from?.boundingBox();
  if (part.from && !box) throw new Error(`${name}: the part to show is not on the page`);
  const y = box ? Math.max(0, box.y - 16) : 0;
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y, width: VIEWPORT.width, height: part.height ?? VIEWPORT.height },
  });
  say(`  ${path}`);
}

/** A fresh browser context per user: tokens live in the page's memory, the refresh cookie per context. */
async function logIn(browser: Browser, email: string, loginShot?: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: VIEWPORT,
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  if (loginShot) await shoot(page, loginShot);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
  return page;
}

/** Waits until a list region has finished loading: rows, or its empty message. */
async function loaded(region: Locator): Promise<void> {
  await region.getByRole('row').nth(1).or(region.getByText('Geen casussen.')).first().waitFor();
}

/** The demo's repeat case, as the later steps need it. */
interface RepeatCase {
  url: string;
  reference: string;
}

/** 01 to 06: the caseworker who is regisseur of the demo's repeat case. */
async function caseworker(browser: Browser): Promise<RepeatCase> {
  const page = await logIn(browser, 'caseworker@vt-midden.example', '01-inloggen');
  await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
  const mine = page.getByRole('region', { name: 'Mijn casussen' });
  await loaded(mine);
  await loaded(page.getByRole('region', { name: /Wachtlijst/ }));
  await shoot(page, '02-werkvoorraad');

  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Nieuwe melding' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }).waitFor();
  await page.getByLabel('Kanaal').selectOption({ label: 'Professional' });
  await page.getByLabel('Soort melder').selectOption({ label: 'Professional' });
  await page.getByLabel('Naam melder (optioneel)').fill('Wijkagent (demo)');
  // The demo's household again, so the radar has something to show after saving.
  const household = [
    { first: 'Anna', last: 'de Vries', born: '1990-01-31', bsn: '123456782' },
    // One digit off: fails the elfproef, for the field error in the screenshot.
    { first: 'Bram', last: 'de Vries', born: '1988-05-02', bsn: '111222334' },
  ];
  for (const [index, person] of household.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Betrokkene toevoegen' }).click();
    const group = page.getByRole('group', { name: `Betrokkene ${index + 1}`, exact: true });
    await group.getByLabel('Voornaam').fill(person.first);
    await group.getByLabel('Achternaam').fill(person.last);
    await group.getByLabel('Geboortedatum (optioneel)').fill(person.born);
    await group.getByLabel('BSN (optioneel)').fill(person.bsn);
  }
  const violence = page.getByRole('group', { name: 'Vormen van geweld (minstens één)' });
  await violence.getByLabel('Partnergeweld').check();
  const flags = page.getByRole('group', { name: 'Rode vlaggen' });
  await flags.getByLabel('Doodsbedreiging').check();
  await flags.getByLabel('Escalatie').check();
  await page
    .getByLabel('Verslag van de melding (optioneel)')
    .fill('Demo: buren hoorden opnieuw geschreeuw; Anna zegt dat Bram dreigde haar iets aan te doen.');
  await page.getByRole('button', { name: 'Melding opslaan' }).click();
  const bram = page.getByRole('group', { name: 'Betrokkene 2', exact: true });
  await bram.getByText('Dit is geen geldig BSN').waitFor();
  await shoot(page, '03-nieuwe-melding', {
    from: page.getByRole('group', { name: 'Betrokkenen', exact: true }),
    height: 1100,
  });

  await bram.getByLabel('BSN (optioneel)').fill('111222333');
  await page.getByRole('button', { name: 'Melding opslaan' }).click();
  await page.getByRole('heading', { level: 2, name: /Melding opgeslagen als VT-/ }).waitFor();
  await shoot(page, '04-melding-opgeslagen');

  // The repeat case is the one the demo made this caseworker regisseur of.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn werkvoorraad' }).click();
  await loaded(mine);
  await mine.getByRole('link').first().click();
  const title = page.getByRole('heading', { level: 1, name: /^Casus VT-/ });
  const reference = ((await title.textContent()) ?? '').replace('Casus ', '').trim();
  await page.getByText('U bent regisseur.').waitFor();
  await page.locator('summary', { hasText: 'Afspraak maken (veiligheidsplan)' }).click();
  await page.getByRole('form', { name: 'Afspraak maken' }).getByLabel('Uitvoerder').waitFor();
  await shoot(page, '05-casus');

  await page.getByRole('tab', { name: 'Wie kent deze persoon?' }).click();
  const lookups = page.getByRole('region', { name: /Samen onder Handbereik/ });
  await lookups.getByRole('button', { name: 'Wie kent Anna de Vries?' }).click();
  // Filled in row by row as the sources answer; the table is busy until the last one has.
  const table = lookups.getByRole('table', { name: /Bekendheid van Anna de Vries/ });
  await table.and(page.locator('[aria-busy="false"]')).waitFor();
  const child = lookups.getByRole('button', { name: /^Wie heeft het gezag over / });
  if ((await child.count()) > 0) {
    await child.first().click();
    // The answer, not the question's own button text or the "wordt bevraagd" line.
    await lookups.locator('[aria-live="polite"] p').filter({ hasNotText: 'wordt bevraagd' }).waitFor();
  }
  await shoot(page, '06-samen-onder-handbereik', { from: lookups, height: 1150 });
  const url = page.url();
  await page.context().close();
  return { url, reference };
}

/** 07: the same case for a police caseworker, whose organisation sees fewer categories. */
async function partner(browser: Browser, repeat: RepeatCase): Promise<void> {
  const page = await logIn(browser, 'caseworker@politie.example');
  // A deep link: the case is on no list of the police's own (it holds no regie).
  await page.goto(repeat.url);
  await page.getByRole('heading', { level: 1, name: /^Casus VT-/ }).waitFor();
  await page.getByRole('tab', { name: 'Notities en tijdlijn' }).click();
  await page.getByRole('region', { name: 'Tijdlijn' }).getByRole('listitem').first().waitFor();
  await page.getByRole('tab', { name: 'Risico en veiligheid' }).click();
  // From the risk down: what this partner's categories let it see, and the network's categories.
  await shoot(page, '07-casus-als-partner', { from: page.getByRole('region', { name: 'Risico en rode vlaggen' }) });
  await page.context().close();
}

/** 08 and 10: the supervisor, who gets the deadline notifications. */
async function supervisor(browser: Browser): Promise<void> {
  const page = await logIn(browser, 'supervisor@vt-midden.example');
  const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await menu.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard termijnen' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Doorlooptijden, laatste 12 maanden' }).waitFor();
  // Taller than the viewport: down to the lead times per month.
  await shoot(page, '08-dashboard', { height: 1500 });

  await menu.getByRole('link', { name: 'Meldingen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
  await page.getByRole('article').first().or(page.getByText('Geen meldingen.')).first().waitFor();
  await shoot(page, '10-meldingen');
  await page.context().close();
}

/**
 * 09: the chair's meeting with its preparation. A demo database from before meetings existed has
 * none (the demo adds its cases only once), so then the chair plans one through the form.
 */
async function chair(browser: Browser, repeat: RepeatCase): Promise<void> {
  const page = await logIn(browser, 'chair@vt-midden.example');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overleg' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overleggen' }).waitFor();
  const meeting = page.getByRole('table').getByRole('link');
  await meeting.first().or(page.getByText('Geen overleggen.')).first().waitFor();
  if ((await meeting.count()) > 0) {
    await meeting.first().click();
  } else {
    await page.getByRole('link', { name: 'Overleg plannen' }).click();
    const form = page.getByRole('form', { name: 'Overleg plannen' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Datum en tijd (Nederlandse tijd)').fill(`${tomorrow}T10:00`);
    await form.getByLabel('Zoek een organisatie op naam').fill('Politie eenheid Midden');
    await form.getByLabel('Politie eenheid Midden (demo)').check();
    await form.getByLabel('Zoek een casus op kenmerk of naam').fill(repeat.reference);
    await form.getByLabel(repeat.reference, { exact: true }).check();
    await form.getByRole('button', { name: 'Overleg plannen' }).click();
    await page.getByRole('link', { name: 'Naar het overleg en de voorbereiding' }).click();
  }
  await page.getByRole('heading', { level: 2, name: /^Agendapunt 1/ }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Voorbereiding' }).first().waitFor();
  await shoot(page, '09-overleg');
  await page.context().close();
}

/** 11: the privacy officer, who lands on the audit log, checks the hash chain. */
async function privacyOfficer(browser: Browser): Promise<void> {
  const page = await logIn(browser, 'privacy@vt-midden.example');
  await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
  await page.getByRole('table').getByRole('row').nth(1).waitFor();
  await page.getByRole('button', { name: 'Keten controleren' }).click();
  await page.getByText(/^De keten is (intact|verbroken)/).waitFor();
  // Taller than the viewport: the rows start below the search form.
  await shoot(page, '11-auditlog', { height: 1500 });
  await page.context().close();
}

async function main(): Promise<void> {
  await demoAnswers();
  mkdirSync(OUT, { recursive: true });
  say(`Rondleiding langs ${BASE_URL} / tour of ${BASE_URL} ...`);
  const browser = await launchChromium();
  try {
    const repeat = await caseworker(browser);
    await partner(browser, repeat);
    await supervisor(browser);
    await chair(browser, repeat);
    await privacyOfficer(browser);
  } finally {
    await browser.close();
  }
  say('Klaar / done.');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
