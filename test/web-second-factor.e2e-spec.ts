import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { ShiftedClock } from '../libs/common/src';
import {
  call,
  createOrganisation,
  createUser,
  Hub,
  loginEntries,
  PASSWORD,
  startHub,
  TestOrganisation,
} from './support/hub';
import { providerLogin, startTestProvider, TestProvider } from './support/oidc';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(
    `web-second-factor.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped (apt-get install chromium)\n`,
  );
}

describeWithBrowser('web app: second factor (passkey and TOTP)', () => {
  // 400 and 401: wrong codes on purpose; 401 also for the enrolment token's status asked once more
  // after it was used up. 403: a change refused until the user confirms it is them (step-up).
  // 404: the test provider's interaction page, which has no form.
  const session = pagePerTest([400, 401, 403, 404]);
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });
  let hub: Hub;
  /** WebAuthn needs a host name, not an IP address: the app as served on localhost (the relying party). */
  let appUrl: string;
  let provider: TestProvider;
  let providerOrg: TestOrganisation;
  // The step-up test moves the api's clock past the window.
  const clock = new ShiftedClock();
  afterEach(() => clock.reset());

  beforeAll(async () => {
    await buildWebApp();
    hub = await startHub({ SECOND_FACTOR_REQUIRED: 'true' }, { clock });
    appUrl = hub.url.replace('127.0.0.1', 'localhost');
    providerOrg = await createOrganisation(hub.db);
    provider = await startTestProvider(hub, [providerOrg]);
  }, 120_000);

  afterAll(async () => {
    await provider?.stop();
    await hub?.close();
  });

  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const successes = (userId: string, purpose: string) => loginEntries(hub.db, userId, 'success', purpose);

  /** The recovery codes shown once after the first factor, then on to the app. */
  const keepRecoveryCodes = async (name: string) => {
    await page.getByRole('heading', { level: 2, name: 'Uw herstelcodes' }).waitFor();
    expect(await page.locator('ol li code').count()).toBe(10);
    await session.expectAccessible(name);
    await page.getByRole('button', { name: 'Ik heb de codes bewaard, verder' }).click();
    await heading('Mijn werkvoorraad');
  };

  const logOut = async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await heading('Inloggen');
  };

  it('enrols a passkey after the password and signs in with it (virtual authenticator)', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);

    await page.goto(`${appUrl}/`);
    await heading('Inloggen');
    await session.logIn(user.email);
    await heading('Tweede stap instellen');
    await session.expectAccessible('tweede-stap-instellen');

    await page.getByLabel('Naam van de passkey').fill('Laptop werk');
    await page.getByRole('button', { name: 'Passkey toevoegen' }).click();
    await keepRecoveryCodes('passkey-herstelcodes');
    const [stored] = (await hub.db.query(`SELECT name, transports FROM user_passkeys WHERE user_id = $1`, [
      user.id,
    ])) as { name: string; transports: string[] }[];
    expect(stored.name).toBe('Laptop werk');

    await logOut();
    await session.logIn(user.email);
    await heading('Tweede stap bij het inloggen');
    await session.expectAccessible('tweede-stap-passkey');
    await page.getByRole('button', { name: 'Inloggen met passkey' }).click();
    await heading('Mijn werkvoorraad');
    expect(await successes(user.id, 'password+passkey')).toBe(1);

    // The screen to manage the factors lists the passkey.
    await page.getByRole('link', { name: 'Inlogbeveiliging' }).click();
    await heading('Inlogbeveiliging');
    await page.getByText('Laptop werk', { exact: true }).waitFor();
    await session.expectAccessible('inlogbeveiliging');
  });

  it('enrols an authenticator app and signs in with its code', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['supervisor']);

    await page.goto(`${appUrl}/`);
    await session.logIn(user.email);
    await heading('Tweede stap instellen');
    await page.getByRole('button', { name: 'Authenticator-app instellen' }).click();
    const secretText = await page.locator('code').first().textContent();
    const secret = (secretText ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await session.expectAccessible('authenticator-app-instellen');

    await page.getByLabel('Code uit de app').fill('000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('alert').filter({ hasText: 'De code klopt niet' }).waitFor();
    // The error takes the focus, as on the other forms.
    expect(await page.evaluate<string | null>(`document.activeElement?.getAttribute('tabindex')`)).toBe('-1');

    await page.getByLabel('Code uit de app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await keepRecoveryCodes('authenticator-app-herstelcodes');

    await logOut();
    await session.logIn(user.email);
    await heading('Tweede stap bij het inloggen');
    await page.getByLabel('Code uit de authenticator-app').fill('000001');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'De code is onjuist' }).waitFor();
    await session.expectAccessible('tweede-stap-code-onjuist');
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await page.getByLabel('Code uit de authenticator-app').fill(next);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await heading('Mijn werkvoorraad');
    expect(await successes(user.id, 'password+totp')).toBe(1);
  });

  it('asks for the second factor after a password-only sign-in at the organisation’s provider', async () => {
    const user = await createUser(hub.db, providerOrg.id, ['caseworker']);
    // The provider's callback is registered on the hub's own address.
    await page.goto(`${hub.url}/`);
    await page.getByLabel('Code van uw organisatie').fill(providerOrg.slug);
    await page.getByRole('button', { name: 'Naar de inlogdienst van uw organisatie' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
    await page.goto(providerLogin(page.url(), { sub: randomUUID(), email: user.email, amr: ['pwd'] }));

    await heading('Tweede stap instellen');
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('button', { name: 'Authenticator-app instellen' }).click();
    const secret = ((await page.locator('code').first().textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code uit de app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await keepRecoveryCodes('oidc-herstelcodes');
    expect(await successes(user.id, 'oidc+totp_enrolment')).toBe(1);
  });

  it('asks to confirm it is the user before a change long after sign-in, by code or by signing in again', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    // An authenticator app enrolled through the api, its first code one step back: the sign-in and
    // the step-up below each take a later step, whatever the moment the test runs.
    const t0 = Math.floor(Date.now() / 1000);
    const enrolment = await call<{ secondFactor: { challengeToken: string } }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    const token = enrolment.body.secondFactor.challengeToken;
    const { secret } = (await call<{ secret: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', { token }))
      .body;
    const codeAt = (offset: number) => generate({ secret, epoch: t0 + offset });
    const confirmed = await call(hub, 'POST', '/api/v1/auth/second-factor/totp/confirm', {
      token,
      body: { code: await codeAt(-30) },
    });
    expect(confirmed.status).toBe(200);

    await page.goto(`${appUrl}/inlogbeveiliging`);
    await session.logIn(user.email);
    await heading('Tweede stap bij het inloggen');
    await page.getByLabel('Code uit de authenticator-app').fill(await codeAt(0));
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await heading('Inlogbeveiliging');

    // Eleven minutes on: renewing the codes asks to confirm first, and the heading takes the focus.
    clock.jumpTo(new Date(Date.now() + 11 * 60_000));
    await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
    const stepUp = page.getByRole('heading', { level: 2, name: 'Bevestig eerst dat u het bent' });
    await stepUp.waitFor();
    expect(await page.evaluate<string | null>(`document.activeElement?.id ?? null`)).toBe('bevestig-eerst');
    await session.expectAccessible('bevestig-eerst');

    const right = await codeAt(30);
    await page.getByLabel('Code uit de authenticator-app').fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bevestigen met code' }).click();
    await page.getByRole('alert').filter({ hasText: 'De code klopt niet' }).waitFor();
    await session.expectAccessible('bevestig-eerst-code-onjuist');

    await page.getByLabel('Code uit de authenticator-app').fill(right);
    await page.getByRole('button', { name: 'Bevestigen met code' }).click();
    await page.getByRole('status').filter({ hasText: 'U heeft bevestigd dat u het bent' }).waitFor();
    expect(await stepUp.count()).toBe(0);
    expect(await successes(user.id, 'step_up+totp')).toBe(1);
    await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
    await page.getByRole('heading', { level: 2, name: 'Uw herstelcodes' }).waitFor();
    const codes = await page.locator('ol li code').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();

    // Later still, without the app at hand: signing in again with a recovery code comes back here.
    clock.jumpTo(new Date(Date.now() + 22 * 60_000));
    await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
    await stepUp.waitFor();
    await page.getByRole('button', { name: 'Opnieuw inloggen' }).click();
    await heading('Inloggen');
    await session.logIn(user.email);
    await heading('Tweede stap bij het inloggen');
    await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await page.getByLabel('Herstelcode').fill(codes[0]);
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await heading('Inlogbeveiliging');
    await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
    await page.getByRole('heading', { level: 2, name: 'Uw herstelcodes' }).waitFor();
  });
});
