import type Redis from 'ioredis';
import { REDIS } from '../libs/common/src';
import { openCase, veiligThuis } from './support/cases';
import {
  auditCount,
  call,
  createOrganisation,
  createUser,
  Hub,
  login,
  PASSWORD,
  Response,
  startHub,
  TestUser,
} from './support/hub';

interface SessionBody {
  accessToken: string;
  refreshToken: string;
}

async function session(hub: Hub, user: TestUser): Promise<SessionBody> {
  const res = await call<SessionBody>(hub, 'POST', '/api/v1/auth/login', {
    body: { email: user.email, password: PASSWORD },
  });
  expect(res.status).toBe(200);
  return res.body;
}

const me = (hub: Hub, token: string) => call(hub, 'GET', '/api/v1/me', { token });

const refresh = (hub: Hub, refreshToken: string) =>
  call<SessionBody>(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });

describe('logout ends the access token', () => {
  let hub: Hub;
  // A second replica on the same database, as in production.
  let replica: Hub;
  beforeAll(async () => {
    hub = await startHub();
    replica = await startHub({ REDIS_PREFIX: hub.config.redisPrefix });
  });
  afterAll(async () => {
    await replica.close();
    await hub.close();
  });

  async function caseworker(): Promise<TestUser> {
    const org = await createOrganisation(hub.db);
    return createUser(hub.db, org.id, ['caseworker']);
  }

  async function expectRefused(target: Hub, token: string): Promise<Response> {
    const res = await me(target, token);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'access.unauthenticated' });
    expect(
      await auditCount(hub.db, `action = 'denied' AND outcome = 'denied' AND request_id = $1`, [res.body.requestId]),
    ).toBe(1);
    return res;
  }

  it('refuses the bearer of a logout on every replica, and leaves the user’s other sessions alone', async () => {
    const user = await caseworker();
    const ended = await session(hub, user);
    const other = await session(hub, user);
    expect((await me(hub, ended.accessToken)).status).toBe(200);
    expect((await me(replica, ended.accessToken)).status).toBe(200);

    const logout = await call(hub, 'POST', '/api/v1/auth/logout', { token: ended.accessToken });
    expect(logout.status).toBe(204);
    expect(await auditCount(hub.db, `action = 'logout' AND actor_user_id = $1`, [user.id])).toBe(1);

    await expectRefused(hub, ended.accessToken);
    await expectRefused(replica, ended.accessToken);
    // The bearer named its session, so its refresh token is revoked as well.
    expect((await refresh(hub, ended.refreshToken)).status).toBe(401);

    expect((await me(hub, other.accessToken)).status).toBe(200);
    expect((await me(replica, other.accessToken)).status).toBe(200);
    const renewed = await refresh(replica, other.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(hub, renewed.body.accessToken)).status).toBe(200);
  });

  it('revokes the refresh family on a logout without a bearer, and the access tokens of that session', async () => {
    const user = await caseworker();
    const first = await session(hub, user);
    // An access token from before a refresh belongs to the same session.
    const second = await refresh(hub, first.refreshToken);
    expect(second.status).toBe(200);

    const logout = await call(replica, 'POST', '/api/v1/auth/logout', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/vt_refresh=;/);
    expect((await refresh(hub, second.body.refreshToken)).status).toBe(401);
    await expectRefused(hub, second.body.accessToken);
    await expectRefused(replica, first.accessToken);
  });

  it('ends the access tokens of a session whose rotated refresh token is presented again', async () => {
    const user = await caseworker();
    const first = await session(hub, user);
    const second = await refresh(hub, first.refreshToken);
    expect((await me(replica, second.body.accessToken)).status).toBe(200);
    expect((await refresh(replica, first.refreshToken)).status).toBe(401);
    await expectRefused(hub, second.body.accessToken);
    await expectRefused(replica, second.body.accessToken);
  });

  it('needs no Redis but for login: with its connection cut, logout still ends the session and the access token, login answers 503', async () => {
    const user = await caseworker();
    const current = await session(hub, user);
    const cut = await startHub({ REDIS_PREFIX: hub.config.redisPrefix });
    try {
      cut.app.get<Redis>(REDIS).disconnect();
      expect((await me(cut, current.accessToken)).status).toBe(200);
      const logout = await call(cut, 'POST', '/api/v1/auth/logout', {
        token: current.accessToken,
        body: { refreshToken: current.refreshToken },
      });
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie')).toMatch(/vt_refresh=;/);
      await expectRefused(cut, current.accessToken);
      expect((await refresh(hub, current.refreshToken)).status).toBe(401);
      // Login alone needs Redis (its throttle): refused with 503, never let through, never a 500.
      const refusedLogin = await call(cut, 'POST', '/api/v1/auth/login', {
        body: { email: user.email, password: PASSWORD },
      });
      expect({ status: refusedLogin.status, code: refusedLogin.body.code }).toEqual({
        status: 503,
        code: 'common.unavailable',
      });
      expect(
        await auditCount(hub.db, `purpose = 'throttle_unavailable' AND request_id = $1`, [refusedLogin.body.requestId]),
      ).toBe(1);
    } finally {
      await cut.close();
    }
  });
});

describe('Cache-Control: no-store on every answer under /api', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const noStore = (res: Response) => expect(res.headers.get('cache-control')).toBe('no-store');

  it('on logins, case data, exports and errors, not on health', async () => {
    const { org, caseworker } = await veiligThuis(hub);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const answer = await call(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } });
    expect(answer.status).toBe(200);
    noStore(answer);

    const read = await me(hub, caseworker.token);
    expect(read.status).toBe(200);
    noStore(read);
    const opened = await openCase(hub, caseworker.token);
    const caseRead = await call(hub, 'GET', `/api/v1/cases/${String(opened.id)}`, { token: caseworker.token });
    expect(caseRead.status).toBe(200);
    noStore(caseRead);

    // The export sets it on its own answer too: still one value, not two.
    const officer = await createUser(hub.db, org.id, ['privacy_officer']);
    const day = new Date().toISOString().slice(0, 10);
    const csv = await call(hub, 'GET', `/api/v1/audit/export.csv?from=${day}&to=${day}`, {
      token: await login(hub, officer.email),
    });
    expect(csv.status).toBe(200);
    noStore(csv);

    const unauthenticated = await call(hub, 'GET', '/api/v1/me');
    expect(unauthenticated.status).toBe(401);
    noStore(unauthenticated);
    const invalid = await call(hub, 'POST', '/api/v1/auth/login', { body: { email: 'geen-e-mail', password: 'x' } });
    expect(invalid.status).toBe(400);
    noStore(invalid);
    // Refused by the body parser, before any route.
    const unparsable = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(unparsable.status).toBe(400);
    expect(unparsable.headers.get('cache-control')).toBe('no-store');
    const unknown = await call(hub, 'GET', '/api/v1/nergens', { token: caseworker.token });
    expect(unknown.status).toBe(404);
    noStore(unknown);

    const live = await call(hub, 'GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBeNull();
  });
});
