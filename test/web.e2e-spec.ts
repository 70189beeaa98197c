import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest, screenshot } from './support/browser';
import { addPartner, assignRegisseur, member, openCase, veiligThuis } from './support/cases';
import { call, createOrganisation, createUser, Hub, login, PASSWORD, startHub, TestUser } from './support/hub';

// The browser tests need Debian's Chromium; .ci/run installs it, so only a bare local machine skips.
const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(
    `web.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped (apt-get install chromium)\n`,
  );
}

describeWithBrowser('web app in Chromium', () => {
  const session = pagePerTest([400, 401, 429]);
  const { expectAccessible, logIn, openTab } = session;
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });
  let hub: Hub;
  let caseworker: TestUser;

  beforeAll(async () => {
    await buildWebApp();
    hub = await startHub();
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    caseworker = await createUser(hub.db, vt.id, ['caseworker']);
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('a caseworker logs in, registers a report and sees its deadline counting down in the work queue', async () => {
    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await expectAccessible('01-inloggen');

    await logIn(caseworker.email, 'verkeerd-wachtwoord');
    await page.getByRole('alert').filter({ hasText: 'E-mailadres of wachtwoord is onjuist.' }).waitFor();
    await page.locator(':focus', { hasText: 'E-mailadres of wachtwoord is onjuist.' }).waitFor();
    await screenshot(page, '02-inloggen-fout');

    await logIn(caseworker.email);
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    await page.getByText('Geen casussen.').first().waitFor();
    await expectAccessible('03-werkvoorraad-leeg');

    await page.getByRole('link', { name: 'Nieuwe melding' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }).waitFor();
    await expectAccessible('04-nieuwe-melding');
    // Removing a person leaves focus where people are added, not on the page.
    await page.getByRole('button', { name: 'Betrokkene toevoegen' }).click();
    await page.getByRole('button', { name: 'Betrokkene 2 verwijderen' }).click();
    await page.locator('button:focus', { hasText: 'Betrokkene toevoegen' }).waitFor();

    // The form's own checks: required names, the BSN elfproef, at least one violence type.
    await page.getByLabel('BSN (optioneel)').fill('123456789');
    await page.getByRole('button', { name: 'Melding opslaan' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Controleer de melding' });
    await summary.getByRole('link', { name: /Dit is geen geldig BSN/ }).waitFor();
    const bsn = page.getByLabel('BSN (optioneel)');
    expect(await bsn.getAttribute('aria-invalid')).toBe('true');
    const described = (await bsn.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${described.split(' ').join('"], [id="')}"]`).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('elfproef')]),
    );
    expect(await summary.getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining(['Vul de voornaam in.', 'Kies minstens één vorm van geweld.']),
    );
    await expectAccessible('05-nieuwe-melding-fouten');
    // Each error in the summary leads to its field.
    await summary.getByRole('link', { name: /Dit is geen geldig BSN/ }).click();
    await page.locator('[name="persons.0.bsn"]:focus').waitFor();
    await summary.getByRole('link', { name: 'Kies minstens één vorm van geweld.' }).click();
    await page.locator('[name^="violenceTypes."]:focus').waitFor();

    // A mistake only the api catches comes back next to its field.
    await page.getByLabel('Voornaam').fill('Anna');
    await page.getByLabel('Achternaam').fill('de Vries');
    await bsn.fill('123456782');
    await page.getByLabel('Partnergeweld').check();
    await page.getByLabel('Verwurging').check();
    await page.getByLabel('E-mail melder (optioneel)').fill('buur@x.y');
    await page.getByRole('button', { name: 'Melding opslaan' }).click();
    const emailField = page.getByLabel('E-mail melder (optioneel)');
    await summary.getByRole('link', { name: 'geen geldig e-mailadres' }).click();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    await page.locator('[name="reporterEmail"]:focus').waitFor();

    await emailField.fill('');
    await page.getByRole('button', { name: 'Melding opslaan' }).click();
    const result = page.getByRole('region', { name: /Melding opgeslagen als VT-/ });
    await result.waitFor();
    const reference = /VT-\d{4}-\d+/.exec((await result.getByRole('heading', { level: 2 }).textContent()) ?? '')![0];
    expect(await result.textContent()).toContain('Risiconiveau: Hoog');
    expect(await result.textContent()).toContain('Verwurging');
    expect(await result.textContent()).toContain('Geen eerdere casussen');
    await expectAccessible('06-melding-opgeslagen');
    // The screen says it was saved (focus is on its heading), and the next report starts empty.
    await page.locator('h1:focus', { hasText: 'Melding opgeslagen' }).waitFor();
    await page.getByRole('button', { name: 'Nog een melding registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }).waitFor();
    expect(await page.getByLabel('Voornaam').first().inputValue()).toBe('');
    await page.getByRole('link', { name: 'Mijn werkvoorraad' }).click();

    await page.getByRole('link', { name: 'Mijn werkvoorraad' }).click();
    const waiting = page.getByRole('region', { name: /Wachtlijst/ });
    const row = waiting.getByRole('row').filter({ hasText: reference });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Veiligheidsbeoordeling: (Nog \d+ werkdag(en)?|Vandaag uiterlijk)/);
    expect(await row.textContent()).toContain('Triage');
    await expectAccessible('07-werkvoorraad');

    await row.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: `Casus ${reference}` }).waitFor();
    await page.locator('summary', { hasText: 'Veiligheidsbeoordeling vastleggen' }).waitFor();
    expect(await page.getByRole('region', { name: 'Betrokkenen' }).textContent()).toContain('BSN eindigt op 6782');
    await openTab('Notities en tijdlijn');
    await page.getByRole('region', { name: 'Tijdlijn' }).getByRole('listitem').first().waitFor();
    await expectAccessible('08-casus');

    // Login to a filled work queue, timed from the click (the 1.5 s aim; reported, not asserted
    // here, as this runs beside other test files on two cores).
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByLabel('E-mailadres').fill(caseworker.email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    const started = Date.now();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('row').filter({ hasText: reference }).first().waitFor();
    process.stdout.write(`web: login to a filled work queue in ${Date.now() - started} ms\n`);
  });

  it('a supervisor sees a breached deadline on the dashboard and in the work queue filter', async () => {
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const reporter = await createUser(hub.db, vt.id, ['caseworker']);
    const supervisor = await createUser(hub.db, vt.id, ['supervisor']);
    const opened = await openCase(hub, await login(hub, reporter.email));
    // Breached as the timer would leave it, without waiting five working days.
    await hub.db.query(
      `UPDATE deadlines SET status = 'breached', due_at = now() - interval '3 days', breached_at = now() - interval '3 days'
        WHERE case_id = $1 AND kind = 'safety_assessment'`,
      [opened.id],
    );
    await page.goto(`${hub.url}/`);
    await logIn(supervisor.email);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard termijnen' }).waitFor();
    const breached = page.getByRole('row').filter({ hasText: 'Veiligheidsbeoordeling' }).first();
    expect((await breached.getByRole('cell').allTextContents()).slice(-1)).toEqual(['1']);
    await page
      .getByRole('region', { name: /Wachtlijst/ })
      .getByRole('link', { name: opened.reference as string })
      .waitFor();
    await page.getByRole('table', { name: /Veiligheidsbeoordeling: / }).waitFor();
    // Running and past terms are two groups that do not overlap, and the labels say so.
    const figure = (name: string) => page.locator('.utrecht-data-list__item', { hasText: name }).getByRole('link');
    expect(await figure('Lopende termijnen, nog niet verlopen').count()).toBe(1);
    expect(await figure('Verlopen termijnen, nog niet afgerond').textContent()).toBe('1');
    // The caseload of each worker with a case role: both of them, nobody regisseur yet.
    const caseload = page.getByRole('region', { name: 'Caseload per medewerker' }).getByRole('row');
    expect(await caseload.count()).toBe(3);
    expect(await caseload.nth(1).textContent()).toBe('Test000');
    await expectAccessible('12-dashboard');
    // A worker's name opens their cases as regisseur (none yet), and the way back.
    await caseload.nth(1).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Casussen van Test/ }).waitFor();
    await page.getByText('Geen casussen.').waitFor();
    await expectAccessible('12c-casussen-van-medewerker');
    await page.getByRole('link', { name: 'Terug naar het dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard termijnen' }).waitFor();

    // Every figure opens the list it counts.
    await figure('Verlopen termijnen, nog niet afgerond').click();
    await page.getByRole('heading', { level: 1, name: 'Verlopen termijnen, nog niet afgerond' }).waitFor();
    const listed = page.getByRole('row').filter({ hasText: opened.reference as string });
    await listed.waitFor();
    expect(await listed.textContent()).toMatch(/Veiligheidsbeoordeling: Verlopen/);
    await expectAccessible('12b-termijnen-verlopen');
    await page.getByRole('link', { name: 'Terug naar het dashboard' }).click();
    await breached.getByRole('link', { name: '1' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Verlopen termijnen, nog niet afgerond: veiligheidsbeoordeling' })
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: opened.reference as string })
      .waitFor();
    await page.getByRole('link', { name: 'Terug naar het dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard termijnen' }).waitFor();

    await page.getByRole('link', { name: 'Mijn werkvoorraad' }).click();
    await page.getByLabel('Toon casussen met termijnen').selectOption('breached');
    const row = page
      .getByRole('region', { name: /Wachtlijst/ })
      .getByRole('row')
      .filter({ hasText: opened.reference });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Veiligheidsbeoordeling: Verlopen: \d+ werkdag(en)? over tijd/);
    await expectAccessible('13-werkvoorraad-verlopen');
  });

  it('the work queue puts my most urgent case first and names the persons; the waiting list goes by risk', async () => {
    const vt = await veiligThuis(hub);
    const later = await openCase(hub, vt.caseworker.token);
    const breached = await openCase(hub, vt.caseworker.token, {
      persons: [{ role: 'victim', firstName: 'Fatima', lastName: 'El Amrani', dateOfBirth: '1985-02-03' }],
    });
    const atRisk = await openCase(hub, vt.caseworker.token);
    for (const c of [later, breached, atRisk]) {
      await assignRegisseur(hub, vt.supervisor.token, c.id, vt.caseworker.user.id);
    }
    await hub.db.query(`UPDATE deadlines SET due_at = now() + interval '30 days' WHERE case_id = $1`, [later.id]);
    await hub.db.query(`UPDATE deadlines SET due_at = now() + interval '1 hour' WHERE case_id = $1`, [atRisk.id]);
    await hub.db.query(
      `UPDATE deadlines SET status = 'breached', due_at = now() - interval '1 day', breached_at = now() WHERE case_id = $1`,
      [breached.id],
    );
    const dangerous = await openCase(hub, vt.caseworker.token, { redFlags: ['strangulation'] });
    const calm = await openCase(hub, vt.caseworker.token);

    await page.goto(`${hub.url}/`);
    await logIn(vt.caseworker.user.email);
    const mine = page.getByRole('region', { name: 'Mijn casussen' }).getByRole('row');
    await mine.nth(3).waitFor();
    const rows = await mine.allTextContents();
    expect(rows.slice(1).map((text) => text.slice(0, later.reference.length))).toEqual([
      breached.reference,
      atRisk.reference,
      later.reference,
    ]);
    expect(rows[1]).toContain('Fatima El Amrani (slachtoffer)');
    expect(rows[2]).toContain('Anna de Vries (slachtoffer), Bram de Vries (pleger)');
    const waiting = page.getByRole('region', { name: /Wachtlijst/ }).getByRole('row');
    await waiting.nth(2).waitFor();
    expect((await waiting.allTextContents()).slice(1).map((text) => text.slice(0, calm.reference.length))).toEqual([
      dangerous.reference,
      calm.reference,
    ]);
    await expectAccessible('07b-werkvoorraad-urgentie');
  });

  it('a supervisor adds a partner, and that partner sees the case with only the granted categories', async () => {
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const reporter = await createUser(hub.db, vt.id, ['caseworker']);
    const supervisor = await createUser(hub.db, vt.id, ['supervisor']);
    const police = await createOrganisation(hub.db, 'police');
    const officer = await createUser(hub.db, police.id, ['caseworker']);
    const opened = await openCase(hub, await login(hub, reporter.email), { redFlags: ['weapon'] });

    await page.goto(`${hub.url}/casussen/${opened.id}`);
    await logIn(supervisor.email);
    await page.locator('summary', { hasText: 'Netwerkpartner toevoegen' }).click();
    const form = page.getByRole('form', { name: 'Netwerkpartner toevoegen' });
    await form.getByRole('button', { name: 'Netwerkpartner toevoegen' }).click();
    await form.getByText('Kies een organisatie.').waitFor();
    await form.locator('[name="organisationId"]:focus').waitFor();
    await form.getByLabel('Organisatie').selectOption({ label: `Test ${police.slug}` });
    await form.getByLabel('Toelichting grondslag').fill('Politiewet art. 3');
    await form.getByRole('button', { name: 'Netwerkpartner toevoegen' }).click();
    const partnerRow = page
      .getByRole('region', { name: 'Netwerkpartners' })
      .getByRole('row')
      .filter({
        hasText: `Test ${police.slug}`,
      });
    await partnerRow.waitFor();
    await page.locator(':focus', { hasText: 'Netwerkpartner toegevoegd.' }).waitFor();
    expect(await partnerRow.textContent()).toContain('Wettelijke taak: Politiewet art. 3');
    expect(await partnerRow.textContent()).toContain('Basisgegevens');
    await expectAccessible('15-casus-partner-toegevoegd');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await logIn(officer.email);
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    // A partner finds the case among those its organisation works on; it has no waiting list and takes no reports.
    await page
      .getByRole('region', { name: 'Alle casussen waarin mijn organisatie netwerkpartner is' })
      .getByRole('link', { name: opened.reference as string })
      .waitFor();
    expect(await page.getByRole('region', { name: /Wachtlijst/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Nieuwe melding' }).count()).toBe(0);
    await page.goto(`${hub.url}/casussen/${opened.id}`);
    await page.getByRole('heading', { level: 1, name: `Casus ${opened.reference}` }).waitFor();
    await page
      .getByRole('region', { name: 'Samenvatting van de casus' })
      .getByText('Niet zichtbaar voor uw organisatie')
      .waitFor();
    expect(await page.getByRole('region', { name: 'Betrokkenen' }).textContent()).toContain('Anna de Vries');
    expect(await page.content()).not.toContain('Wapen');
    // A caseworker of a partner may record a restraining order, and nothing else.
    expect(await page.getByRole('region', { name: 'Wat u nu kunt doen' }).locator('summary').allTextContents()).toEqual(
      ['Huisverbod vastleggen'],
    );
    await expectAccessible('16-casus-als-partner');
  });

  it('a privacy officer searches the audit log of a case and verifies the chain', async () => {
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const reporter = await createUser(hub.db, vt.id, ['caseworker']);
    const officer = await createUser(hub.db, vt.id, ['privacy_officer']);
    const opened = await openCase(hub, await login(hub, reporter.email));
    await page.goto(`${hub.url}/`);
    await logIn(officer.email);
    await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
    await page.getByLabel('Casus-id (optioneel)').fill('geen-id');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('Geen geldige casus-id.').waitFor();
    await page.getByLabel('Casus-id (optioneel)').fill(opened.id as string);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: `casus ${opened.id}` })
      .first()
      .waitFor();
    // In Dutch: the intake as created, and its outcome.
    await page.getByRole('row').filter({ hasText: 'Aangemaakt' }).filter({ hasText: 'Gelukt' }).first().waitFor();
    await page.getByRole('button', { name: 'Keten controleren' }).click();
    await page.getByText(/De keten is intact: \d+ regels gecontroleerd\./).waitFor();
    await expectAccessible('17-auditlog');
  });

  it('a chair records a decision in a meeting and it appears in the case', async () => {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const opened = await openCase(hub, vt.caseworker.token);
    await assignRegisseur(hub, vt.supervisor.token, opened.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, opened.id, 'police', ['basic']);
    const created = await call<{ id: string }>(hub, 'POST', '/api/v1/meetings', {
      token: chair.token,
      body: {
        kind: 'action_meeting',
        scheduledAt: new Date().toISOString(),
        organisationIds: [police.id],
        caseIds: [opened.id],
      },
    });
    expect(created.status).toBe(201);

    await page.goto(`${hub.url}/`);
    await logIn(chair.user.email);
    await page.getByRole('link', { name: 'Overleg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overleggen' }).waitFor();
    await expectAccessible('18-overleggen');
    await page.getByRole('link', { name: /van / }).first().click();
    const form = page.getByRole('form', { name: `Besluit voor ${opened.reference}` });
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await form.getByText('Vul het besluit in.').waitFor();
    await form.getByLabel(`Besluit voor ${opened.reference}`).fill('Politie bezoekt het gezin deze week.');
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.getByText('Besluit (').filter({ hasText: 'Politie bezoekt het gezin deze week.' }).waitFor();
    await expectAccessible('19-overleg');

    await page.getByRole('link', { name: opened.reference as string }).click();
    await openTab('Notities en tijdlijn');
    await page.getByRole('region', { name: 'Tijdlijn' }).getByText('Besluit in overleg').waitFor();
  });

  it('the notifications inbox lists unread notifications and marks one read', async () => {
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const user = await createUser(hub.db, vt.id, ['caseworker']);
    await hub.db.query(
      `INSERT INTO notifications (recipient_user_id, kind, title, body) VALUES ($1, 'deadline_reminder', $2, $3)`,
      [user.id, 'Termijn loopt bijna af', 'De veiligheidsbeoordeling van VT-2026-000999 moet morgen klaar zijn.'],
    );
    await page.goto(`${hub.url}/berichten`);
    await logIn(user.email);
    const item = page.getByRole('article', { name: /Termijn loopt bijna af \(ongelezen\)/ });
    await item.waitFor();
    await expectAccessible('14-berichten');
    await item.getByRole('button', { name: 'Markeer als gelezen' }).click();
    await page.getByText('Geen berichten.').waitFor();
    await page.locator(':focus', { hasText: 'Gemarkeerd als gelezen: Termijn loopt bijna af.' }).waitFor();
  });

  it('a 401 that a refresh cannot cure brings the user back to login with a message', async () => {
    await page.goto(`${hub.url}/`);
    await logIn(caseworker.email);
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    // The session ends server-side (expired, revoked): every call and the refresh answer 401.
    await page.route('**/api/v1/**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: '{"statusCode":401,"message":"Unauthorized"}',
      }),
    );
    // The filter makes a call for sure; one the work queue still had under way may meet the 401
    // first, and then the filter is gone with the screen.
    await page
      .getByLabel('Toon casussen met termijnen')
      .selectOption('breached', { timeout: 2_000 })
      .catch(() => undefined);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Uw sessie is verlopen. Log opnieuw in.' }).waitFor();
    await expectAccessible('09-sessie-verlopen');
  });

  it('a reload keeps the session through the refresh cookie, not through storage', async () => {
    await page.goto(`${hub.url}/`);
    await logIn(caseworker.email);
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(stored).toBe('{}{}');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
  });

  it('throttled logins say so', async () => {
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const user = await createUser(hub.db, vt.id, ['caseworker']);
    await page.goto(`${hub.url}/inloggen`);
    for (let i = 0; i < hub.config.loginMaxPerAccount; i++) {
      await logIn(user.email, `fout-${i}`);
      await page.getByRole('alert').filter({ hasText: 'onjuist' }).waitFor();
    }
    await logIn(user.email);
    await page
      .getByRole('alert')
      .filter({ hasText: /Te veel inlogpogingen\. .*probeer het over \d+ minuten? opnieuw/ })
      .waitFor();
    await screenshot(page, '10-inloggen-geblokkeerd');
  });

  it('leaves /api, /health and /docs to the api and serves the app for deep links', async () => {
    const html = { accept: 'text/html' };
    const deep = await fetch(`${hub.url}/casussen/00000000-0000-4000-8000-000000000000`, { headers: html });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    expect((await fetch(`${hub.url}/health/live`, { headers: html })).headers.get('content-type')).toContain('json');
    expect((await fetch(`${hub.url}/api/v1/me`, { headers: html })).status).toBe(401);
    expect(await (await fetch(`${hub.url}/docs`, { headers: html })).text()).toContain('swagger');
  });
});
