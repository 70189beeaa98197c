import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { addPartner, assignRegisseur, caseBody, member, openCase, strangers, veiligThuis } from './support/cases';
import { createOrganisation, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-child-checks.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

const PERSONS = [
  ...caseBody().persons,
  { role: 'child', bsn: '100023757', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2016-04-12' },
  { role: 'other', bsn: '100126704', firstName: 'Noor', lastName: 'de Vries', dateOfBirth: '2012-02-20' },
];

describeWithBrowser('web app: children in Chromium', () => {
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

  /** A case with a child, directed by the receiving caseworker, whose organisation has a region of its own. */
  async function caseWithChild() {
    const vt = await veiligThuis(hub);
    await hub.db.query(`UPDATE organisations SET region = $1 WHERE id = $2`, [`r-${randomUUID()}`, vt.org.id]);
    const created = await openCase(hub, vt.caseworker.token, { persons: strangers(PERSONS) });
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    return { vt, created };
  }

  async function openAs(email: string, caseId: string, reference: string): Promise<void> {
    await page.goto(`${hub.url}/casussen/${caseId}`);
    await logIn(email);
    await page.getByRole('heading', { level: 1, name: `Casus ${reference}` }).waitFor();
  }

  /** Opens a step (a details element) and answers its form. */
  async function step(title: string, scope: Locator): Promise<Locator> {
    const details = scope.locator('details', { has: page.locator('summary', { hasText: title }) });
    await details.locator('summary').click();
    return details.getByRole('form');
  }

  const region = (name: string) => page.getByRole('region', { name });

  it('a caseworker records the check of a child, and brings in the child protection board', async () => {
    const { vt, created } = await caseWithChild();
    const board = await createOrganisation(hub.db, 'child_protection_board');
    await openAs(vt.caseworker.user.email, created.id, created.reference);

    const children = region('Kinderen');
    const sem = children.getByRole('region', { name: 'Sem de Vries' });
    await sem.getByText('Nog geen kindcheck vastgelegd.').waitFor();
    await sem
      .getByText(/^Kindcheck:/)
      .first()
      .waitFor();
    // The terms name the child each check is for.
    await region('Termijnen')
      .getByText(/van Sem \(uiterlijk/)
      .waitFor();
    // Only children get a check; Noor (role other) is a minor: custody is asked, no check.
    expect(await children.getByRole('region', { name: 'Noor de Vries' }).count()).toBe(0);

    const form = await step('Kindcheck van Sem', sem);
    // How the child was involved is the caseworker's to choose: nothing is chosen for them.
    await form.getByRole('button', { name: 'Kindcheck opslaan' }).click();
    await form.getByText('Kies hoe het kind betrokken is.').waitFor();
    await form.locator('[name="involvement"]:focus').waitFor();
    await form.getByLabel('Sem is gezien').check();
    await form.getByLabel('Er is met Sem gesproken').check();
    await form.getByLabel(/Wat Sem zelf zegt/).fill('Ik word bang als papa schreeuwt.');
    await form.getByLabel('Sem is betrokken als').selectOption({ label: 'Slachtoffer en getuige' });
    await form.getByLabel(/Wie zorgt er voor Sem/).fill('Moeder');
    await form.getByLabel('School of kinderopvang is bekend').check();
    await form.getByLabel(/Welke school of kinderopvang/).fill('OBS De Linde');
    await form.getByRole('button', { name: 'Kindcheck opslaan' }).click();
    await children.locator(':focus', { hasText: 'Kindcheck van Sem opgeslagen.' }).waitFor();
    await sem.getByText('Gezien: ja').waitFor();
    await sem.getByText('Wat het kind zelf zegt: Ik word bang als papa schreeuwt.').waitFor();
    await sem.getByText('School of kinderopvang: OBS De Linde').waitFor();
    await openTab('Notities en tijdlijn');
    await region('Tijdlijn').getByText('Kindcheck vastgelegd').waitFor();

    // Custody is offered for every minor with a BSN, the child and the teenager alike, not for the adults.
    await openTab('Wie kent deze persoon?');
    const lookups = region('Samen onder Handbereik: wie kent deze persoon?');
    await lookups.getByRole('button', { name: 'Wie heeft het gezag over Sem?' }).waitFor();
    await lookups.getByRole('button', { name: 'Wie heeft het gezag over Noor?' }).waitFor();
    expect(await lookups.getByRole('button', { name: 'Wie heeft het gezag over Anna?' }).count()).toBe(0);

    // No board in the organisation's region: the api's refusal lands at the board's field.
    await openTab('Overzicht');
    const referral = await step('Raad voor de Kinderbescherming inschakelen', children);
    await referral.getByLabel('Aanleiding').selectOption({ label: 'Poging tot partnerdoding' });
    await referral.getByRole('button', { name: 'Raad inschakelen' }).click();
    await referral.getByText(/geen Raad voor de Kinderbescherming in de regio; kies er een/).waitFor();
    expect(await referral.getByLabel('Raad voor de Kinderbescherming').getAttribute('aria-invalid')).toBe('true');
    await referral.getByLabel('Raad voor de Kinderbescherming').selectOption({ label: `Test ${board.slug}` });
    await referral.getByRole('button', { name: 'Raad inschakelen' }).click();
    await children.locator(':focus', { hasText: 'De Raad voor de Kinderbescherming is ingeschakeld.' }).waitFor();
    await children.getByText(/Raad voor de Kinderbescherming ingeschakeld op .*poging tot partnerdoding/).waitFor();
    await region('Netwerkpartners').getByText(`Test ${board.slug}`).waitFor();
    expect(await children.locator('summary', { hasText: 'Raad voor de Kinderbescherming inschakelen' }).count()).toBe(
      0,
    );
    await expectAccessible('40-casus-kinderen');
  });

  it('a partner without `safety` sees the children but not their checks, and may not record one', async () => {
    const { vt, created } = await caseWithChild();
    const municipality = await addPartner(hub, vt.caseworker.token, created.id, 'municipality', ['basic']);
    const official = await member(hub, municipality, ['caseworker']);
    await openAs(official.user.email, created.id, created.reference);
    const children = region('Kinderen');
    await children.getByText('Uw organisatie ziet de kindchecks van deze casus niet.').waitFor();
    await children.getByRole('heading', { name: 'Sem de Vries' }).waitFor();
    expect(await children.locator('summary').count()).toBe(0);
    await expectAccessible('41-casus-kinderen-partner');
  });
});
