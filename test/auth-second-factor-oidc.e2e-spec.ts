import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { call, createOrganisation, createUser, Hub, loginEntries, startHub, TestOrganisation } from './support/hub';
import { providerLogin, startTestProvider, TestProvider } from './support/oidc';

/** The cookies of one browser, per site; enough for these flows (no paths or expiry). */
class Jar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value) this.cookies.set(pair.slice(0, at), value);
      else this.cookies.delete(pair.slice(0, at));
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function step(url: string, jar: Jar, init: RequestInit = {}) {
  const res = await fetch(url, { redirect: 'manual', ...init, headers: { cookie: jar.header() } });
  jar.store(res);
  return { status: res.status, location: new URL(res.headers.get('location') ?? '', url).href, res };
}

interface Identity {
  sub: string;
  email: string;
  amr?: string[];
  acr?: string;
}

interface Step {
  secondFactor: { enrolment: boolean; methods: string[]; challengeToken: string };
}

describe('second factor after sign-in through the organisation’s provider', () => {
  let hub: Hub;
  let provider: TestProvider;
  const orgs: TestOrganisation[] = [];
  let next = 0;

  beforeAll(async () => {
    hub = await startHub({ SECOND_FACTOR_REQUIRED: 'true' });
    for (let i = 0; i < 5; i++) orgs.push(await createOrganisation(hub.db));
    provider = await startTestProvider(hub, orgs);
  });

  afterAll(async () => {
    await provider?.stop();
    await hub?.close();
  });

  /** Start at the hub, sign in at the provider, come back: the callback's answer and the hub's cookies. */
  async function signIn(org: TestOrganisation, identity: Identity) {
    const browser = new Jar();
    const start = await step(`${hub.url}/api/v1/auth/oidc/${org.slug}/start`, browser);
    const providerJar = new Jar();
    const interaction = await step(start.location, providerJar);
    const resume = await step(providerLogin(interaction.location, identity), providerJar);
    const back = await step(resume.location, providerJar);
    const callback = await step(back.location, browser);
    expect(callback.status).toBe(302);
    return { callback, browser };
  }

  /** What the login screen asks once the callback sent it back for the second factor. */
  const pendingStep = (browser: Jar) =>
    step(`${hub.url}/api/v1/auth/second-factor/pending`, browser, { method: 'POST' });

  it('opens the session at once when the provider reports a multi-factor sign-in (amr)', async () => {
    const org = orgs[next++];
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const { callback, browser } = await signIn(org, { sub: randomUUID(), email: user.email, amr: ['pwd', 'mfa'] });
    expect(callback.location).toBe(`${hub.url}/`);
    expect(browser.get('vt_refresh')).toBeTruthy();
    expect(await loginEntries(hub.db, user.id, 'success', 'oidc+provider_mfa')).toBe(1);
  });

  it('counts the acr configured on the provider, and only that one', async () => {
    const org = orgs[next++];
    await hub.db.query(`UPDATE organisation_identity_providers SET mfa_acr = $2 WHERE organisation_id = $1`, [
      org.id,
      'urn:vt:loa:substantial',
    ]);
    const user = await createUser(hub.db, org.id, ['supervisor']);
    const sub = randomUUID();
    const strong = await signIn(org, { sub, email: user.email, amr: ['pwd'], acr: 'urn:vt:loa:substantial' });
    expect(strong.callback.location).toBe(`${hub.url}/`);
    const weak = await signIn(org, { sub, email: user.email, amr: ['pwd'], acr: 'urn:vt:loa:low' });
    expect(weak.callback.location).toBe(`${hub.url}/inloggen?tweedestap=1`);
    expect(weak.browser.get('vt_refresh')).toBeUndefined();
  });

  it('asks the hub’s own second factor after a password-only sign-in at the provider', async () => {
    const org = orgs[next++];
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const sub = randomUUID();

    // No factor yet: the enrolment-only state, then a session; recorded as a sign-in at the provider.
    const first = await signIn(org, { sub, email: user.email, amr: ['pwd'] });
    expect(first.callback.location).toBe(`${hub.url}/inloggen?tweedestap=1`);
    expect(first.browser.get('vt_refresh')).toBeUndefined();
    const enrolment = await pendingStep(first.browser);
    expect(enrolment.status).toBe(200);
    const enrolStep = ((await enrolment.res.json()) as Step).secondFactor;
    expect(enrolStep).toMatchObject({ enrolment: true, methods: [] });
    // The step is handed out once.
    expect((await pendingStep(first.browser)).status).toBe(401);
    const token = enrolStep.challengeToken;
    const setup = await call<{ secret: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', { token });
    const confirmed = await call<{ session: { accessToken: string } }>(
      hub,
      'POST',
      '/api/v1/auth/second-factor/totp/confirm',
      { token, body: { code: await generate({ secret: setup.body.secret }) } },
    );
    expect(confirmed.status).toBe(200);
    expect((await call(hub, 'GET', '/api/v1/me', { token: confirmed.body.session.accessToken })).status).toBe(200);

    // Enrolled: the code completes the next sign-in at the provider.
    const second = await signIn(org, { sub, email: user.email });
    expect(second.callback.location).toBe(`${hub.url}/inloggen?tweedestap=1`);
    const asked = ((await (await pendingStep(second.browser)).res.json()) as Step).secondFactor;
    expect(asked).toMatchObject({ enrolment: false, methods: ['totp', 'recovery_code'] });
    const signedIn = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp', {
      body: {
        challengeToken: asked.challengeToken,
        code: await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) + 30 }),
      },
    });
    expect(signedIn.status).toBe(200);
    const successes = (purpose: string) => loginEntries(hub.db, user.id, 'success', purpose);
    expect(await successes('oidc+totp_enrolment')).toBe(1);
    expect(await successes('oidc+totp')).toBe(1);
    expect(await successes('oidc')).toBe(0);
  });

  it('refuses the pending step without its cookie', async () => {
    const res = await call(hub, 'POST', '/api/v1/auth/second-factor/pending');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('access.invalid_challenge');
  });
});
