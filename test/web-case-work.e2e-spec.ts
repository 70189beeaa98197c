import type { Locator, Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { addPartner, directedCase, member, openCase, veiligThuis } from './support/cases';
import { call, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-case-work.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** 'YYYY-MM-DDTHH:mm' in Amsterdam, `days` from now: what a datetime-local input takes. */
const localIn = (days: number) =>
  new Date(Date.now() + days * 86_400_000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' })
    .slice(0, 16)
    .replace(' ', 'T');

describeWithBrowser('web app: case work in Chromium', () => {
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

  async function openAs(email: string, caseId: string, reference: string): Promise<void> {
    await page.goto(`${hub.url}/casussen/${caseId}`);
    await logIn(email);
    await page.getByRole('heading', { level: 1, name: `Casus ${reference}` }).waitFor();
  }

  async function logOut(): Promise<void> {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  }

  /** Opens a step (a details element) and answers its form. */
  async function step(title: string, scope: Page | Locator = page): Promise<Locator> {
    const details = scope.locator('details', { has: page.locator('summary', { hasText: title }) });
    await details.locator('summary').click();
    return details.getByRole('form');
  }

  const region = (name: string) => page.getByRole('region', { name });
  const steps = () => region('Wat u nu kunt doen');
  const summary = () => region('Samenvatting van de casus');
  /** The error at a field itself (the summary above the form repeats it as a link). */
  const fieldError = (scope: Locator, text: string) =>
    scope.locator('.utrecht-form-field-error-message', { hasText: text }).waitFor();

  it('the regisseur assesses, suspends and resumes the investigation, plans an action, escalates and records an order', async () => {
    const { vt, created } = await directedCase(hub);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    await openAs(vt.caseworker.user.email, created.id, created.reference);
    // The summary bar: phase, risk, regie and the next term before anything else.
    expect(await summary().textContent()).toMatch(
      /^Fase\s*Triage.*Risico\s*\w+\s*Regisseur\s*U\s*Eerstvolgende termijn.*\(uiterlijk /,
    );

    // Only the steps the api names; a step of another phase is not offered.
    expect(await steps().locator('summary').allTextContents()).toEqual([
      'Regisseur aanwijzen',
      'Netwerkpartner toevoegen',
      'Melding toevoegen aan deze casus',
      'Veiligheidsbeoordeling vastleggen',
      'Afspraak maken (veiligheidsplan)',
      'Doorzettingsmacht inzetten',
      'Huisverbod vastleggen',
    ]);

    const assess = await step('Veiligheidsbeoordeling vastleggen');
    await assess.getByLabel('Samenvatting').fill('Structurele zorgen, onderzoek nodig.');
    await assess.getByRole('button', { name: 'Veiligheidsbeoordeling vastleggen' }).click();
    // Nothing is chosen for the user: the outcome and the decision are theirs to pick, focus goes there.
    await assess.locator('[name="outcome"]:focus').waitFor();
    expect(await assess.getByLabel('Besluit').getAttribute('aria-invalid')).toBe('true');
    // What is wrong, in Dutch, at the field and in a summary above the form whose links lead there.
    await fieldError(assess, 'Kies een besluit.');
    await assess.getByRole('link', { name: 'Kies een besluit.' }).click();
    await assess.locator('[name="decision"]:focus').waitFor();
    await assess.getByLabel('Uitkomst').selectOption({ label: 'Structureel onveilig' });
    await assess.getByLabel('Besluit').selectOption({ label: 'Onderzoek' });
    await assess.getByRole('button', { name: 'Veiligheidsbeoordeling vastleggen' }).click();
    await summary().getByText('Onderzoek', { exact: true }).waitFor();
    // The step is gone with the phase; its confirmation stays above the steps, with focus.
    await steps().locator(':focus', { hasText: 'Veiligheidsbeoordeling vastgelegd.' }).waitFor();

    const suspend = await step('Onderzoek opschorten');
    await suspend.getByRole('button', { name: 'Onderzoek opschorten' }).click();
    await suspend.getByRole('link', { name: 'Vul de reden in.' }).waitFor();
    expect(await suspend.getByLabel('Reden').getAttribute('aria-invalid')).toBe('true');
    await suspend.getByLabel('Reden').fill('Wacht op gegevens van de huisarts.');
    await suspend.getByRole('button', { name: 'Onderzoek opschorten' }).click();
    await steps().locator(':focus', { hasText: 'Onderzoek opgeschort' }).waitFor();
    await openTab('Risico en veiligheid');
    await region('Onderzoekstermijn').getByText('loopt nog').waitFor();
    // One suspension at a time: the step is gone while this one runs.
    expect(await steps().locator('summary', { hasText: 'Onderzoek opschorten' }).count()).toBe(0);
    await region('Onderzoekstermijn').getByRole('button', { name: 'Opschorting beëindigen' }).click();
    await region('Onderzoekstermijn')
      .getByText(/beëindigd .*opgeschoven/)
      .waitFor();

    const action = await step('Afspraak maken (veiligheidsplan)');
    await action.getByLabel('Uitvoerder').selectOption({ label: `Test ${police.slug}` });
    await action.getByLabel('Afspraak').fill('Huisbezoek door wijkagent');
    await action.getByLabel('Uiterlijk').fill(localIn(3));
    await action.getByRole('button', { name: 'Afspraak maken' }).click();
    // Saved: the step closes, the confirmation takes focus; the step stays on offer for the next one.
    await steps().locator(':focus', { hasText: 'Afspraak gemaakt.' }).waitFor();
    expect(await steps().locator('details[open]').count()).toBe(0);
    const plan = region('Veiligheidsplan: afspraken en doorzettingsmacht');
    await plan.getByText(`Huisbezoek door wijkagent — Test ${police.slug}`).waitFor();

    const escalate = await step('Doorzettingsmacht inzetten');
    await escalate.getByLabel('Organisatie').selectOption({ label: `Test ${police.slug}` });
    await escalate.getByLabel('Over afspraak (optioneel)').selectOption({ label: 'Huisbezoek door wijkagent' });
    await escalate.getByLabel('Reden').fill('Huisbezoek blijft uit.');
    await escalate.getByRole('button', { name: 'Doorzettingsmacht inzetten' }).click();
    await plan.getByText(/Huisbezoek blijft uit\. — nog open/).waitFor();

    const order = await step('Huisverbod vastleggen');
    await order.getByLabel('Opgelegd op').fill(localIn(0));
    await order.getByLabel('Opgelegd aan').selectOption({ label: 'Bram de Vries (pleger)' });
    await order.getByLabel('Opgelegd door').fill('Burgemeester van Utrecht');
    await order.getByRole('button', { name: 'Huisverbod vastleggen' }).click();
    await region('Tijdelijk huisverbod')
      .getByText(/door Burgemeester van Utrecht, loopt tot/)
      .waitFor();

    // The api's refusal lands at its field: an order runs at most 28 days.
    const extend = await step('Besluit van de burgemeester vastleggen', region('Tijdelijk huisverbod'));
    await extend.getByLabel('Besluit', { exact: true }).selectOption({ label: 'Verlengd' });
    await extend.getByLabel('Verlengd tot (optioneel)').fill(localIn(40));
    await extend.getByRole('button', { name: 'Besluit van de burgemeester' }).click();
    await fieldError(extend, 'ten hoogste 28 dagen na oplegging');
    expect(await extend.getByLabel('Verlengd tot (optioneel)').getAttribute('aria-invalid')).toBe('true');
    await extend.locator('[name="until"]:focus').waitFor();

    // The timeline says who did it, in which role and organisation.
    await openTab('Notities en tijdlijn');
    await page
      .getByRole('region', { name: 'Tijdlijn' })
      .getByText(/Huisverbod vastgelegd door Test \(regisseur, Test t-/)
      .waitFor();
    await expectAccessible('20-casus-veiligheidsplan');
  });

  it('a partner reports progress on its action, and its supervisor resolves the escalation', async () => {
    const { vt, created, path } = await directedCase(hub);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const chief = await member(hub, police, ['supervisor']);
    const token = vt.caseworker.token;
    const planned = await call(hub, 'POST', `${path}/actions`, {
      token,
      body: {
        assigneeOrganisationId: police.id,
        description: 'Huisbezoek',
        dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    });
    expect(planned.status).toBe(201);
    const raised = await call(hub, 'POST', `${path}/escalations`, {
      token,
      body: { targetOrganisationId: police.id, reason: 'Geen reactie.' },
    });
    expect(raised.status).toBe(201);

    await openAs(agent.user.email, created.id, created.reference);
    await openTab('Risico en veiligheid');
    const plan = region('Veiligheidsplan: afspraken en doorzettingsmacht');
    // A caseworker of the target may not resolve: no such step.
    expect(await plan.locator('summary', { hasText: 'Doorzettingsmacht afhandelen' }).count()).toBe(0);
    const progress = await step('Voortgang melden: Huisbezoek', plan);
    await progress.getByLabel('Stand').selectOption({ label: 'Gedaan' });
    await progress.getByLabel('Toelichting (optioneel)').fill('Gesprek gevoerd.');
    await progress.getByRole('button', { name: 'Voortgang melden' }).click();
    await plan.getByText(/Huisbezoek — .*gedaan \(Gesprek gevoerd\.\)/).waitFor();
    // Done, the action offers no more progress: the confirmation stands where the step was, with focus.
    await plan.locator(':focus[tabindex="-1"]', { hasText: 'Voortgang gemeld: Huisbezoek.' }).waitFor();
    expect(await plan.getByRole('status').textContent()).toBe('Voortgang gemeld: Huisbezoek.');
    await logOut();

    await openAs(chief.user.email, created.id, created.reference);
    await openTab('Risico en veiligheid');
    const resolve = await step('Doorzettingsmacht afhandelen', plan);
    await resolve.getByLabel('Hoe is het opgelost?').fill('Wijkagent is langs geweest.');
    await resolve.getByRole('button', { name: 'Doorzettingsmacht afhandelen' }).click();
    await plan.getByText(/afgehandeld: Wijkagent is langs geweest\./).waitFor();
    await expectAccessible('21-casus-doorzettingsmacht-afgehandeld');
  });

  it('a supervisor hands regie to a person of a partner, chosen from the people the api names', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    const police = await addPartner(hub, vt.supervisor.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);

    await openAs(vt.supervisor.user.email, created.id, created.reference);
    await region('Regie').getByText('Nog geen regisseur (wachtlijst).').waitFor();
    const assign = await step('Regisseur aanwijzen');
    await assign.getByLabel('Nieuwe regisseur').waitFor();
    const choices = await assign.getByLabel('Nieuwe regisseur').locator('option').allTextContents();
    expect(choices).toEqual(expect.arrayContaining([expect.stringContaining(`Test ${police.slug} (medewerker)`)]));
    await assign.getByRole('button', { name: 'Regisseur aanwijzen' }).click();
    await fieldError(assign, 'Kies een persoon.');
    await assign.getByLabel('Nieuwe regisseur').selectOption(agent.user.id);
    await assign.getByLabel('Reden van overdracht (optioneel)').fill('Politie pakt de regie op.');
    await assign.getByRole('button', { name: 'Regisseur aanwijzen' }).click();
    // Whom to call: the regisseur by name, the organisation, and the address.
    await region('Regie').getByText(`Regie bij Test, Test ${police.slug} (${agent.user.email}).`).waitFor();
    await steps().locator(':focus', { hasText: 'Regisseur aangewezen' }).waitFor();
    expect(await region('Regie').textContent()).toContain('Politie pakt de regie op.');
    await expectAccessible('22-casus-regie-overgedragen');
  });

  it('notes: written in a category the writer sees, read only by partners who see it', async () => {
    const { vt, created } = await directedCase(hub);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const shelter = await addPartner(hub, vt.caseworker.token, created.id, 'shelter', ['basic']);
    const worker = await member(hub, shelter, ['caseworker']);

    await openAs(vt.caseworker.user.email, created.id, created.reference);
    await openTab('Notities en tijdlijn');
    const notes = region('Notities');
    await notes.getByText('Geen notities die u mag lezen.').waitFor();
    const add = await step('Notitie toevoegen', notes);
    // The regie organisation sees every category; medical is for medical users only.
    const options = await add.getByLabel('Wie mag de notitie lezen').locator('option').allTextContents();
    expect(options.map((o) => o.split(':')[0])).toEqual(['Kies een categorie', 'Veiligheid', 'Verslag']);
    await add.getByRole('button', { name: 'Notitie toevoegen' }).click();
    await fieldError(add, 'Kies wie de notitie mag lezen.');
    await fieldError(add, 'Vul de notitie in.');
    expect(await add.getByRole('link').allTextContents()).toEqual([
      'Kies wie de notitie mag lezen.',
      'Vul de notitie in.',
    ]);
    expect(await add.getByLabel('Notitie', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await add.getByLabel('Wie mag de notitie lezen').selectOption('safety');
    await add.getByLabel('Notitie', { exact: true }).fill('Pleger heeft een jachtvergunning.\nWapen thuis.');
    await add.getByRole('button', { name: 'Notitie toevoegen' }).click();
    const note = notes.getByRole('listitem').filter({ hasText: 'Pleger heeft een jachtvergunning.' });
    await note.waitFor();
    expect(await note.textContent()).toContain(`Test ${vt.org.slug} (veiligheid): Pleger heeft een jachtvergunning.`);
    await expectAccessible('23-casus-notitie');
    await logOut();

    // The police sees safety data: the note, and may write in that category alone.
    await openAs(agent.user.email, created.id, created.reference);
    await openTab('Notities en tijdlijn');
    await note.waitFor();
    const theirs = await step('Notitie toevoegen', notes);
    const policeOptions = await theirs.getByLabel('Wie mag de notitie lezen').locator('option').allTextContents();
    expect(policeOptions.map((o) => o.split(':')[0])).toEqual(['Kies een categorie', 'Veiligheid']);
    await logOut();

    // The shelter has basic data only: no note to read, none to write.
    await openAs(worker.user.email, created.id, created.reference);
    await openTab('Notities en tijdlijn');
    await notes.getByText('Geen notities die u mag lezen.').waitFor();
    expect(await notes.locator('summary', { hasText: 'Notitie toevoegen' }).count()).toBe(0);
    expect(await page.textContent('body')).not.toContain('jachtvergunning');
  });

  it('shows the report and the assessment as far as each organisation sees them', async () => {
    const { vt, created, path } = await directedCase(hub);
    const assessed = await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Zorgen over de kinderen.' },
    });
    expect(assessed.status).toBe(200);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);

    await openAs(vt.caseworker.user.email, created.id, created.reference);
    // Tabs as WAI-ARIA has them: the arrow key moves to the next tab and opens it.
    await page.getByRole('tab', { name: 'Overzicht' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('[role="tab"][aria-selected="true"]:focus', { hasText: 'Meldingen en beoordeling' }).waitFor();
    expect(await region('Betrokkenen').count()).toBe(0);
    const reports = region('Meldingen in deze casus');
    await reports.getByText('Melder hoorde geschreeuw.').waitFor();
    expect(await reports.textContent()).toContain('via telefoon');
    expect(await reports.textContent()).toContain('Melder: Burger, Buurvrouw, 0612345678.');
    expect(await reports.textContent()).toContain('Radar: geen eerdere casussen met deze betrokkenen.');
    const decisions = region('Beoordeling en besluiten');
    expect(await decisions.textContent()).toMatch(
      /Veiligheidsbeoordeling .*: structureel onveilig, besluit onderzoek\./,
    );
    expect(await decisions.textContent()).toContain('Samenvatting van de beoordeling: Zorgen over de kinderen.');
    await expectAccessible('24-casus-meldingen');
    await logOut();

    // The police sees the assessment's outcome (safety) but neither the reporter nor the texts.
    await openAs(agent.user.email, created.id, created.reference);
    await openTab('Meldingen en beoordeling');
    await reports.getByText('Uw organisatie ziet het verslag van de meldingen niet.').waitFor();
    expect(await reports.textContent()).not.toContain('Buurvrouw');
    expect(await reports.textContent()).not.toContain('Radar');
    expect(await decisions.textContent()).toMatch(/structureel onveilig, besluit onderzoek\./);
    expect(await page.textContent('body')).not.toContain('Zorgen over de kinderen');
    expect(await page.textContent('body')).not.toContain('geschreeuw');
  });

  it('adds a report to the case from the case, without the persons it already has', async () => {
    const { vt, created } = await directedCase(hub);
    await openAs(vt.caseworker.user.email, created.id, created.reference);
    const add = steps().locator('details', {
      has: page.locator('summary', { hasText: 'Melding toevoegen aan deze casus' }),
    });
    await add.locator('summary').click();
    await add.getByRole('link', { name: `Meldingsformulier voor ${created.reference} openen` }).click();
    await page.getByRole('heading', { level: 1, name: `Melding toevoegen aan ${created.reference}` }).waitFor();
    await page.getByLabel('Kindermishandeling').check();
    await page.getByLabel('Wapen').check();
    await page.getByLabel('Verslag van de melding (optioneel)').fill('School meldt blauwe plekken.');
    await page.getByRole('button', { name: 'Melding opslaan' }).click();
    await page.locator('h1:focus', { hasText: 'Melding opgeslagen' }).waitFor();
    expect(await page.getByRole('region', { name: /Melding opgeslagen als / }).textContent()).toContain(
      created.reference,
    );
    await expectAccessible('25-melding-toegevoegd');

    await page.getByRole('link', { name: `Naar casus ${created.reference}` }).click();
    await openTab('Meldingen en beoordeling');
    const reports = region('Meldingen in deze casus');
    await reports.getByText('School meldt blauwe plekken.').waitFor();
    expect(await reports.getByRole('listitem').count()).toBe(2);
    await openTab('Overzicht');
    expect(await region('Betrokkenen').getByRole('listitem').count()).toBe(2);
  });
});
