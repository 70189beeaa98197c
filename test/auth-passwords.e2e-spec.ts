import { expectError, member } from './support/cases';
import { call, createOrganisation, Hub, login, startHub } from './support/hub';

/** Password rules at user creation (NIST SP 800-63B): length, the shipped lists, the owner's own name. */
describe('passwords of new users', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  async function admin() {
    const org = await createOrganisation(hub.db);
    return { org, admin: await member(hub, org, ['admin']) };
  }

  const create = (orgId: string, token: string, name: string, email: string, password: string) =>
    call(hub, 'POST', `/api/v1/organisations/${orgId}/users`, {
      token,
      body: { name, email, password, roles: ['caseworker'] },
    });

  const usersNamed = async (email: string) =>
    ((await hub.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email])) as { n: number }[])[0].n;

  it.each([
    ['twelve spaces', ' '.repeat(12), /te makkelijk te raden/],
    ['one letter repeated', 'aaaaaaaaaaaa', /te makkelijk te raden/],
    ['a common password with digits', 'password1234', /te makkelijk te raden/],
    ['a keyboard walk', 'qwertyuiop12', /te makkelijk te raden/],
    ['a Dutch word with a year', 'wachtwoord2026', /te makkelijk te raden/],
    ['the owner’s surname', 'Veldkamp-1985!!', /naam of e-mailadres/],
    ['the owner’s address', 'zonnebloem-42-Blauw', /naam of e-mailadres/],
    ['eleven characters', 'Kx9#mPq2!vL', /minstens 12 tekens/],
  ])('refuses %s with 400 at the password field and creates nobody', async (_what, password, message) => {
    const { org, admin: a } = await admin();
    const email = `zonnebloem.${org.slug}@test.example`;
    const res = await create(org.id, a.token, 'Anna Veldkamp', email, password);
    expectError(res, 400, expect.stringMatching(/^(access\.weak_password|common\.validation)$/) as never, 'password');
    const details = res.body.details as { field: string; message: string }[];
    expect(details.find((d) => d.field === 'password')?.message).toMatch(message);
    expect(await usersNamed(email)).toBe(0);
  });

  it('accepts a long unguessable password, with which the new user logs in', async () => {
    const { org, admin: a } = await admin();
    const email = `anna.${org.slug}@test.example`;
    const password = 'Kiezel-Molen-Avond-93';
    const res = await create(org.id, a.token, 'Anna Veldkamp', email, password);
    expect(res.status).toBe(201);
    expect(await login(hub, email, password)).toEqual(expect.any(String));
  });
});
