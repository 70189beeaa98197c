import {
  auditCount,
  call,
  createOrganisation,
  createUser,
  Hub,
  login,
  loginEntries,
  PASSWORD,
  startHub,
} from './support/hub';

describe('authentication', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ LOGIN_MAX_PER_ACCOUNT: '3' });
  });
  afterAll(() => hub.close());

  it('logs in with a short-lived access token and a refresh token, and audits it', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const res = await call<{
      accessToken: string;
      expiresIn: number;
      refreshToken: string;
      user: { id: string; roles: string[] };
    }>(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    expect(res.body.user).toMatchObject({ id: user.id, organisationId: org.id, roles: ['caseworker'] });
    expect(res.headers.get('set-cookie')).toMatch(/vt_refresh=.*HttpOnly.*SameSite=Strict/i);
    const me = await call(hub, 'GET', '/api/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, organisation: { id: org.id } });
    expect(me.body).not.toHaveProperty('passwordHash');
    expect(await loginEntries(hub.db, user.id, 'success')).toBe(1);
    expect(
      await auditCount(hub.db, `actor_user_id = $1 AND action = 'read' AND subject_type = 'User'`, [user.id]),
    ).toBe(1);
  });

  it('answers a wrong e-mail and a wrong password the same way, in about the same time', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const timed = async (email: string) => {
      const start = performance.now();
      const res = await call(hub, 'POST', '/api/v1/auth/login', { body: { email, password: 'Wrong-password-1' } });
      return { res, ms: performance.now() - start };
    };
    const unknown = await timed(`nobody-${Date.now()}@test.example`);
    const wrong = await timed(user.email);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.body.message).toBe(wrong.res.body.message);
    expect(unknown.res.body.code).toBe(wrong.res.body.code);
    // Both run one argon2 verification; a missing one would be several times faster.
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.4);
    expect(await loginEntries(hub.db, user.id, 'failure')).toBe(1);
  });

  it('throttles an account after repeated failures, even with the right password then', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    for (let i = 0; i < 3; i++) {
      expect(
        (await call(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: 'nope' } })).status,
      ).toBe(401);
    }
    const throttled = await call(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(throttled.status).toBe(429);
    expect(throttled.body.message).toMatch(/Te veel inlogpogingen/);
    expect(
      await auditCount(
        hub.db,
        `action = 'login' AND outcome = 'denied' AND purpose = 'throttled' AND request_id = $1`,
        [throttled.body.requestId],
      ),
    ).toBe(1);
  });

  it('throttles a client address across accounts', async () => {
    const strict = await startHub({ LOGIN_MAX_PER_ADDRESS: '4' });
    try {
      for (let i = 0; i < 4; i++) {
        await call(strict, 'POST', '/api/v1/auth/login', {
          body: { email: `x${i}-${Date.now()}@test.example`, password: 'nope' },
        });
      }
      const org = await createOrganisation(strict.db);
      const user = await createUser(strict.db, org.id, ['caseworker']);
      const res = await call(strict, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } });
      expect(res.status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it('refuses inactive users and stops a deactivated user’s tokens at once', async () => {
    const org = await createOrganisation(hub.db);
    const inactive = await createUser(hub.db, org.id, ['caseworker'], { active: false });
    expect(
      (await call(hub, 'POST', '/api/v1/auth/login', { body: { email: inactive.email, password: PASSWORD } })).status,
    ).toBe(401);

    const admin = await createUser(hub.db, org.id, ['admin']);
    const worker = await createUser(hub.db, org.id, ['caseworker']);
    const session = await call<{ accessToken: string; refreshToken: string }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: worker.email, password: PASSWORD },
    });
    const adminToken = await login(hub, admin.email);
    const patch = await call(hub, 'PATCH', `/api/v1/organisations/${org.id}/users/${worker.id}`, {
      token: adminToken,
      body: { active: false },
    });
    expect(patch.status).toBe(200);
    expect((await call(hub, 'GET', '/api/v1/me', { token: session.body.accessToken })).status).toBe(401);
    const refresh = await call(hub, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it('rotates refresh tokens, revokes the family on reuse, and revokes on logout', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const first = await call<{ refreshToken: string }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    const second = await call<{ accessToken: string; refreshToken: string }>(hub, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await call(hub, 'GET', '/api/v1/me', { token: second.body.accessToken })).status).toBe(200);
    // Presenting the rotated token again looks like theft: the whole family is revoked.
    expect(
      (await call(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status,
    ).toBe(401);
    expect(
      (await call(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status,
    ).toBe(401);

    const other = await call<{ refreshToken: string }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(
      (await call(hub, 'POST', '/api/v1/auth/logout', { body: { refreshToken: other.body.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await call(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status,
    ).toBe(401);
  });

  it('answers bad tokens and bad input with the documented error body', async () => {
    const missing = await call(hub, 'GET', '/api/v1/me');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      type: 'urn:vt:problem:access.unauthenticated',
      title: expect.any(String),
      status: 401,
      detail: expect.any(String),
      instance: `urn:uuid:${missing.body.requestId as string}`,
      statusCode: 401,
      error: 'Unauthorized',
      code: 'access.unauthenticated',
      message: expect.any(String),
      details: [],
      requestId: expect.any(String),
    });
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.headers.get('x-request-id')).toBe(missing.body.requestId);
    const forged = await call(hub, 'GET', '/api/v1/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.status).toBe(401);
    expect(await auditCount(hub.db, `action = 'denied' AND request_id = $1`, [forged.body.requestId])).toBe(1);

    const bad = await call<{ details: { field: string }[] }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: 'not-an-email', password: 'x', admin: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.field).sort()).toEqual(['admin', 'email']);
    expect(bad.text).not.toMatch(/stack|SELECT|at .*\.ts/);
  });

  it('sets security headers', async () => {
    const res = await call(hub, 'GET', '/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
