import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { createOrganisation, createUser, Hub, startHub, TestOrganisation } from './support/hub';
import { providerLogin, startTestProvider, TestProvider } from './support/oidc';

// The browser tests need Debian's Chromium; .ci/run installs it, so only a bare local machine skips.
const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(
    `web-oidc.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped (apt-get install chromium)\n`,
  );
}

describeWithBrowser('web app: sign-in through the organisation’s provider in Chromium', () => {
  // The refresh without a session on load answers 401; the provider's interaction page is the
  // test's own (no form) and answers 404 until the test signs in.
  const session = pagePerTest([401, 404]);
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });
  let hub: Hub;
  let provider: TestProvider;
  let org: TestOrganisation;

  beforeAll(async () => {
    await buildWebApp();
    hub = await startHub();
    org = await createOrganisation(hub.db, 'veilig_thuis');
    provider = await startTestProvider(hub, [org]);
  }, 120_000);

  afterAll(async () => {
    await provider?.stop();
    await hub?.close();
  });

  /** From the login screen to the provider, and signed in there as `email`. */
  async function viaOrganisation(slug: string, email: string): Promise<void> {
    await page.goto(`${hub.url}/`);
    await page.getByLabel('Code van uw organisatie').fill(slug);
    await page.getByRole('button', { name: 'Naar de inlogdienst van uw organisatie' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
    await page.goto(providerLogin(page.url(), { sub: randomUUID(), email }));
  }

  it('signs a caseworker in at the organisation’s provider and back into the work queue; logout ends it', async () => {
    const caseworker = await createUser(hub.db, org.id, ['caseworker']);
    await viaOrganisation(org.slug, caseworker.email);
    await page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' }).waitFor();
    await session.expectAccessible('oidc-01-werkvoorraad');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  });

  it('sends a deactivated user back to the login screen with the reason', async () => {
    const disabled = await createUser(hub.db, org.id, ['caseworker'], { active: false });
    await viaOrganisation(org.slug, disabled.email);
    await page
      .getByRole('alert')
      .filter({ hasText: 'U kunt met dit account niet inloggen bij deze organisatie.' })
      .waitFor();
    expect(new URL(page.url()).search).toBe('');
    await session.expectAccessible('oidc-02-geweigerd');
  });

  it('names an organisation that does not sign in at its own provider', async () => {
    await page.goto(`${hub.url}/`);
    await page.getByLabel('Code van uw organisatie').fill('geen-organisatie');
    await page.getByRole('button', { name: 'Naar de inlogdienst van uw organisatie' }).click();
    await page.getByRole('alert').filter({ hasText: 'Deze organisatie is onbekend' }).waitFor();
  });
});
