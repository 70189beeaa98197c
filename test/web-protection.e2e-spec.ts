import type { Locator, Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { addPartner, directedCase } from './support/cases';
import { Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-protection.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** 'YYYY-MM-DDTHH:mm' in Amsterdam, `days` from now: what a datetime-local input takes. */
const localIn = (days: number) =>
  new Date(Date.now() + days * 86_400_000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' })
    .slice(0, 16)
    .replace(' ', 'T');

describeWithBrowser('web app: a restraining order’s course and protective measures in Chromium', () => {
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

  /** Opens a step (a details element) and answers its form. */
  async function step(title: string, scope: Page | Locator = page): Promise<Locator> {
    const details = scope.locator('details', { has: page.locator('summary', { hasText: title }) });
    await details.locator('summary').click();
    return details.getByRole('form');
  }

  const region = (name: string) => page.getByRole('region', { name });

  it('records an order on the suspect, advises, records a breach and the mayor’s decision; the page and the timeline show it', async () => {
    const { vt, created } = await directedCase(hub);
    await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    await page.goto(`${hub.url}/casussen/${created.id}`);
    await logIn(vt.caseworker.user.email);
    await page.getByRole('heading', { level: 1, name: `Casus ${created.reference}` }).waitFor();

    const imposedAt = localIn(0);
    const record = await step('Huisverbod vastleggen', region('Wat u nu kunt doen'));
    await record.getByLabel('Opgelegd op').fill(imposedAt);
    await record.getByLabel('Opgelegd aan').selectOption({ label: 'Bram de Vries (pleger)' });
    await record.getByLabel('Opgelegd door').fill('Burgemeester van Utrecht');
    await record.getByRole('button', { name: 'Huisverbod vastleggen' }).click();
    await region('Wat u nu kunt doen').locator(':focus', { hasText: 'Huisverbod vastgelegd.' }).waitFor();
    await openTab('Risico en veiligheid');
    const orders = region('Tijdelijk huisverbod');
    await orders.getByText(/Opgelegd aan Bram de Vries op .* door Burgemeester van Utrecht, loopt tot/).waitFor();

    const advice = await step('Advies over verlenging geven', orders);
    await advice.getByLabel('Advies', { exact: true }).selectOption({ label: 'Verlengen' });
    await advice.getByLabel('Onderbouwing').fill('Dreiging houdt aan; hulp is net gestart.');
    await advice.getByRole('button', { name: 'Advies over verlenging' }).click();
    await orders.locator(':focus', { hasText: 'Advies over verlenging gegeven.' }).waitFor();
    await orders.getByText(/advies: verlengen/).waitFor();
    await orders.getByText('Advies: Dreiging houdt aan; hulp is net gestart.').waitFor();
    // Advice is given once: the step is gone.
    expect(await orders.locator('summary', { hasText: 'Advies over verlenging geven' }).count()).toBe(0);

    const breach = await step('Overtreding vastleggen', orders);
    await breach.getByLabel('Tijdstip van de overtreding').fill(imposedAt);
    await breach.getByLabel('Wat is er gebeurd?').fill('Stond voor de deur; politie ter plaatse.');
    await breach.getByRole('button', { name: 'Overtreding van het huisverbod' }).click();
    await orders
      .getByRole('list', { name: 'Overtredingen' })
      .getByText(/Stond voor de deur; politie ter plaatse\./)
      .waitFor();
    await page.getByText(/Rode vlaggen: Verbod overtreden/).waitFor();

    // The api's refusal lands at its field: an order runs at most 28 days.
    const decision = await step('Besluit van de burgemeester vastleggen', orders);
    await decision.getByLabel('Besluit', { exact: true }).selectOption({ label: 'Verlengd' });
    await decision.getByLabel('Verlengd tot (optioneel)').fill(localIn(40));
    await decision.getByRole('button', { name: 'Besluit van de burgemeester' }).click();
    await decision
      .locator('.utrecht-form-field-error-message', { hasText: 'ten hoogste 28 dagen na oplegging' })
      .waitFor();
    expect(await decision.getByLabel('Verlengd tot (optioneel)').getAttribute('aria-invalid')).toBe('true');
    await decision.getByLabel('Verlengd tot (optioneel)').fill(localIn(14));
    await decision.getByRole('button', { name: 'Besluit van de burgemeester' }).click();
    await orders.getByText(/besluit: verlengd/).waitFor();

    await openTab('Notities en tijdlijn');
    const timeline = region('Tijdlijn');
    for (const what of [
      'Huisverbod vastgelegd',
      'Advies over verlenging huisverbod gegeven',
      'Huisverbod overtreden',
      'Huisverbod verlengd',
    ]) {
      await timeline
        .getByText(new RegExp(`: ${what} door `))
        .first()
        .waitFor();
    }
    await expectAccessible('50-casus-huisverbod');
  });

  it('records a contact ban with its persons and end date, and ends it', async () => {
    const { vt, created } = await directedCase(hub);
    await page.goto(`${hub.url}/casussen/${created.id}`);
    await logIn(vt.caseworker.user.email);
    await openTab('Risico en veiligheid');
    const measures = region('Beschermingsmaatregelen');
    await measures.getByText('Geen andere beschermingsmaatregelen.').waitFor();

    const record = await step('Beschermingsmaatregel vastleggen', measures);
    await record.getByLabel('Soort maatregel').selectOption({ label: 'Contactverbod' });
    await record.getByLabel('Geldt voor (optioneel)').selectOption({ label: 'Bram de Vries (pleger)' });
    await record.getByLabel('Beschermt (optioneel)').selectOption({ label: 'Anna de Vries (slachtoffer)' });
    await record.getByLabel('Opgelegd of geleverd door').fill('Officier van justitie Midden-Nederland');
    await record.getByLabel('Ingangsdatum').fill(localIn(0));
    await record.getByLabel('Einddatum (optioneel)').fill(localIn(-1));
    await record.getByRole('button', { name: 'Beschermingsmaatregel vastleggen' }).click();
    await record.locator('.utrecht-form-field-error-message', { hasText: 'moet na het begin liggen' }).waitFor();
    await record.getByLabel('Einddatum (optioneel)').fill(localIn(90));
    await record.getByRole('button', { name: 'Beschermingsmaatregel vastleggen' }).click();
    const list = measures.getByRole('list', { name: 'Maatregelen' });
    await list
      .getByText(/Contactverbod \(betreft Bram de Vries, beschermt Anna de Vries\), door Officier van justitie/)
      .waitFor();

    const end = await step('Maatregel beëindigen', list);
    await end.getByLabel('Reden (optioneel)').fill('Opgeheven door de rechter');
    await end.getByRole('button', { name: 'Maatregel beëindigen' }).click();
    await list.getByText(/beëindigd .*: Opgeheven door de rechter/).waitFor();
    await measures.locator(':focus', { hasText: 'Maatregel beëindigd.' }).waitFor();
    await openTab('Notities en tijdlijn');
    await region('Tijdlijn')
      .getByText(/: Beschermingsmaatregel beëindigd door /)
      .waitFor();
    await expectAccessible('51-casus-beschermingsmaatregel');
  });
});
