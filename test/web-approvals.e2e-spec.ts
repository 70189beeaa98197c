import type { Locator, Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { CaseBody, directedCase, member } from './support/cases';
import { call, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-approvals.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** Four eyes on closing in the web app (docs/approvals.md). */
describeWithBrowser('web app: approvals in Chromium', () => {
  const session = pagePerTest([400, 401, 409]);
  const { expectAccessible, logIn, openTab } = session;
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });
  let hub: Hub;

  beforeAll(async () => {
    await buildWebApp();
    hub = await startHub();
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  /** A case in follow-up whose regisseur is its caseworker, and a second supervisor at regie. */
  async function followUpCase() {
    const directed = await directedCase(hub);
    const res = await call<CaseBody>(hub, 'POST', `${directed.path}/safety-assessment`, {
      token: directed.token,
      body: { outcome: 'structural_unsafe', decision: 'follow_up', summary: 'Hulp nodig' },
    });
    if (res.status !== 200) throw new Error(`assessment failed: ${res.status} ${res.text}`);
    return { ...directed, second: await member(hub, directed.vt.org, ['supervisor']) };
  }

  async function logOut(): Promise<void> {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  }

  async function step(title: string): Promise<Locator> {
    const details = page.locator('details', { has: page.locator('summary', { hasText: title }) });
    await details.locator('summary').click();
    return details.getByRole('form');
  }

  const steps = () => page.getByRole('region', { name: 'Wat u nu kunt doen' });
  const phase = (name: string) =>
    page.getByRole('region', { name: 'Samenvatting van de casus' }).getByText(name, { exact: true }).waitFor();

  it('the regisseur asks to close; another supervisor finds it on the dashboard and approves it', async () => {
    const { created, second, vt } = await followUpCase();
    await page.goto(`${hub.url}/casussen/${created.id}`);
    await logIn(vt.caseworker.user.email);
    await page.getByRole('heading', { level: 1, name: `Casus ${created.reference}` }).waitFor();

    const close = await step('Casus afsluiten');
    await close.getByLabel('Reden').fill('Hulp loopt, veiligheid geborgd.');
    await close.getByRole('button', { name: 'Casus afsluiten' }).click();
    await steps().locator(':focus', { hasText: 'wacht op goedkeuring' }).waitFor();
    await page
      .getByRole('status')
      .getByText(/Wacht op goedkeuring: casus afsluiten/)
      .waitFor();
    await phase('Vervolg');
    // The requester may not ask twice, nor decide their own request.
    expect(await steps().locator('summary').allTextContents()).not.toContain('Casus afsluiten');
    expect(await steps().locator('summary', { hasText: 'Goedkeuren of afwijzen' }).count()).toBe(0);
    await expectAccessible('goedkeuring-gevraagd');
    await logOut();

    await page.goto(`${hub.url}/dashboard`);
    await logIn(second.user.email);
    const waiting = page.getByRole('region', { name: 'Wachten op goedkeuring' });
    await waiting.getByRole('link', { name: created.reference }).waitFor();
    await waiting.getByText('Casus afsluiten').waitFor();
    await expectAccessible('goedkeuring-dashboard');
    await waiting.getByRole('link', { name: created.reference }).click();
    await page.getByRole('heading', { level: 1, name: `Casus ${created.reference}` }).waitFor();

    const decide = await step('Goedkeuren of afwijzen: casus afsluiten');
    await decide.getByRole('button', { name: 'Goedkeuren of afwijzen' }).click();
    await decide.locator('[name="decision"]:focus').waitFor();
    await decide.getByLabel('Besluit').selectOption({ label: 'Goedkeuren' });
    await decide.getByLabel('Toelichting').fill('Akkoord: nazorg is geregeld.');
    await decide.getByRole('button', { name: 'Goedkeuren of afwijzen' }).click();
    await phase('Afgesloten');
    await steps().locator(':focus', { hasText: 'Besluit vastgelegd' }).waitFor();
    await openTab('Notities en tijdlijn');
    const timeline = page.getByRole('region', { name: 'Tijdlijn' });
    await timeline.getByText('Goedkeuring gevraagd').waitFor();
    await timeline.getByText('Besluit over goedkeuring').waitFor();
    await expectAccessible('goedkeuring-besloten');
  });

  it('a rejected close leaves the case in follow-up and the regisseur can ask again', async () => {
    const { created, path, token, second } = await followUpCase();
    const requested = await call<CaseBody>(hub, 'POST', `${path}/close`, { token, body: { reason: 'Klaar' } });
    expect(requested.status).toBe(202);
    await page.goto(`${hub.url}/casussen/${created.id}`);
    await logIn(second.user.email);
    const decide = await step('Goedkeuren of afwijzen: casus afsluiten');
    await decide.getByLabel('Besluit').selectOption({ label: 'Afwijzen' });
    await decide.getByLabel('Toelichting').fill('Eerst nazorg regelen.');
    await decide.getByRole('button', { name: 'Goedkeuren of afwijzen' }).click();
    await steps().locator(':focus', { hasText: 'Besluit vastgelegd' }).waitFor();
    await phase('Vervolg');
    // The phase never changed, so wait for the case to be fetched again without its pending request.
    await page.getByRole('status').filter({ hasText: 'Wacht op goedkeuring' }).waitFor({ state: 'detached' });
  });
});
