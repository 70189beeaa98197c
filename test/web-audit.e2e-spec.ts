import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { openCase } from './support/cases';
import { asOwner, call, createOrganisation, createUser, Hub, login, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-audit.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

describeWithBrowser('web app: the audit log in Chromium', () => {
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

  /** A Veilig Thuis organisation with a name, a named caseworker (logged in) and a privacy officer. */
  async function organisation(name: string) {
    const org = await createOrganisation(hub.db, 'veilig_thuis');
    await hub.db.query(`UPDATE organisations SET name = $2 WHERE id = $1`, [org.id, name]);
    const caseworker = await createUser(hub.db, org.id, ['caseworker']);
    await hub.db.query(`UPDATE users SET name = 'Anna Jansen' WHERE id = $1`, [caseworker.id]);
    const officer = await createUser(hub.db, org.id, ['privacy_officer']);
    return { org, officer, caseworker, caseworkerToken: await login(hub, caseworker.email) };
  }

  it('a privacy officer finds a case by its kenmerk, reads who did what in Dutch and downloads the period', async () => {
    const own = await organisation('Veilig Thuis Aland');
    const other = await organisation('Veilig Thuis Beland');
    const opened = await openCase(hub, own.caseworkerToken);
    expect((await call(hub, 'GET', `/api/v1/cases/${opened.id}`, { token: own.caseworkerToken })).status).toBe(200);
    await openCase(hub, other.caseworkerToken);
    const foreign = await openCase(hub, other.caseworkerToken);

    await page.goto(`${hub.url}/`);
    await logIn(own.officer.email);
    await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
    const search = page.getByRole('form', { name: 'Auditlog doorzoeken' });
    const kenmerk = search.getByLabel('Kenmerk van de casus (optioneel)');

    // The form's own check, with focus on the field to mend.
    await kenmerk.fill('VT-2026-12');
    await search.getByRole('button', { name: 'Zoeken' }).click();
    await search.getByText('Geen geldig kenmerk. Een kenmerk ziet eruit als VT-2026-000123.').waitFor();
    await page.locator('[name="reference"]:focus').waitFor();
    expect(await kenmerk.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('auditlog-kenmerk-fout');

    // Typed in lower case with spaces around, as people do.
    await kenmerk.fill(` ${String(opened.reference).toLowerCase()} `);
    await search.getByRole('button', { name: 'Zoeken' }).click();
    const rows = page.getByRole('region', { name: 'Zoeken' }).getByRole('row');
    const created = rows.filter({ hasText: 'Aangemaakt' }).filter({ hasText: `Casus (casus ${opened.id})` });
    await created.filter({ hasText: 'Anna Jansen (Veilig Thuis Aland)' }).filter({ hasText: 'Gelukt' }).waitFor();
    await rows.filter({ hasText: 'Ingezien' }).filter({ hasText: 'Anna Jansen (Veilig Thuis Aland)' }).waitFor();
    // Only that case, and people by name rather than by id.
    const regels = rows.filter({ has: page.getByRole('cell') });
    expect(await regels.count()).toBe(await regels.filter({ hasText: `casus ${opened.id}` }).count());
    expect(await page.getByRole('region', { name: 'Zoeken' }).textContent()).not.toContain(own.caseworker.id);
    await expectAccessible('auditlog-kenmerk');

    // The other organisation's case under its own kenmerk is nothing this officer may see.
    await kenmerk.fill(String(foreign.reference));
    await search.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('Geen regels gevonden.').waitFor();

    // The export: its own check first, then the file itself.
    const exportForm = page.getByRole('form', { name: 'Auditlog exporteren' });
    const first = await exportForm.getByLabel('Eerste dag').inputValue();
    const last = await exportForm.getByLabel('Laatste dag').inputValue();
    await exportForm.getByLabel('Laatste dag').fill('2000-01-01');
    await exportForm.getByRole('button', { name: 'Auditlog downloaden (CSV)' }).click();
    await exportForm.getByText('De laatste dag ligt vóór de eerste.').waitFor();
    await page.locator('[name="to"]:focus').waitFor();
    await exportForm.getByLabel('Laatste dag').fill(last);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportForm.getByRole('button', { name: 'Auditlog downloaden (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`auditlog-${first}-${last}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFKeten;Volgnummer;Tijdstip \(UTC\);Handeling;Uitkomst;Onderwerp;/);
    expect(csv).toContain(`;Anna Jansen;Veilig Thuis Aland;`);
    await page
      .getByRole('status')
      .filter({ hasText: `auditlog-${first}-${last}.csv is gedownload.` })
      .waitFor();
    // The button kept focus while the file was made.
    await page.locator('button:focus', { hasText: 'Auditlog downloaden (CSV)' }).waitFor();
    await expectAccessible('auditlog-export');
  });

  it('a privacy officer sees which regels of a broken chain were changed and which are gone', async () => {
    const own = await organisation('Veilig Thuis Ceeland');
    for (let i = 0; i < 6; i++) {
      expect((await call(hub, 'GET', '/api/v1/me', { token: own.caseworkerToken })).status).toBe(200);
    }
    // Behind the application's back, as the database owner: one regel changed, one removed.
    await asOwner(hub, (owner) =>
      owner.transaction(async (manager) => {
        await manager.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete');
        await manager.query(`UPDATE audit_entries SET outcome = 'denied' WHERE chain_id = $1 AND seq = 3`, [
          own.org.id,
        ]);
        await manager.query(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq = 5`, [own.org.id]);
        await manager.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete');
      }),
    );

    await page.goto(`${hub.url}/`);
    await logIn(own.officer.email);
    await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
    await page.getByRole('button', { name: 'Keten controleren' }).click();
    // Focus moves to the verdict once it is drawn.
    await page.locator(':focus', { hasText: 'De keten is niet intact: 2 gedeelten zijn niet te vertrouwen' }).waitFor();

    const changed = page.getByRole('region', { name: 'Regel 3' });
    await changed.getByText('de regel is na het schrijven gewijzigd').waitFor();
    const row = changed.getByRole('row').filter({ hasText: 'Anna Jansen (Veilig Thuis Ceeland)' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      '3',
      expect.any(String),
      'Ingezien',
      'Gebruiker',
      'Anna Jansen (Veilig Thuis Ceeland)',
      'Geweigerd',
    ]);

    const gone = page.getByRole('region', { name: 'Regel 5' });
    await gone.getByText('Op deze plaats ontbreken regels').waitFor();
    await gone.getByRole('row').filter({ hasText: 'Ontbreekt in de database' }).waitFor();
    expect(await gone.getByRole('row').count()).toBe(2);
    await expectAccessible('auditlog-keten-verbroken');
  });
});
