import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { addPartner, assignRegisseur, member, openCase, veiligThuis } from './support/cases';
import { call, createOrganisation, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-meetings.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** A calendar day in Amsterdam, `days` from now, as a date input takes it. */
const amsterdamDay = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

describeWithBrowser('web app: Overleg in Chromium', () => {
  const session = pagePerTest([400, 401]);
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

  /**
   * Focus settles on the field named `name` (the app moves it once the errors are drawn). A
   * locator polls without eval, which the api's CSP forbids in the page.
   */
  const expectFocusOn = (name: string) => page.locator(`[name="${name}"]:focus`).waitFor({ timeout: 5_000 });

  /**
   * A Veilig Thuis case with a weapon, an open action for the police and an escalation about it,
   * directed by its caseworker; the police (with safety) in its network, a GI outside it; a chair
   * of the VT.
   */
  async function setting() {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const opened = await openCase(hub, vt.caseworker.token, {
      receivedAt: new Date().toISOString(),
      redFlags: ['weapon'],
    });
    await assignRegisseur(hub, vt.supervisor.token, opened.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, opened.id, 'police', ['basic', 'safety']);
    const policeWorker = await member(hub, police, ['caseworker']);
    await hub.db.query(`UPDATE users SET name = 'Petra Pols' WHERE id = $1`, [policeWorker.user.id]);
    const action = await call(hub, 'POST', `/api/v1/cases/${opened.id}/actions`, {
      token: vt.caseworker.token,
      body: {
        assigneeOrganisationId: police.id,
        description: 'Huisbezoek afleggen',
        dueAt: `${amsterdamDay(7)}T17:00:00+01:00`,
      },
    });
    expect(action.status).toBe(201);
    const escalation = await call(hub, 'POST', `/api/v1/cases/${opened.id}/escalations`, {
      token: vt.caseworker.token,
      body: { targetOrganisationId: police.id, actionId: action.body.id, reason: 'Nog geen afspraak gemaakt' },
    });
    expect(escalation.status).toBe(201);
    const gi = await createOrganisation(hub.db, 'certified_institution');
    return { vt, chair, opened, police, policeWorker, gi };
  }

  /** The setting's case on the agenda of a meeting of the chair's, with the police and the GI. */
  async function planned(s: Awaited<ReturnType<typeof setting>>, kind: string, scheduledAt: string) {
    const created = await call<{ id: string }>(hub, 'POST', '/api/v1/meetings', {
      token: s.chair.token,
      body: { kind, scheduledAt, organisationIds: [s.police.id, s.gi.id], caseIds: [s.opened.id] },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  // One journey per test: together they outran 180 s on a loaded CI machine, and each stands alone.
  it('a chair plans a meeting: the form checks itself, the agenda picker narrows by name or reference, the time is Amsterdam time', async () => {
    const s = await setting();
    const reference = s.opened.reference as string;
    const other = await openCase(hub, s.vt.caseworker.token, {
      persons: [{ role: 'victim', firstName: 'Lieke', lastName: 'Zomer', dateOfBirth: '1992-04-04' }],
    });

    await page.goto(`${hub.url}/`);
    await logIn(s.chair.user.email);
    await page.getByRole('link', { name: 'Overleg', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Overleggen' }).waitFor();
    await page.getByRole('link', { name: 'Overleg plannen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overleg plannen' }).waitFor();
    await page.getByLabel(reference).waitFor();
    await expectAccessible('overleg-nieuw');

    // The form's own checks, with focus on the first field to mend.
    await page.getByRole('button', { name: 'Overleg plannen' }).click();
    await page.getByText('Vul de datum en het tijdstip in.').waitFor();
    await page.getByText('Kies minstens één casus voor de agenda.').waitFor();
    await expectFocusOn('scheduledAt');
    expect(await page.getByLabel('Datum en tijd (Nederlandse tijd)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('overleg-nieuw-fouten');

    await page.getByLabel('Soort overleg').selectOption({ label: 'MDA++-overleg' });
    await page.getByLabel('Datum en tijd (Nederlandse tijd)').fill(`${amsterdamDay(1)}T10:00`);
    // Participants are found by name among every organisation; a chosen one stays in view.
    const participants = page.getByLabel('Zoek een organisatie op naam');
    await participants.fill(s.police.slug);
    await page.getByRole('status').filter({ hasText: '1 organisatie gevonden.' }).waitFor();
    await page.getByLabel(`Test ${s.police.slug}`).check();
    await participants.fill(s.gi.slug);
    await page.getByLabel(`Test ${s.gi.slug}`).check();
    expect(await page.getByLabel(`Test ${s.police.slug}`).isChecked()).toBe(true);
    // The agenda picker narrows as one types, by a person's name or the reference.
    const search = page.getByLabel('Zoek een casus op kenmerk of naam');
    await search.fill('zomer');
    await page.getByRole('status').filter({ hasText: '1 casus gevonden.' }).waitFor();
    expect(await page.getByLabel(reference).count()).toBe(0);
    await page.getByLabel(other.reference as string).waitFor();
    await search.fill(reference);
    await page.getByLabel(reference).check();
    // A chosen case stays in view whatever is typed next.
    await search.fill('zomer');
    await page.getByLabel(other.reference as string).waitFor();
    expect(await page.getByLabel(reference).isChecked()).toBe(true);
    await expectAccessible('overleg-nieuw-zoeken');
    await page.getByRole('button', { name: 'Overleg plannen' }).click();
    const planned = page.getByRole('status').filter({ hasText: 'MDA++-overleg van' });
    await planned.waitFor();
    expect(await planned.textContent()).toContain('10:00');
    expect(await planned.textContent()).toContain('1 casus op de agenda');
    const [row] = (await hub.db.query(
      `SELECT m.scheduled_at AS at, array_agg(p.organisation_id::text ORDER BY p.organisation_id) AS orgs
         FROM meetings m JOIN meeting_participants p ON p.meeting_id = m.id
        WHERE m.organisation_id = $1 GROUP BY m.id`,
      [s.vt.org.id],
    )) as { at: Date; orgs: string[] }[];
    expect(row.orgs).toEqual([s.vt.org.id, s.police.id, s.gi.id].sort());
    expect(row.at.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' })).toBe(`${amsterdamDay(1)} 10:00:00`);
    await expectAccessible('overleg-gepland');

    await page.getByRole('link', { name: 'Naar het overleg en de voorbereiding' }).click();
    await page.getByRole('heading', { level: 1, name: /^MDA\+\+-overleg van / }).waitFor();
  });

  it('a chair prepares a meeting, records a decision with an action and a new regisseur, and closes it into minutes', async () => {
    const s = await setting();
    const reference = s.opened.reference as string;
    const meetingId = await planned(s, 'mda', `${amsterdamDay(1)}T10:00:00+01:00`);

    await page.goto(`${hub.url}/overleg/${meetingId}`);
    await logIn(s.chair.user.email);
    await page.getByRole('heading', { level: 1, name: /^MDA\+\+-overleg van / }).waitFor();
    const preparation = page.getByRole('region', { name: 'Voorbereiding' });
    await preparation.getByText(/^Huisbezoek afleggen — /).waitFor();
    expect(await preparation.textContent()).toMatch(/Veiligheidsbeoordeling: (Nog \d+ werkdag(en)?|Vandaag uiterlijk)/);
    expect(await preparation.textContent()).toMatch(/Afspraak: Nog \d+ werkdag/);
    expect(await preparation.textContent()).toContain('Wapen');
    const stalled = preparation.getByRole('listitem').filter({ hasText: 'Nog geen afspraak gemaakt' });
    expect(await stalled.textContent()).toMatch(
      /^Naar Test \S+ sinds .*, over "Huisbezoek afleggen": Nog geen afspraak gemaakt\. Reactie op doorzettingsmacht: Nog \d werkdag/,
    );
    await expectAccessible('overleg-voorbereiding');

    const form = page.getByRole('form', { name: `Besluit voor ${reference}` });
    await form.getByLabel(`Besluit voor ${reference}`).fill('Regie naar de politie; wapen laten inleveren.');
    await form
      .getByLabel('Nieuwe regisseur (optioneel)')
      .selectOption({ label: `Petra Pols, medewerker bij Test ${s.police.slug}` });
    await form.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await form.getByLabel('Uitvoerende organisatie').selectOption({ label: `Test ${s.police.slug}` });
    await form.getByLabel('Omschrijving').fill('Wapen in beslag nemen');
    // A date the api refuses (outside its deadline calendar) comes back at its row's field.
    await form.getByLabel('Uiterlijk op').fill('2099-01-15');
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await form.getByText('binnen de termijnenkalender').waitFor();
    const due = form.getByLabel('Uiterlijk op');
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    await expectFocusOn('actions.0.dueAt');
    const described = ((await due.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const descriptions = await Promise.all(described.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions.join(' ')).toContain('binnen de termijnenkalender');
    await expectAccessible('overleg-besluit-fout');

    await due.fill(amsterdamDay(5));
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await form.getByRole('status').filter({ hasText: 'Besluit vastgelegd in de casus.' }).waitFor();
    await page.locator(':focus', { hasText: 'Besluit vastgelegd' }).waitFor();
    const decision = page.getByRole('listitem').filter({ hasText: 'Regie naar de politie' });
    await decision.getByText(`Afspraak: Wapen in beslag nemen — Test ${s.police.slug}`).waitFor();
    await decision.getByText(`Nieuwe regisseur aangewezen bij Test ${s.police.slug}`).waitFor();
    await expectAccessible('overleg-besluit');

    // Closing cannot be undone: asked twice, with focus on the question, and a way back.
    await page.getByRole('button', { name: 'Overleg sluiten' }).click();
    await page.locator(':focus', { hasText: 'Wilt u het overleg nu sluiten?' }).waitFor();
    await page.getByRole('button', { name: 'Annuleren' }).click();
    await page.locator('button:focus', { hasText: 'Overleg sluiten' }).waitFor();
    await page.getByRole('button', { name: 'Overleg sluiten' }).click();
    await page.getByRole('button', { name: 'Ja, overleg sluiten' }).click();
    await page.locator(':focus', { hasText: 'Het overleg is gesloten.' }).waitFor();
    await page.getByText('Status: gesloten').waitFor();
    expect(await page.getByRole('form', { name: `Besluit voor ${reference}` }).count()).toBe(0);
    // The minutes as they stood at closing: chair, participants, decisions; dates, no countdowns.
    const minutes = page.getByRole('region', { name: 'Verslag' });
    await minutes.getByText(`Voorzitter: Test (Test ${s.vt.org.slug}).`, { exact: false }).waitFor();
    expect(await minutes.textContent()).toContain(`Deelnemende organisaties: `);
    expect(await minutes.textContent()).toContain(`Test ${s.police.slug}`);
    const action = minutes.getByRole('listitem').filter({ hasText: /^Afspraak: Wapen in beslag nemen/ });
    expect(await action.textContent()).toMatch(/uiterlijk \d+ \w+\.? \d{4}.*\(open bij sluiten\)/);
    expect(await page.locator('main').textContent()).not.toMatch(/werkdag|Vandaag uiterlijk/);
    expect(await page.getByRole('region', { name: 'Voorbereiding' }).count()).toBe(0);
    await expectAccessible('overleg-verslag');
    // Printed: the minutes without the buttons and the navigation.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Verslag afdrukken' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Uitloggen' }).isVisible()).toBe(false);
    expect(await minutes.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  });

  it("the police caseworker, made regisseur by a meeting's decision, finds the regie and the decided action in the case", async () => {
    const s = await setting();
    const reference = s.opened.reference as string;
    const meetingId = await planned(s, 'mda', `${amsterdamDay(1)}T10:00:00+01:00`);
    const decided = await call(hub, 'POST', `/api/v1/meetings/${meetingId}/items/${s.opened.id}/decisions`, {
      token: s.chair.token,
      body: {
        text: 'Regie naar de politie; wapen laten inleveren.',
        regisseurUserId: s.policeWorker.user.id,
        actions: [
          {
            assigneeOrganisationId: s.police.id,
            description: 'Wapen in beslag nemen',
            dueAt: `${amsterdamDay(5)}T17:00:00+01:00`,
          },
        ],
      },
    });
    expect(decided.status).toBe(201);

    await page.goto(`${hub.url}/casussen/${s.opened.id}`);
    await logIn(s.policeWorker.user.email);
    await page.getByRole('heading', { level: 1, name: `Casus ${reference}` }).waitFor();
    await page.getByRole('region', { name: 'Regie' }).getByText('U bent regisseur.').waitFor();
    await openTab('Risico en veiligheid');
    await page
      .getByRole('region', { name: /Veiligheidsplan/ })
      .getByText('Wapen in beslag nemen')
      .waitFor();
    await expectAccessible('overleg-casus-netwerkpartner');
  });

  it('a participant sees the agenda without preparation or forms; a case outside its network shows as such', async () => {
    const s = await setting();
    const giWorker = await member(hub, s.gi, ['caseworker']);
    const created = await call<{ id: string }>(hub, 'POST', '/api/v1/meetings', {
      token: s.chair.token,
      body: {
        kind: 'zsm',
        scheduledAt: `${amsterdamDay(2)}T09:30:00+01:00`,
        organisationIds: [s.police.id, s.gi.id],
        caseIds: [s.opened.id],
      },
    });
    expect(created.status).toBe(201);

    await page.goto(`${hub.url}/overleg/${created.body.id}`);
    await logIn(giWorker.user.email);
    await page.getByRole('heading', { level: 1, name: /^ZSM-overleg van / }).waitFor();
    await page
      .getByRole('heading', { level: 2, name: 'Agendapunt 1: een casus die uw organisatie niet ziet' })
      .waitFor();
    expect(await page.locator('main').textContent()).not.toContain(s.opened.reference);
    expect(await page.getByRole('region', { name: 'Voorbereiding' }).count()).toBe(0);
    expect(await page.getByRole('form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Overleg sluiten' }).count()).toBe(0);
    await expectAccessible('overleg-deelnemer');
  });
});
