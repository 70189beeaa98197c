import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { postgresOptions } from '../libs/database/src/data-source-options';
import { EmailPerOrganisation1795701250000 } from '../migrations/1795701250000-EmailPerOrganisation';
import { ownerUrlOf } from './support/database-urls';
import {
  call,
  createOrganisation,
  createUser,
  Hub,
  isolatedDatabase,
  login,
  loginEntries,
  startHub,
  TestOrganisation,
} from './support/hub';

describe('e-mail addresses per organisation', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /** An organisation with an admin, who creates the users under test through the api. */
  const organisationWithAdmin = async (): Promise<TestOrganisation & { token: string }> => {
    const org = await createOrganisation(hub.db);
    const admin = await createUser(hub.db, org.id, ['admin']);
    return { ...org, token: await login(hub, admin.email) };
  };

  const createVia = (org: { id: string; token: string }, email: string, password: string) =>
    call<{ id: string; code?: string; details?: { field: string }[] }>(
      hub,
      'POST',
      `/api/v1/organisations/${org.id}/users`,
      { token: org.token, body: { name: 'Gedeelde Medewerker', email, password, roles: ['caseworker'] } },
    );

  const loginWith = (body: Record<string, unknown>) =>
    call<{ user?: { id: string; organisationId: string }; code?: string; details?: { field: string }[] }>(
      hub,
      'POST',
      '/api/v1/auth/login',
      { body },
    );

  const sharedAddress = () => `gedeeld-${randomUUID()}@test.example`;
  it('keeps counting wrong guesses when the same address logs in at another organisation', async () => {
    const [a, b] = [await organisationWithAdmin(), await organisationWithAdmin()];
    const email = sharedAddress();
    expect((await createVia(a, email, 'Doelwit-Wachtwoord-71')).status).toBe(201);
    // The guesser holds an account with the same address elsewhere, with a password it knows.
    expect((await createVia(b, email, 'Eigen-Wachtwoord-72')).status).toBe(201);
    const max = hub.config.loginMaxPerAccount;
    for (let i = 0; i < max - 1; i++) {
      expect((await loginWith({ email, password: `Gok-nummer-${i}-xyz` })).status).toBe(401);
    }
    const own = await loginWith({ email, password: 'Eigen-Wachtwoord-72' });
    expect(own.status).toBe(200);
    expect((await loginWith({ email, password: 'Nog-een-gok-xyz' })).status).toBe(401);
    // Its own login did not reset the count: the account is throttled, the right password too.
    expect((await loginWith({ email, password: 'Doelwit-Wachtwoord-71' })).status).toBe(429);
  });

  it('creates a user whose address is used in another organisation, and refuses it twice in one', async () => {
    const [a, b] = [await organisationWithAdmin(), await organisationWithAdmin()];
    const email = sharedAddress();
    expect((await createVia(a, email, 'Eerste-Wachtwoord-91')).status).toBe(201);
    const elsewhere = await createVia(b, email.toUpperCase(), 'Tweede-Wachtwoord-92');
    expect(elsewhere.status).toBe(201);
    const again = await createVia(a, email, 'Derde-Wachtwoord-93');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('access.email_taken');
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email])) as {
      n: number;
    }[];
    expect(n).toBe(2);
  });

  it('logs in to the account whose password matches, and audits it there', async () => {
    const [a, b] = [await organisationWithAdmin(), await organisationWithAdmin()];
    const email = sharedAddress();
    const inA = await createVia(a, email, 'Wachtwoord-Van-A-41');
    const inB = await createVia(b, email, 'Wachtwoord-Van-B-42');
    const toA = await loginWith({ email, password: 'Wachtwoord-Van-A-41' });
    expect(toA.status).toBe(200);
    expect(toA.body.user).toMatchObject({ id: inA.body.id, organisationId: a.id });
    const toB = await loginWith({ email, password: 'Wachtwoord-Van-B-42' });
    expect(toB.status).toBe(200);
    expect(toB.body.user).toMatchObject({ id: inB.body.id, organisationId: b.id });
    expect(await loginEntries(hub.db, inA.body.id, 'success')).toBe(1);
    expect(await loginEntries(hub.db, inB.body.id, 'success')).toBe(1);

    const wrong = await loginWith({ email, password: 'Geen-Van-Beide-43' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('access.invalid_credentials');
    // Each account's organisation sees the failed attempt on its account.
    expect(await loginEntries(hub.db, inA.body.id, 'failure', 'wrong_password')).toBe(1);
    expect(await loginEntries(hub.db, inB.body.id, 'failure', 'wrong_password')).toBe(1);
  });

  it('asks for the organisation when one password opens both accounts, and logs in to the one named', async () => {
    const [a, b] = [await organisationWithAdmin(), await organisationWithAdmin()];
    const email = sharedAddress();
    const password = 'Zelfde-Wachtwoord-57';
    const inA = await createVia(a, email, password);
    const inB = await createVia(b, email, password);

    const ambiguous = await loginWith({ email, password });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.code).toBe('access.organisation_required');
    expect(ambiguous.body.details).toEqual([expect.objectContaining({ field: 'organisation' })]);
    expect(await loginEntries(hub.db, inA.body.id, 'failure', 'organisation_required')).toBe(1);
    expect(await loginEntries(hub.db, inB.body.id, 'failure', 'organisation_required')).toBe(1);

    const chosen = await loginWith({ email, password, organisation: b.slug });
    expect(chosen.status).toBe(200);
    expect(chosen.body.user).toMatchObject({ id: inB.body.id, organisationId: b.id });
    expect(await loginEntries(hub.db, inB.body.id, 'success')).toBe(1);
    expect(await loginEntries(hub.db, inA.body.id, 'success')).toBe(0);

    // An organisation without this address, or none at all, answers as a wrong password does.
    const stranger = await createOrganisation(hub.db);
    for (const organisation of [stranger.slug, 'bestaat-niet-xyz']) {
      const refused = await loginWith({ email, password, organisation });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('access.invalid_credentials');
    }
    // The right organisation with the wrong password is refused too.
    const wrong = await loginWith({ email, password: 'Ander-Wachtwoord-58', organisation: a.slug });
    expect(wrong.status).toBe(401);
    expect(await loginEntries(hub.db, inA.body.id, 'failure', 'wrong_password')).toBe(1);
    expect(await loginEntries(hub.db, inB.body.id, 'failure', 'wrong_password')).toBe(0);
  });

  it('skips a deactivated account with the same address and password', async () => {
    const [a, b] = [await organisationWithAdmin(), await organisationWithAdmin()];
    const email = sharedAddress();
    const password = 'Zelfde-Wachtwoord-77';
    const inA = await createVia(a, email, password);
    const inB = await createVia(b, email, password);
    await hub.db.query(`UPDATE users SET active = false WHERE id = $1`, [inA.body.id]);
    const res = await loginWith({ email, password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: inB.body.id });
    expect(await loginWith({ email, password, organisation: a.slug })).toMatchObject({ status: 401 });
    expect(await loginEntries(hub.db, inA.body.id, 'failure', 'inactive_account')).toBe(1);
  });

  it('refuses an organisation that is not a slug with 400', async () => {
    for (const organisation of ['Niet Geldig', 'x'.repeat(41), 42]) {
      const res = await loginWith({ email: sharedAddress(), password: 'Wat-Dan-Ook-12', organisation });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'organisation' })]));
    }
  });
});

describe('migration EmailPerOrganisation', () => {
  it('refuses to go down while an address is used in two organisations, and goes down once it is not', async () => {
    const database = await isolatedDatabase('email_per_org');
    const owner = await new DataSource(
      postgresOptions({ url: ownerUrlOf(database.url), poolSize: 2, applicationName: 'vt-e2e-owner' }, [], []),
    ).initialize();
    try {
      const [a, b] = [await createOrganisation(owner), await createOrganisation(owner)];
      const email = `gedeeld-${randomUUID()}@test.example`;
      for (const org of [a, b]) {
        await owner.query(`INSERT INTO users (organisation_id, name, email, password_hash) VALUES ($1, 'T', $2, 'x')`, [
          org.id,
          email,
        ]);
      }
      const migration = new EmailPerOrganisation1795701250000();
      const runner = owner.createQueryRunner();
      try {
        await expect(migration.down(runner)).rejects.toThrow(/more than one organisation/);
        await owner.query(`DELETE FROM users WHERE organisation_id = $1`, [b.id]);
        await migration.down(runner);
        const constraints = (await owner.query(
          `SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u' AND conname LIKE '%email%' ORDER BY conname`,
        )) as { conname: string }[];
        expect(constraints.map((c) => c.conname)).toEqual(['users_email_key']);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
    } finally {
      await owner.destroy();
      await database.drop();
    }
  });
});
