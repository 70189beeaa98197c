import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { openCase, veiligThuis } from './support/cases';
import { call, createUser, Hub, login, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-search.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

const BSN = '123456782';

describeWithBrowser('web app: search in the header, unread count and e-mail preferences in Chromium', () => {
  const session = pagePerTest([400, 401]);
  const { expectAccessible, logIn } = session;
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

  it('finds cases by name, BSN and kenmerk from the keyboard, only within reach, and keeps the BSN out of the address bar', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, {
      persons: [
        { role: 'victim', bsn: BSN, firstName: 'Zoë', lastName: 'Özil-de Vries', dateOfBirth: '1990-01-31' },
        { role: 'suspect', firstName: 'Bram', lastName: 'Jansen', dateOfBirth: '1988-05-02' },
      ],
    });
    const elsewhere = await veiligThuis(hub);
    await openCase(hub, elsewhere.caseworker.token, {
      persons: [{ role: 'victim', firstName: 'Zoë', lastName: 'Özil', dateOfBirth: '1991-02-02' }],
    });

    await page.goto(`${hub.url}/`);
    await logIn(vt.caseworker.user.email);
    // The work queue takes focus to its heading when it arrives; search after that.
    await page.locator('h1:focus', { hasText: 'Mijn werkvoorraad' }).waitFor();
    const search = page.getByRole('search', { name: 'Casussen zoeken' });
    const box = search.getByLabel('Zoeken', { exact: true });
    await box.waitFor();

    // Too short: said at the field, focus stays there.
    await box.fill('zo');
    await box.press('Enter');
    await search.getByText('Vul minstens 3 tekens in.').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#zoekterm:focus').waitFor();

    // A name without its accents and with a typo, from the keyboard alone.
    await box.fill('zoe ozil de vris');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Zoekresultaten' }).waitFor();
    await page.getByRole('status').getByText('1 casus gevonden op naam.').waitFor();
    const row = page.getByRole('row').filter({ hasText: String(created.reference) });
    await row.filter({ hasText: 'Zoë Özil-de Vries, geboren 31 jan 1990' }).waitFor();
    await row.filter({ hasText: 'Bram Jansen' }).waitFor();
    // The other organisation's Zoë Özil is not in reach.
    expect(await page.getByRole('row').filter({ hasText: '1991' }).count()).toBe(0);
    await expectAccessible('zoeken-naam');

    await box.fill(BSN);
    await box.press('Enter');
    await page.getByRole('status').getByText('1 casus gevonden op BSN.').waitFor();
    expect(page.url()).not.toContain(BSN);
    expect(page.url()).toBe(`${hub.url}/zoeken`);

    // An invalid BSN: the api's reason, in Dutch.
    await box.fill('123456789');
    await box.press('Enter');
    await page.getByRole('alert').getByText('Zoeken is niet gelukt: geen geldig BSN (elfproef)').waitFor();

    await box.fill(String(created.reference).toLowerCase());
    await box.press('Enter');
    await page.getByRole('status').getByText('1 casus gevonden op kenmerk.').waitFor();
    await page.getByRole('link', { name: String(created.reference) }).click();
    await page.waitForURL(`${hub.url}/casussen/${created.id}`);
  });

  it('shows the unread count beside Berichten, lowers it on reading and saves the e-mail choice', async () => {
    const vt = await veiligThuis(hub);
    const supervisor = await createUser(hub.db, vt.org.id, ['supervisor']);
    for (const kind of ['deadline_reminder', 'deadline_breached']) {
      await hub.db.query(
        `INSERT INTO notifications (recipient_user_id, kind, title, body) VALUES ($1, $2, $3, 'Tekst')`,
        [supervisor.id, kind, `Melding ${kind}`],
      );
    }
    await page.goto(`${hub.url}/`);
    await logIn(supervisor.email);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    const berichten = menu.getByRole('link', { name: 'Berichten 2 ongelezen' });
    await berichten.click();
    await page.getByRole('heading', { level: 1, name: 'Berichten' }).waitFor();
    await page.getByRole('button', { name: 'Markeer als gelezen' }).first().click();
    await menu.getByRole('link', { name: 'Berichten 1 ongelezen' }).waitFor();

    const form = page.getByRole('form', { name: 'E-mail bij berichten' });
    await form.getByLabel('Herinnering aan een termijn').uncheck();
    await form.getByRole('button', { name: 'Keuze opslaan' }).click();
    await page.getByRole('status').getByText('Uw keuze is opgeslagen.').waitFor();
    await expectAccessible('berichten-voorkeuren');
    const token = await login(hub, supervisor.email);
    const saved = await call<{ email: boolean; emailKinds: string[] }>(
      hub,
      'GET',
      '/api/v1/me/notification-preferences',
      { token },
    );
    expect(saved.body).toMatchObject({ email: true });
    expect(saved.body.emailKinds).toContain('deadline_breached');
    expect(saved.body.emailKinds).not.toContain('deadline_reminder');

    await form.getByLabel('E-mail ontvangen over nieuwe berichten').uncheck();
    expect(await form.getByLabel('Herinnering aan een termijn').count()).toBe(0);
    await form.getByRole('button', { name: 'Keuze opslaan' }).click();
    await page.getByRole('status').getByText('Uw keuze is opgeslagen.').waitFor();
    expect((await call(hub, 'GET', '/api/v1/me/notification-preferences', { token })).body).toMatchObject({
      email: false,
    });
  });
});
