import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest, screenshot } from './support/browser';
import { createOrganisation, createUser, Hub, loginEntries, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(
    `web-login-organisation.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped (apt-get install chromium)\n`,
  );
}

describeWithBrowser('web app: login with an address used in two organisations', () => {
  const session = pagePerTest([401, 409]);
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

  it('asks for the organisation when the password opens both accounts, and logs in to the one named', async () => {
    const email = `gedeeld-${randomUUID()}@test.example`;
    const [a, b] = [await createOrganisation(hub.db), await createOrganisation(hub.db)];
    const inA = await createUser(hub.db, a.id, ['caseworker'], { email });
    const inB = await createUser(hub.db, b.id, ['caseworker'], { email });

    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    const organisation = page.getByLabel('Organisatie', { exact: true });
    expect(await organisation.count()).toBe(0);

    await session.logIn(email);
    await page.getByRole('alert').filter({ hasText: 'hoort bij meer dan één organisatie' }).waitFor();
    await organisation.waitFor();
    await session.expectAccessible('inloggen-organisatie');

    // A code of no organisation with this account: the same answer as a wrong password.
    await organisation.fill('bestaat-niet');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-mailadres of wachtwoord is onjuist.' }).waitFor();

    await organisation.fill(b.slug.toUpperCase());
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    await screenshot(page, 'inloggen-organisatie-gekozen');
    const successes = (userId: string) => loginEntries(hub.db, userId, 'success');
    expect(await successes(inB.id)).toBe(1);
    expect(await successes(inA.id)).toBe(0);
  });
});
