import { call, createOrganisation, createUser, Hub, login, TestOrganisation, TestUser } from './hub';

/** A valid intake body; override what a test is about. */
export function caseBody(overrides: Record<string, unknown> = {}) {
  return {
    receivedAt: '2026-11-23T09:15:00+01:00',
    acute: false,
    channel: 'phone',
    reporter: { kind: 'citizen', name: 'Buurvrouw', phone: '0612345678' },
    persons: [
      { role: 'victim', bsn: '123456782', firstName: 'Anna', lastName: 'de Vries', dateOfBirth: '1990-01-31' },
      { role: 'suspect', firstName: 'Bram', lastName: 'de Vries', dateOfBirth: '1988-05-02' },
    ],
    violenceTypes: ['partner_violence'],
    redFlags: [],
    narrative: 'Melder hoorde geschreeuw.',
    ...overrides,
  };
}

export interface Member {
  user: TestUser;
  token: string;
}

export async function member(hub: Hub, org: TestOrganisation, roles: string[]): Promise<Member> {
  const user = await createUser(hub.db, org.id, roles);
  return { user, token: await login(hub, user.email) };
}

/** A fresh Veilig Thuis organisation with a caseworker and a supervisor. */
export async function veiligThuis(hub: Hub) {
  const org = await createOrganisation(hub.db, 'veilig_thuis');
  return {
    org,
    caseworker: await member(hub, org, ['caseworker']),
    supervisor: await member(hub, org, ['supervisor']),
  };
}

// Case bodies are free-form JSON in tests; each test asserts the fields it is about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CaseBody = Record<string, any>;

export async function openCase(hub: Hub, token: string, overrides: Record<string, unknown> = {}) {
  const res = await call<CaseBody>(hub, 'POST', '/api/v1/cases', { token, body: caseBody(overrides) });
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${res.text}`);
  return res.body;
}
