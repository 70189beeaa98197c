import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { postgresOptions } from '../libs/database/src/data-source-options';
import { OidcSignIn1795701150000 } from '../migrations/1795701150000-OidcSignIn';
import { ownerUrlOf } from './support/database-urls';
import {
  auditCount,
  call,
  createOrganisation,
  createUser,
  Hub,
  isolatedDatabase,
  startHub,
  TestOrganisation,
} from './support/hub';
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

/** One step of a browser: no following of redirects, cookies kept in the jar. */
async function step(url: string, jar: Jar): Promise<{ status: number; location: string; res: Response }> {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(res);
  return { status: res.status, location: new URL(res.headers.get('location') ?? '', url).href, res };
}

interface Identity {
  sub: string;
  email: string;
  verified?: boolean;
}

describe('sign-in through the organisation’s OpenID Connect provider', () => {
  let hub: Hub;
  let provider: TestProvider;
  const orgs: TestOrganisation[] = [];
  let next = 0;

  beforeAll(async () => {
    hub = await startHub();
    // The provider registers each organisation's client up front, so each test has fresh ones.
    for (let i = 0; i < 8; i++) orgs.push(await createOrganisation(hub.db));
    provider = await startTestProvider(hub, orgs);
  });

  afterAll(async () => {
    await provider?.stop();
    await hub?.close();
  });

  const freshOrganisation = () => orgs[next++];

  /** Start at the hub, sign in at the provider: the callback URL the provider sends the browser to. */
  async function atProvider(org: TestOrganisation, identity: Identity, browser: Jar): Promise<string> {
    const start = await step(`${hub.url}/api/v1/auth/oidc/${org.slug}/start`, browser);
    expect(start.status).toBe(302);
    expect(start.location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
    const authorize = new URL(start.location);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const providerJar = new Jar();
    const interaction = await step(start.location, providerJar);
    const resume = await step(providerLogin(interaction.location, identity), providerJar);
    const back = await step(resume.location, providerJar);
    expect(back.location.startsWith(`${hub.url}/api/v1/auth/oidc/${org.slug}/callback?`)).toBe(true);
    return back.location;
  }

  async function signIn(org: TestOrganisation, identity: Identity) {
    const browser = new Jar();
    const callback = await atProvider(org, identity, browser);
    const finish = await step(callback, browser);
    return { ...finish, browser, callback };
  }

  const failures = (org: TestOrganisation, purpose: string) =>
    auditCount(hub.db, `action = 'login' AND outcome = 'failure' AND purpose = $1 AND subject_organisation_id = $2`, [
      purpose,
      org.id,
    ]);

  function expectRefused(finish: { status: number; location: string; res: Response }, key: string) {
    expect(finish.status).toBe(302);
    expect(finish.location).toBe(`${hub.url}/inloggen?inlogfout=${key}`);
    expect(finish.res.headers.getSetCookie().some((cookie) => cookie.startsWith('vt_refresh='))).toBe(false);
  }

  it('signs a user in by verified e-mail, links the subject, and ends in the same session as a password login', async () => {
    const org = freshOrganisation();
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const sub = randomUUID();
    const finish = await signIn(org, { sub, email: user.email.toUpperCase() });
    expect(finish.status).toBe(302);
    expect(finish.location).toBe(`${hub.url}/`);
    const refreshCookie = finish.browser.get('vt_refresh');
    expect(refreshCookie).toBeTruthy();
    expect(finish.res.headers.getSetCookie().find((c) => c.startsWith('vt_refresh='))).toMatch(
      /Path=\/api\/v1\/auth; .*HttpOnly; SameSite=Strict/,
    );

    // What the web app does on load: its refresh cookie gives it the session.
    const session = await call<{ accessToken: string; user: { id: string } }>(hub, 'POST', '/api/v1/auth/refresh', {
      headers: { cookie: `vt_refresh=${refreshCookie}` },
    });
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(user.id);
    const me = await call<{ id: string }>(hub, 'GET', '/api/v1/me', { token: session.body.accessToken });
    expect(me.status).toBe(200);
    const [linked] = (await hub.db.query(`SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1`, [user.id])) as {
      oidc_issuer: string;
      oidc_subject: string;
    }[];
    expect(linked).toEqual({ oidc_issuer: provider.issuer, oidc_subject: sub });
    expect(
      await auditCount(hub.db, `action = 'login' AND outcome = 'success' AND purpose = 'oidc' AND actor_user_id = $1`, [
        user.id,
      ]),
    ).toBe(1);
    // Neither the code nor a token is in the audit.
    const code = new URL(finish.callback).searchParams.get('code')!;
    expect(await auditCount(hub.db, `audit_entries::text LIKE '%' || $1 || '%'`, [code])).toBe(0);

    const logout = await call(hub, 'POST', '/api/v1/auth/logout', { token: session.body.accessToken });
    expect(logout.status).toBe(204);
    expect((await call(hub, 'GET', '/api/v1/me', { token: session.body.accessToken })).status).toBe(401);

    // Next time the subject decides, whatever address the provider has by then.
    const again = await signIn(org, { sub, email: `changed-${randomUUID()}@elsewhere.example`, verified: false });
    expect(again.location).toBe(`${hub.url}/`);
  });

  it('refuses a user of another organisation, an unknown address and an unverified one, and creates no account', async () => {
    const org = freshOrganisation();
    const elsewhere = await createOrganisation(hub.db);
    const outsider = await createUser(hub.db, elsewhere.id, ['caseworker']);
    const member = await createUser(hub.db, org.id, ['caseworker']);

    expectRefused(await signIn(org, { sub: randomUUID(), email: outsider.email }), 'oidc_refused');
    expectRefused(
      await signIn(org, { sub: randomUUID(), email: `nobody-${randomUUID()}@test.example` }),
      'oidc_refused',
    );
    expectRefused(await signIn(org, { sub: randomUUID(), email: member.email, verified: false }), 'oidc_refused');

    expect(await failures(org, 'oidc_unknown_account')).toBe(3);
    const rows = (await hub.db.query(`SELECT oidc_subject FROM users WHERE id = ANY($1)`, [
      [outsider.id, member.id],
    ])) as { oidc_subject: string | null }[];
    expect(rows.map((row) => row.oidc_subject)).toEqual([null, null]);
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM users WHERE organisation_id = $1`, [
      org.id,
    ])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('does not move a linked user to another subject of the same provider, but does from an earlier provider', async () => {
    const org = freshOrganisation();
    const user = await createUser(hub.db, org.id, ['caseworker']);
    expect((await signIn(org, { sub: randomUUID(), email: user.email })).location).toBe(`${hub.url}/`);
    expectRefused(await signIn(org, { sub: randomUUID(), email: user.email }), 'oidc_refused');
    expect(await failures(org, 'oidc_subject_mismatch')).toBe(1);

    // A link made at the organisation's earlier provider is stale: the verified address moves it here.
    await hub.db.query(`UPDATE users SET oidc_issuer = 'https://earlier-provider.example' WHERE id = $1`, [user.id]);
    const sub = randomUUID();
    expect((await signIn(org, { sub, email: user.email })).location).toBe(`${hub.url}/`);
    const [row] = (await hub.db.query(`SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1`, [user.id])) as {
      oidc_issuer: string;
      oidc_subject: string;
    }[];
    expect(row).toEqual({ oidc_issuer: provider.issuer, oidc_subject: sub });
  });

  it('refuses a deactivated hub user', async () => {
    const org = freshOrganisation();
    const user = await createUser(hub.db, org.id, ['caseworker'], { active: false });
    expectRefused(await signIn(org, { sub: randomUUID(), email: user.email }), 'oidc_refused');
    expect(
      await auditCount(
        hub.db,
        `action = 'login' AND outcome = 'failure' AND purpose = 'oidc_inactive_account' AND actor_user_id = $1`,
        [user.id],
      ),
    ).toBe(1);
  });

  it('refuses a tampered state, and a callback in a browser that did not start the flow', async () => {
    const org = freshOrganisation();
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const browser = new Jar();
    const callback = await atProvider(org, { sub: randomUUID(), email: user.email }, browser);

    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    expectRefused(await step(tampered.href, browser), 'oidc_expired');
    const otherBrowser = new Jar();
    await step(`${hub.url}/api/v1/auth/oidc/${org.slug}/start`, otherBrowser);
    expectRefused(await step(callback, otherBrowser), 'oidc_expired');
    expect(await failures(org, 'oidc_state_invalid')).toBe(2);
  });

  it('refuses a replayed code, with its own state and with a fresh one', async () => {
    const org = freshOrganisation();
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const first = await signIn(org, { sub: randomUUID(), email: user.email });
    expect(first.location).toBe(`${hub.url}/`);
    const state = new URL(first.callback).searchParams.get('state')!;

    // The same callback again, from a browser that still has the flow's cookie.
    const replay = new Jar();
    replay.store(new Response(null, { headers: { 'set-cookie': `vt_oidc_state=${state}` } }));
    expectRefused(await step(first.callback, replay), 'oidc_expired');
    expect(await failures(org, 'oidc_state_invalid')).toBe(1);

    // The code under a new flow's state: the provider refuses a code it has already exchanged.
    const fresh = new Jar();
    await step(`${hub.url}/api/v1/auth/oidc/${org.slug}/start`, fresh);
    const freshState = fresh.get('vt_oidc_state')!;
    const swapped = new URL(first.callback);
    swapped.searchParams.set('state', freshState);
    expectRefused(await step(swapped.href, fresh), 'oidc_failed');
    expect(await failures(org, 'oidc_provider_error')).toBe(1);
  });

  it('answers 404 for an unknown organisation and for one without a provider', async () => {
    const bare = await createOrganisation(hub.db);
    for (const slug of ['no-such-organisation', bare.slug, 'NOT_A_SLUG']) {
      for (const path of ['start', 'callback?code=x&state=y']) {
        const res = await call(hub, 'GET', `/api/v1/auth/oidc/${slug}/${path}`);
        expect({ slug, path, status: res.status, code: res.body.code }).toEqual({
          slug,
          path,
          status: 404,
          code: 'access.not_found',
        });
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    }
  });
});

describe('migration OidcSignIn', () => {
  it('goes down and up again', async () => {
    const database = await isolatedDatabase('oidc');
    const owner = await new DataSource(
      postgresOptions({ url: ownerUrlOf(database.url), poolSize: 1, applicationName: 'vt-e2e-owner' }, [], []),
    ).initialize();
    const runner = owner.createQueryRunner();
    try {
      const migration = new OidcSignIn1795701150000();
      await migration.down(runner);
      expect(await runner.hasTable('organisation_identity_providers')).toBe(false);
      expect(await runner.hasColumn('users', 'oidc_subject')).toBe(false);
      expect(await runner.hasColumn('users', 'oidc_issuer')).toBe(false);
      await migration.up(runner);
      expect(await runner.hasTable('organisation_identity_providers')).toBe(true);
      expect(await runner.hasColumn('users', 'oidc_subject')).toBe(true);
      expect(await runner.hasColumn('users', 'oidc_issuer')).toBe(true);
      // Only OIDC_… variable names: a row cannot make the api read (and send) another setting.
      await expect(
        runner.query(
          `INSERT INTO organisation_identity_providers (organisation_id, issuer, client_id, client_secret_env, redirect_uri)
           VALUES (gen_random_uuid(), 'https://idp.example', 'hub', 'DATABASE_URL', 'https://hub.example/cb')`,
        ),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await runner.release();
      await owner.destroy();
      await database.drop();
    }
  });
});
