import type { Locator, Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { CaseBody, directedCase } from './support/cases';
import { call, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-feedback-follow-up.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** Feedback to the reporter, follow-up checks and advice requests in the web app (docs/feedback-and-follow-up.md). */
describeWithBrowser('web app: feedback, follow-up and advice requests in Chromium', () => {
  const session = pagePerTest([401]);
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

  async function step(within: Locator, title: string): Promise<Locator> {
    const details = within.locator('details', { has: page.locator('summary', { hasText: title }) });
    await details.locator('summary').click();
    return details.getByRole('form');
  }

  it('a caseworker gives feedback to the professional reporter and records a check after closing', async () => {
    const { created, path, token, vt } = await directedCase(hub, {
      reporter: { kind: 'professional', name: 'Dr. Jansen', organisation: 'Huisartsenpraktijk' },
    });
    const assessed = await call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
      token,
      body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
    });
    expect(assessed.status).toBe(200);

    await page.goto(`${hub.url}/casussen/${created.id}`);
    await logIn(vt.caseworker.user.email);
    await openTab('Meldingen en beoordeling');
    const feedback = page.getByRole('region', { name: 'Terugkoppeling aan de melder' });
    await feedback.getByText('nog niet teruggekoppeld.').waitFor();
    const form = await step(feedback, 'Terugkoppeling vastleggen');
    await form.getByLabel('Notitie voor het dossier (optioneel)').fill('Telefonisch teruggekoppeld.');
    await form.getByRole('button', { name: 'Terugkoppeling vastleggen' }).click();
    await feedback
      .getByText(/teruggekoppeld op .*: geen verdere stappen van Veilig Thuis; geen e-mailadres bekend\./)
      .waitFor();
    await feedback.locator(':focus', { hasText: 'Terugkoppeling vastgelegd.' }).waitFor();

    const checks = page.getByRole('region', { name: 'Controles na afsluiten' });
    await checks.getByText(/Controle na 4 weken, uiterlijk .*: nog te doen\./).waitFor();
    const check = await step(
      checks.getByRole('listitem').filter({ hasText: 'Controle na 4 weken' }),
      'Controle vastleggen',
    );
    await check.getByLabel('Uitkomst').selectOption({ label: 'Veilig' });
    await check.getByLabel('Toelichting (optioneel)').fill('Moeder gebeld: het gaat goed.');
    await check.getByRole('button', { name: 'Controle vastleggen' }).click();
    await checks
      .getByText(/Controle na 4 weken, uiterlijk .*: Veilig \(.*\): Moeder gebeld: het gaat goed\./)
      .waitFor();
    await expectAccessible('terugkoppeling-nazorg');
  });

  it('a caseworker records an anonymous advice request and finds it in the list', async () => {
    const { vt } = await directedCase(hub);
    await page.goto(`${hub.url}/adviesvragen`);
    await logIn(vt.caseworker.user.email);
    await page.getByRole('heading', { level: 1, name: 'Adviesvragen' }).waitFor();
    await page.getByLabel('Anoniem: geen naam, telefoon of e-mail vastleggen').check();
    await page.getByLabel('Kindermishandeling').check();
    await page.getByLabel('Vraag', { exact: true }).fill('Een buurkind heeft vaak blauwe plekken.');
    await page.getByLabel('Gegeven advies').fill('Signalen noteren en bij twijfel een melding doen.');
    await page.getByLabel('Duur (minuten)').fill('15');
    await page.getByRole('button', { name: 'Adviesvraag vastleggen' }).click();
    await page.getByRole('status').filter({ hasText: 'De adviesvraag is vastgelegd.' }).waitFor();
    const list = page.getByRole('region', { name: 'Vastgelegde adviesvragen' });
    await list.getByText('Een buurkind heeft vaak blauwe plekken.', { exact: false }).waitFor();
    await list.getByText(/, anoniem/).waitFor();
    await expectAccessible('adviesvragen');
  });

  it('an adviser turns an advice request into a report, filled in from the request', async () => {
    const { vt, token } = await directedCase(hub);
    const asked = await call<CaseBody>(hub, 'POST', '/api/v1/advice-requests', {
      token,
      body: {
        askedAt: new Date(Date.now() - 3_600_000).toISOString(),
        anonymous: false,
        requester: { kind: 'professional', organisationKind: 'school', name: 'Mevrouw Bakker', phone: '0301234567' },
        subjects: ['child_abuse', 'signals'],
        question: 'Een leerling vertelt dat vader hem slaat.',
        advice: 'Dit is een melding waard; wij nemen hem op.',
        durationMinutes: 20,
      },
    });
    expect(asked.status).toBe(201);
    await page.goto(`${hub.url}/adviesvragen`);
    await logIn(vt.caseworker.user.email);
    const list = page.getByRole('region', { name: 'Vastgelegde adviesvragen' });
    await list.getByRole('button', { name: /^Omzetten in melding/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Adviesvraag omzetten in melding' }).waitFor();
    // What the request recorded is filled in; a subject that is no violence type is left out.
    expect(await page.getByLabel('Naam melder (optioneel)').inputValue()).toBe('Mevrouw Bakker');
    expect(await page.getByLabel('Telefoon melder (optioneel)').inputValue()).toBe('0301234567');
    expect(await page.getByLabel('Kindermishandeling').isChecked()).toBe(true);
    expect(await page.getByLabel('Verslag van de melding (optioneel)').inputValue()).toBe(
      'Adviesvraag: Een leerling vertelt dat vader hem slaat.',
    );
    await page.getByLabel('Voornaam').fill('Daan');
    await page.getByLabel('Achternaam').fill('Visser');
    await expectAccessible('adviesvraag-omzetten');
    await page.getByRole('button', { name: 'Melding opslaan' }).click();
    const saved = page.getByRole('heading', { name: /^Melding opgeslagen als / });
    await saved.waitFor();
    const reference = ((await saved.textContent()) ?? '').replace('Melding opgeslagen als ', '');

    // The request now names its case, and cannot be turned into a report again.
    await page.getByRole('button', { name: 'Terug naar de adviesvragen' }).click();
    await list.getByRole('link', { name: 'Casus' }).waitFor();
    expect(await list.getByRole('button', { name: /^Omzetten in melding/ }).count()).toBe(0);
    const requests = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/advice-requests', { token });
    const caseId = requests.body.items.find((a) => a.id === asked.body.id)?.caseId as string;
    const created = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${caseId}`, { token });
    expect(created.body).toMatchObject({ reference });
  });
});
