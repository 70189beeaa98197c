import { SignJWT } from 'jose';
import { createHmac, randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { loadHubConfig, ShiftedClock } from '../libs/common/src';
import { expectError } from './support/cases';
import {
  auditCount,
  call,
  createOrganisation,
  createUser,
  Hub,
  loginEntries,
  PASSWORD,
  startHub,
  TestUser,
} from './support/hub';

interface Step {
  secondFactor?: {
    required: true;
    enrolment: boolean;
    methods: string[];
    challengeToken: string;
    expiresIn: number;
  };
  accessToken?: string;
}

interface Enrolled {
  user: TestUser;
  secret: string;
  recoveryCodes: string[];
  accessToken: string;
  refreshToken: string;
}

/** A code of the authenticator app for the next 30-second step: never one a test used already. */
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describe('second factor at sign-in (TOTP, recovery codes, policy)', () => {
  let hub: Hub;
  // The step-up tests move the api's clock past the window; everything else runs on real time.
  const clock = new ShiftedClock();
  beforeAll(async () => {
    hub = await startHub({ SECOND_FACTOR_REQUIRED: 'true' }, { clock });
  });
  afterEach(() => clock.reset());
  afterAll(() => hub.close());

  const passwordStep = async (email: string) => {
    const res = await call<Step>(hub, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(res.status).toBe(200);
    return res;
  };

  /** A caseworker who enrolled a TOTP through the enrolment-only state. */
  const enrolled = async (roles = ['caseworker'], organisationId?: string): Promise<Enrolled> => {
    const org = organisationId ?? (await createOrganisation(hub.db)).id;
    const user = await createUser(hub.db, org, roles);
    const step = (await passwordStep(user.email)).body.secondFactor!;
    const token = step.challengeToken;
    const setup = await call<{ secret: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', { token });
    const confirmed = await call<{
      recoveryCodes: string[];
      session: { accessToken: string; refreshToken: string };
    }>(hub, 'POST', '/api/v1/auth/second-factor/totp/confirm', {
      token,
      body: { code: await generate({ secret: setup.body.secret }) },
    });
    expect(confirmed.status).toBe(200);
    return {
      user,
      secret: setup.body.secret,
      recoveryCodes: confirmed.body.recoveryCodes,
      accessToken: confirmed.body.session.accessToken,
      refreshToken: confirmed.body.session.refreshToken,
    };
  };

  it('enrols a TOTP in the enrolment-only state, then signs in with password and code', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const first = await passwordStep(user.email);
    // No session yet: no access token, no refresh cookie.
    expect(first.body.accessToken).toBeUndefined();
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(first.body.secondFactor).toEqual({
      required: true,
      enrolment: true,
      methods: [],
      challengeToken: expect.any(String),
      expiresIn: 900,
    });
    const token = first.body.secondFactor!.challengeToken;

    const setup = await call<{ secret: string; uri: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', {
      token,
    });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.uri).toContain(`secret=${setup.body.secret}`);
    // Stored sealed, never in the clear.
    const [stored] = (await hub.db.query(`SELECT secret_ciphertext, confirmed_at FROM user_totp WHERE user_id = $1`, [
      user.id,
    ])) as { secret_ciphertext: Buffer; confirmed_at: Date | null }[];
    expect(stored.confirmed_at).toBeNull();
    expect(stored.secret_ciphertext.toString('latin1')).not.toContain(setup.body.secret);
    // Not counted before it is confirmed: still the enrolment state.
    const status = await call<{ totp: unknown }>(hub, 'GET', '/api/v1/auth/second-factor', { token });
    expect(status.body.totp).toEqual({ enabled: false, pending: true });

    const wrong = await call(hub, 'POST', '/api/v1/auth/second-factor/totp/confirm', {
      token,
      body: { code: (Number(await generate({ secret: setup.body.secret })) + 1).toString().padStart(6, '0').slice(-6) },
    });
    expectError(wrong, 400, 'access.invalid', 'code');

    const confirmed = await call<{ recoveryCodes: string[]; session: { accessToken: string } }>(
      hub,
      'POST',
      '/api/v1/auth/second-factor/totp/confirm',
      { token, body: { code: await generate({ secret: setup.body.secret }) } },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect(confirmed.headers.get('set-cookie')).toContain('vt_refresh=');
    expect((await call(hub, 'GET', '/api/v1/me', { token: confirmed.body.session.accessToken })).status).toBe(200);
    // The enrolment token is used up with the session it opened.
    expect((await call(hub, 'GET', '/api/v1/auth/second-factor', { token })).status).toBe(401);

    const again = await passwordStep(user.email);
    expect(again.body.secondFactor).toMatchObject({ enrolment: false, methods: ['totp', 'recovery_code'] });
    const signedIn = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp', {
      body: { challengeToken: again.body.secondFactor!.challengeToken, code: await nextCode(setup.body.secret) },
    });
    expect(signedIn.status).toBe(200);
    expect((await call(hub, 'GET', '/api/v1/cases', { token: signedIn.body.accessToken })).status).toBe(200);
    expect(await loginEntries(hub.db, user.id, 'success', 'password+totp')).toBe(1);
    expect(
      await auditCount(hub.db, `subject_id = $1 AND action = 'create' AND subject_type = 'SecondFactor'`, [user.id]),
    ).toBe(1);
  });

  it('refuses a code that was used already, also within its window', async () => {
    const { user, secret } = await enrolled();
    const code = await nextCode(secret);
    const first = await passwordStep(user.email);
    const ok = await call(hub, 'POST', '/api/v1/auth/second-factor/totp', {
      body: { challengeToken: first.body.secondFactor!.challengeToken, code },
    });
    expect(ok.status).toBe(200);
    const second = await passwordStep(user.email);
    const reused = await call(hub, 'POST', '/api/v1/auth/second-factor/totp', {
      body: { challengeToken: second.body.secondFactor!.challengeToken, code },
    });
    expectError(reused, 401, 'access.invalid_second_factor');
  });

  it('counts wrong codes towards the login throttle', async () => {
    const { user, secret } = await enrolled();
    const step = await passwordStep(user.email);
    const challengeToken = step.body.secondFactor!.challengeToken;
    const right = await nextCode(secret);
    const wrongCode = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < hub.config.loginMaxPerAccount; i++) {
      const wrong = await call(hub, 'POST', '/api/v1/auth/second-factor/totp', {
        body: { challengeToken, code: wrongCode },
      });
      expectError(wrong, 401, 'access.invalid_second_factor');
    }
    // The right code no longer helps, nor does the password.
    const throttled = await call(hub, 'POST', '/api/v1/auth/second-factor/totp', {
      body: { challengeToken, code: right },
    });
    expectError(throttled, 429, 'access.throttled');
    const password = await call(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } });
    expectError(password, 429, 'access.throttled');
  });

  it('lets one sign-in step try at most five codes, also when the guesses come all at once', async () => {
    const { user, secret } = await enrolled();
    const challengeToken = (await passwordStep(user.email)).body.secondFactor!.challengeToken;
    const right = await nextCode(secret);
    const wrongCode = right === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        call(hub, 'POST', '/api/v1/auth/second-factor/totp', { body: { challengeToken, code: wrongCode } }),
      ),
    );
    const codes = answers.map((res) => (res.body as { code: string }).code);
    // A guess is counted before it is checked: no more than five are ever checked on one step.
    expect(codes.filter((code) => code === 'access.invalid_second_factor').length).toBeLessThanOrEqual(5);
    expect(
      codes.every((code) =>
        ['access.invalid_second_factor', 'access.invalid_challenge', 'access.throttled'].includes(code),
      ),
    ).toBe(true);
    expect(codes.filter((code) => code !== 'access.invalid_second_factor').length).toBeGreaterThanOrEqual(7);
  });

  it('does not let the password reset the count of wrong codes', async () => {
    const { user } = await enrolled();
    const wrong = async () => {
      const step = await passwordStep(user.email);
      const res = await call(hub, 'POST', '/api/v1/auth/second-factor/totp', {
        body: { challengeToken: step.body.secondFactor!.challengeToken, code: '000000' },
      });
      return res.status;
    };
    // A fresh password step before each guess: the guesses still add up.
    const statuses: number[] = [];
    for (let i = 0; i < hub.config.loginMaxPerAccount; i++) statuses.push(await wrong());
    expect(statuses.every((status) => status === 401)).toBe(true);
    const password = await call(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } });
    expectError(password, 429, 'access.throttled');
    expect(await loginEntries(hub.db, user.id, 'failure', 'wrong_totp')).toBe(hub.config.loginMaxPerAccount);
  });

  it('signs in with a recovery code once; regenerating replaces the codes', async () => {
    const { user, recoveryCodes, accessToken } = await enrolled();
    const step = await passwordStep(user.email);
    const used = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', {
      body: { challengeToken: step.body.secondFactor!.challengeToken, code: recoveryCodes[0].toUpperCase() },
    });
    expect(used.status).toBe(200);
    expect(await loginEntries(hub.db, user.id, 'success', 'password+recovery_code')).toBe(1);
    const again = await passwordStep(user.email);
    const reused = await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', {
      body: { challengeToken: again.body.secondFactor!.challengeToken, code: recoveryCodes[0] },
    });
    expectError(reused, 401, 'access.invalid_second_factor');

    const status = await call<{ recoveryCodes: { remaining: number } }>(hub, 'GET', '/api/v1/auth/second-factor', {
      token: accessToken,
    });
    expect(status.body.recoveryCodes).toEqual({ remaining: 9 });
    const regenerated = await call<{ recoveryCodes: string[] }>(
      hub,
      'POST',
      '/api/v1/auth/second-factor/recovery-codes',
      {
        token: accessToken,
      },
    );
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    const [stored] = (await hub.db.query(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1`, [
      user.id,
    ])) as { n: number }[];
    expect(stored.n).toBe(10);
    const third = await passwordStep(user.email);
    const old = await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', {
      body: { challengeToken: third.body.secondFactor!.challengeToken, code: recoveryCodes[1] },
    });
    expectError(old, 401, 'access.invalid_second_factor');
    const fresh = await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', {
      body: { challengeToken: third.body.secondFactor!.challengeToken, code: regenerated.body.recoveryCodes[0] },
    });
    expect(fresh.status).toBe(200);
  });

  it('refuses a challenge token that is tampered with, replayed, expired or of another step', async () => {
    const { user, recoveryCodes, accessToken } = await enrolled();
    const step = await passwordStep(user.email);
    const token = step.body.secondFactor!.challengeToken;
    const withCode = (challengeToken: string, code = recoveryCodes[0]) =>
      call(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', { body: { challengeToken, code } });

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherUser = await createUser(hub.db, user.organisationId, ['caseworker']);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: otherUser.id })).toString('base64url');
    expectError(await withCode(`${header}.${forged}.${signature}`), 401, 'access.invalid_challenge');
    // An access token is no challenge token, and the other way round.
    expectError(await withCode(accessToken), 401, 'access.invalid_challenge');
    expect((await call(hub, 'GET', '/api/v1/me', { token })).status).toBe(401);

    // Expired: signed with the hub's own key, an hour ago.
    const key = createHmac('sha256', hub.config.accessTokenSecret).update('vt-hub second factor challenge').digest();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, jti: randomUUID(), iat: now - 3600, exp: now - 3000 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(key);
    expectError(await withCode(expired), 401, 'access.invalid_challenge');

    expect((await withCode(token)).status).toBe(200);
    // Replayed: the token is used up, and the next code stays unused.
    expectError(await withCode(token, recoveryCodes[1]), 401, 'access.invalid_challenge');
    const [unused] = (await hub.db.query(
      `SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [user.id],
    )) as { n: number }[];
    expect(unused.n).toBe(9);

    // An enrolment token does not complete a sign-in.
    const newcomer = await createUser(hub.db, user.organisationId, ['supervisor']);
    const enrolment = (await passwordStep(newcomer.email)).body.secondFactor!.challengeToken;
    expectError(await withCode(enrolment), 401, 'access.invalid_challenge');
  });

  it('lets the enrolment-only state enrol and nothing else', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const token = (await passwordStep(user.email)).body.secondFactor!.challengeToken;
    for (const [method, path] of [
      ['GET', '/api/v1/cases'],
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/organisations'],
      ['GET', '/api/v1/audit'],
    ]) {
      expect({ path, status: (await call(hub, method, path, { token })).status }).toEqual({ path, status: 401 });
    }
    expect((await call(hub, 'POST', '/api/v1/cases', { token, body: {} })).status).toBe(401);
    // Removing or replacing codes needs a session.
    expect((await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-codes', { token })).status).toBe(403);
    expect((await call(hub, 'GET', '/api/v1/auth/second-factor', { token })).status).toBe(200);
  });

  it('asks every role for the second factor, admins too', async () => {
    const org = await createOrganisation(hub.db);
    for (const role of ['caseworker', 'supervisor', 'medical', 'chair', 'privacy_officer', 'admin']) {
      const user = await createUser(hub.db, org.id, [role]);
      const step = await passwordStep(user.email);
      expect({ role, enrolment: step.body.secondFactor?.enrolment }).toEqual({ role, enrolment: true });
    }
  });

  it('lets an organisation admin reset the second factor of a user who lost it, audited', async () => {
    const org = await createOrganisation(hub.db);
    const admin = await enrolled(['admin'], org.id);
    const { user, accessToken } = await enrolled(['caseworker'], org.id);
    const path = `/api/v1/organisations/${org.id}/users/${user.id}/second-factor`;

    const otherAdmin = await enrolled(['admin']);
    expect((await call(hub, 'DELETE', path, { token: otherAdmin.accessToken })).status).toBe(404);
    expect((await call(hub, 'DELETE', path, { token: accessToken })).status).toBe(403);
    const own = await call(hub, 'DELETE', `/api/v1/organisations/${org.id}/users/${admin.user.id}/second-factor`, {
      token: admin.accessToken,
    });
    expectError(own, 403, 'access.forbidden');

    expect((await call(hub, 'DELETE', path, { token: admin.accessToken })).status).toBe(204);
    // Their sessions end; the next sign-in enrols anew.
    expect((await call(hub, 'GET', '/api/v1/me', { token: accessToken })).status).toBe(401);
    expect((await passwordStep(user.email)).body.secondFactor).toMatchObject({ enrolment: true, methods: [] });
    for (const table of ['user_totp', 'user_passkeys', 'user_recovery_codes']) {
      const [row] = (await hub.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [user.id])) as {
        n: number;
      }[];
      expect({ table, n: row.n }).toEqual({ table, n: 0 });
    }
    expect(
      await auditCount(
        hub.db,
        `actor_user_id = $1 AND subject_id = $2 AND action = 'delete' AND subject_type = 'SecondFactor'
           AND outcome = 'success' AND purpose = 'admin_reset'`,
        [admin.user.id, user.id],
      ),
    ).toBe(1);
  });

  it('offers passkey registration and refuses a registration or an assertion that does not fit', async () => {
    const { user, accessToken } = await enrolled();
    const options = await call<{
      options: { rp: { id: string }; pubKeyCredParams: { alg: number }[]; excludeCredentials: unknown[] };
      registrationToken: string;
    }>(hub, 'POST', '/api/v1/auth/second-factor/passkeys/options', { token: accessToken });
    expect(options.status).toBe(200);
    expect(options.body.options.rp.id).toBe('localhost');
    expect(options.body.options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);

    // Another user's registration token does not register a passkey here.
    const other = await enrolled();
    const theirs = await call<{ registrationToken: string }>(
      hub,
      'POST',
      '/api/v1/auth/second-factor/passkeys/options',
      {
        token: other.accessToken,
      },
    );
    const credential = { id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', response: { clientDataJSON: 'e30' } };
    const refused = await call(hub, 'POST', '/api/v1/auth/second-factor/passkeys', {
      token: accessToken,
      body: { registrationToken: theirs.body.registrationToken, name: 'Sleutel', response: credential },
    });
    expectError(refused, 400, 'access.invalid', 'registrationToken');

    // A stored passkey is offered at sign-in; an assertion that does not verify is a wrong factor.
    await hub.db.query(
      `INSERT INTO user_passkeys (user_id, credential_id, public_key, transports, name) VALUES ($1, 'Y3JlZA', '\\x00', '{usb}', 'Sleutel')`,
      [user.id],
    );
    const step = await passwordStep(user.email);
    expect(step.body.secondFactor).toMatchObject({
      methods: ['totp', 'passkey', 'recovery_code'],
      passkey: { rpId: 'localhost', allowCredentials: [{ id: 'Y3JlZA', type: 'public-key', transports: ['usb'] }] },
    });
    const assertion = {
      ...credential,
      response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
    };
    const wrong = await call(hub, 'POST', '/api/v1/auth/second-factor/passkey', {
      body: { challengeToken: step.body.secondFactor!.challengeToken, response: assertion },
    });
    expectError(wrong, 401, 'access.invalid_second_factor');
    expect(await loginEntries(hub.db, user.id, 'failure', 'wrong_passkey')).toBe(1);
  });

  it('keeps the last factor where one is required', async () => {
    const { accessToken } = await enrolled();
    expectError(
      await call(hub, 'DELETE', '/api/v1/auth/second-factor/totp', { token: accessToken }),
      409,
      'access.second_factor_conflict',
    );
  });

  describe('step-up: changing the factors needs a recent proof of one', () => {
    const MINUTE = 60_000;
    const later = (minutes: number) => clock.jumpTo(new Date(Date.now() + minutes * MINUTE));

    /** A sign-in with password and TOTP: its session, refresh token included. */
    const signIn = async (email: string, secret: string) => {
      const step = await passwordStep(email);
      const res = await call<{ accessToken: string; refreshToken: string }>(
        hub,
        'POST',
        '/api/v1/auth/second-factor/totp',
        { body: { challengeToken: step.body.secondFactor!.challengeToken, code: await nextCode(secret) } },
      );
      expect(res.status).toBe(200);
      return res.body;
    };

    const stepUp = async (token: string) => {
      const res = await call<{ methods: string[]; challengeToken: string; expiresIn: number }>(
        hub,
        'POST',
        '/api/v1/auth/second-factor/step-up',
        { token },
      );
      expect(res.status).toBe(200);
      return res.body;
    };

    it('refuses every change after the window with 403, audited, and changes nothing', async () => {
      const { user, accessToken } = await enrolled();
      await hub.db.query(
        `INSERT INTO user_passkeys (user_id, credential_id, public_key, transports, name) VALUES ($1, 'c3RlcA', '\\x00', '{usb}', 'Sleutel')`,
        [user.id],
      );
      const [passkey] = (await hub.db.query(`SELECT id FROM user_passkeys WHERE user_id = $1`, [user.id])) as {
        id: string;
      }[];
      const factors = () =>
        hub.db.query(
          `SELECT (SELECT row_to_json(t) FROM user_totp t WHERE user_id = $1) AS totp,
                  (SELECT array_agg(id ORDER BY id) FROM user_passkeys WHERE user_id = $1) AS passkeys,
                  (SELECT array_agg(code_hash ORDER BY code_hash) FROM user_recovery_codes WHERE user_id = $1) AS codes`,
          [user.id],
        );
      const before = await factors();

      later(11);
      const credential = { id: 'c3RlcA', rawId: 'c3RlcA', type: 'public-key', response: { clientDataJSON: 'e30' } };
      const changes: [string, string, unknown?][] = [
        ['POST', '/api/v1/auth/second-factor/totp/setup'],
        ['POST', '/api/v1/auth/second-factor/totp/confirm', { code: '123456' }],
        ['DELETE', '/api/v1/auth/second-factor/totp'],
        ['POST', '/api/v1/auth/second-factor/passkeys/options'],
        [
          'POST',
          '/api/v1/auth/second-factor/passkeys',
          { registrationToken: 'not.a.token', name: 'Sleutel', response: credential },
        ],
        ['DELETE', `/api/v1/auth/second-factor/passkeys/${passkey.id}`],
        ['POST', '/api/v1/auth/second-factor/recovery-codes'],
      ];
      for (const [method, path, body] of changes) {
        const res = await call(hub, method, path, { token: accessToken, body });
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 403,
          code: 'access.reauthentication_required',
        });
        expectError(res, 403, 'access.reauthentication_required');
      }
      expect(await factors()).toEqual(before);
      // The session itself is still good: reading goes on, and so does the factors' status.
      expect((await call(hub, 'GET', '/api/v1/me', { token: accessToken })).status).toBe(200);
      expect((await call(hub, 'GET', '/api/v1/auth/second-factor', { token: accessToken })).status).toBe(200);
      expect(
        await auditCount(
          hub.db,
          `subject_id = $1 AND subject_type = 'SecondFactor' AND outcome = 'denied'
             AND purpose LIKE 'reauthentication\\_required\\_%'`,
          [user.id],
        ),
      ).toBe(changes.length);
    });

    it('allows the changes within the window', async () => {
      const { secret, user } = await enrolled();
      const session = await signIn(user.email, secret);
      later(9);
      const codes = await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-codes', {
        token: session.accessToken,
      });
      expect(codes.status).toBe(200);
      const options = await call(hub, 'POST', '/api/v1/auth/second-factor/passkeys/options', {
        token: session.accessToken,
      });
      expect(options.status).toBe(200);
    });

    it('opens the window again after a step-up with the TOTP, across a refresh; a recovery code is no step-up', async () => {
      // The enrolment's session: its sign-in used the current code, the step-up takes the next one.
      const session = await enrolled();
      const { user, secret } = session;
      later(11);
      const regenerate = (token: string) => call(hub, 'POST', '/api/v1/auth/second-factor/recovery-codes', { token });
      expectError(await regenerate(session.accessToken), 403, 'access.reauthentication_required');

      const challenge = await stepUp(session.accessToken);
      expect(challenge).toEqual({ methods: ['totp'], challengeToken: expect.any(String), expiresIn: 300 });
      const right = await nextCode(secret);
      const wrong = await call(hub, 'POST', '/api/v1/auth/second-factor/step-up/totp', {
        token: session.accessToken,
        body: { challengeToken: challenge.challengeToken, code: right === '000000' ? '111111' : '000000' },
      });
      // A wrong code is bad input: the session stays, but the try counts as a failed login.
      expectError(wrong, 400, 'access.invalid', 'code');
      expect(await loginEntries(hub.db, user.id, 'failure', 'step_up_wrong_totp')).toBe(1);
      expectError(await regenerate(session.accessToken), 403, 'access.reauthentication_required');

      const ok = await call(hub, 'POST', '/api/v1/auth/second-factor/step-up/totp', {
        token: session.accessToken,
        body: { challengeToken: challenge.challengeToken, code: right },
      });
      expect(ok.status).toBe(204);
      expect(await loginEntries(hub.db, user.id, 'success', 'step_up+totp')).toBe(1);
      // Used once.
      const replayed = await call(hub, 'POST', '/api/v1/auth/second-factor/step-up/totp', {
        token: session.accessToken,
        body: { challengeToken: challenge.challengeToken, code: right },
      });
      expectError(replayed, 400, 'access.invalid', 'challengeToken');

      // The proof belongs to the session: the access token after a refresh carries it too.
      const refreshed = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      expect((await regenerate(refreshed.body.accessToken)).status).toBe(200);

      // Until the window has passed once more.
      later(11 + 11);
      expectError(await regenerate(refreshed.body.accessToken), 403, 'access.reauthentication_required');
    });

    it('takes a step-up of the caller’s own session only, and not in the enrolment-only state', async () => {
      const mine = await enrolled();
      const theirs = await enrolled();
      later(11);
      const challenge = await stepUp(theirs.accessToken);
      const res = await call(hub, 'POST', '/api/v1/auth/second-factor/step-up/totp', {
        token: mine.accessToken,
        body: { challengeToken: challenge.challengeToken, code: await nextCode(mine.secret) },
      });
      expectError(res, 400, 'access.invalid', 'challengeToken');

      const newcomer = await createUser(hub.db, mine.user.organisationId, ['caseworker']);
      const enrolment = (await passwordStep(newcomer.email)).body.secondFactor!.challengeToken;
      expectError(
        await call(hub, 'POST', '/api/v1/auth/second-factor/step-up', { token: enrolment }),
        403,
        'access.forbidden',
      );
    });

    it('offers the login’s passkey options for a step-up, and refuses an assertion that does not verify', async () => {
      const { user, accessToken } = await enrolled();
      await hub.db.query(
        `INSERT INTO user_passkeys (user_id, credential_id, public_key, transports, name) VALUES ($1, 'c3RlcDI', '\\x00', '{usb}', 'Sleutel')`,
        [user.id],
      );
      const challenge = await stepUp(accessToken);
      expect(challenge).toMatchObject({
        methods: ['totp', 'passkey'],
        passkey: { rpId: 'localhost', allowCredentials: [{ id: 'c3RlcDI', type: 'public-key', transports: ['usb'] }] },
      });
      const assertion = {
        id: 'c3RlcDI',
        rawId: 'c3RlcDI',
        type: 'public-key',
        response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
      };
      const wrong = await call(hub, 'POST', '/api/v1/auth/second-factor/step-up/passkey', {
        token: accessToken,
        body: { challengeToken: challenge.challengeToken, response: assertion },
      });
      expectError(wrong, 400, 'access.invalid', 'response');
      expect(await loginEntries(hub.db, user.id, 'failure', 'step_up_wrong_passkey')).toBe(1);
    });

    it('counts a sign-in with a recovery code as a proof: the way back after a lost phone', async () => {
      const { user, recoveryCodes } = await enrolled();
      const step = await passwordStep(user.email);
      const session = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/second-factor/recovery-code', {
        body: { challengeToken: step.body.secondFactor!.challengeToken, code: recoveryCodes[0] },
      });
      later(5);
      expect(
        (await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-codes', { token: session.body.accessToken }))
          .status,
      ).toBe(200);
    });

    it('leaves the enrolment-only state as it was: the first factor needs no step-up', async () => {
      const org = await createOrganisation(hub.db);
      const user = await createUser(hub.db, org.id, ['caseworker']);
      const token = (await passwordStep(user.email)).body.secondFactor!.challengeToken;
      // Long after any sign-in: the enrolment-only state has its own 15 minutes, on the token.
      later(11);
      const setup = await call<{ secret: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', { token });
      expect(setup.status).toBe(200);
      const confirmed = await call<{ session: { accessToken: string } }>(
        hub,
        'POST',
        '/api/v1/auth/second-factor/totp/confirm',
        { token, body: { code: await generate({ secret: setup.body.secret }) } },
      );
      expect(confirmed.status).toBe(200);
      // The session it opened proved the factor just now.
      expect(
        (
          await call(hub, 'POST', '/api/v1/auth/second-factor/recovery-codes', {
            token: confirmed.body.session.accessToken,
          })
        ).status,
      ).toBe(200);
    });
  });
});

describe('second factor relaxed (SECOND_FACTOR_REQUIRED=false)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ SECOND_FACTOR_REQUIRED: 'false' });
  });
  afterAll(() => hub.close());

  it('signs in without one, but asks for a factor that was enrolled', async () => {
    const org = await createOrganisation(hub.db);
    const user = await createUser(hub.db, org.id, ['caseworker']);
    const plain = await call<Step>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(plain.status).toBe(200);
    expect(plain.body.accessToken).toEqual(expect.any(String));
    const token = plain.body.accessToken!;
    const setup = await call<{ secret: string }>(hub, 'POST', '/api/v1/auth/second-factor/totp/setup', { token });
    const confirmed = await call<{ recoveryCodes: string[]; session?: unknown }>(
      hub,
      'POST',
      '/api/v1/auth/second-factor/totp/confirm',
      { token, body: { code: await generate({ secret: setup.body.secret }) } },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    // With a session already, confirming opens none.
    expect(confirmed.body.session).toBeUndefined();
    // Without the requirement the last factor may go.
    const asked = await call<Step>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(asked.body.secondFactor).toMatchObject({ enrolment: false, methods: ['totp', 'recovery_code'] });
    expect((await call(hub, 'DELETE', '/api/v1/auth/second-factor/totp', { token })).status).toBe(204);
  });

  it('is refused in production', () => {
    const production = {
      NODE_ENV: 'production',
      ACCESS_TOKEN_SECRET: 'p'.repeat(40),
      MATCHING_KEY: 'm'.repeat(40),
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    expect(() => loadHubConfig({ ...production, SECOND_FACTOR_REQUIRED: 'false' })).toThrow(
      /SECOND_FACTOR_REQUIRED=false is refused in production/,
    );
    // Required by default there: its absence is no problem.
    let message = '';
    try {
      loadHubConfig(production);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('SECOND_FACTOR');
  });
});
