import { randomInt, randomUUID } from 'node:crypto';
import { call, createOrganisation, createUser, Hub, login, Response, TestOrganisation, TestUser } from './hub';

/**
 * A valid intake body, received a minute before `now`; override what a test is about. A fixed
 * date would let every term run out once the calendar passes it, and the tests with it.
 */
export function caseBody(overrides: Record<string, unknown> = {}, now = new Date()) {
  return {
    receivedAt: new Date(now.getTime() - 60_000).toISOString(),
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
  const res = await call<CaseBody>(hub, 'POST', '/api/v1/cases', {
    token,
    body: caseBody(overrides, hub.clock.now()),
  });
  if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${res.text}`);
  return res.body;
}

/** The id the api gave the request (echoed in X-Request-Id). */
export function requestIdOf(res: Response): string {
  const id = res.headers.get('x-request-id');
  if (!id) throw new Error('response without X-Request-Id');
  return id;
}

/** The audit entries one request left, oldest first. */
export async function auditOf(hub: Hub, res: Response) {
  return (await hub.db.query(
    `SELECT action, subject_type, case_id, outcome FROM audit_entries WHERE request_id = $1 ORDER BY seq`,
    [requestIdOf(res)],
  )) as { action: string; subject_type: string; case_id: string | null; outcome: string }[];
}

/** A write (or read) of one case leaves exactly one successful audit entry naming the case. */
export async function expectAuditedOnce(hub: Hub, res: Response, caseId: string): Promise<void> {
  const entries = await auditOf(hub, res);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ case_id: caseId, outcome: 'success' });
}

/** The documented error body, and nothing else in it. */
export function expectError(res: Response, status: number, code: string, field?: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(Object.keys(res.body).sort()).toEqual([
    'code',
    'detail',
    'details',
    'error',
    'instance',
    'message',
    'requestId',
    'status',
    'statusCode',
    'title',
    'type',
  ]);
  // RFC 9457 problem details, with the first round's members beside them.
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    statusCode: status,
    status,
    // A test that leaves the code open passes an asymmetric matcher.
    ...(typeof code === 'string' ? { type: `urn:vt:problem:${code}` } : {}),
    instance: `urn:uuid:${requestIdOf(res)}`,
    requestId: requestIdOf(res),
  });
  expect(typeof res.body.message).toBe('string');
  if (field !== undefined) {
    const details = res.body.details as { field: string; message: string }[];
    expect(details.map((d) => d.field)).toContain(field);
    for (const detail of details) expect(Object.keys(detail).sort()).toEqual(['field', 'message']);
  }
}

/** A partner organisation added to the case's network through the api. */
export async function addPartner(
  hub: Hub,
  token: string,
  caseId: string,
  kind: string,
  categories: string[],
  expiresAt?: string,
) {
  const org = await createOrganisation(hub.db, kind);
  const res = await call(hub, 'POST', `/api/v1/cases/${caseId}/partners`, {
    token,
    body: {
      organisationId: org.id,
      legalBasis: 'statutory',
      legalBasisRef: 'Jeugdwet art. 2.1',
      categories,
      expiresAt,
    },
  });
  if (res.status !== 201) throw new Error(`adding a partner failed: ${res.status} ${res.text}`);
  return org;
}

/** Makes `user` the regisseur through the api, as the case's regie supervisor. */
export async function assignRegisseur(hub: Hub, supervisorToken: string, caseId: string, userId: string) {
  const res = await call(hub, 'PUT', `/api/v1/cases/${caseId}/regisseur`, {
    token: supervisorToken,
    body: { userId },
  });
  if (res.status !== 200) throw new Error(`assigning the regisseur failed: ${res.status} ${res.text}`);
}

/** A fresh Veilig Thuis organisation's case, with its caseworker as regisseur. */
export async function directedCase(hub: Hub, overrides: Record<string, unknown> = {}) {
  const vt = await veiligThuis(hub);
  const created = await openCase(hub, vt.caseworker.token, overrides);
  await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
  return { vt, created, path: `/api/v1/cases/${created.id}`, token: vt.caseworker.token };
}

/** Rows an organisation's intake leaves behind, to show a refused intake wrote nothing. */
export async function intakeRows(hub: Hub, organisationId: string) {
  const [row] = (await hub.db.query(
    `SELECT (SELECT count(*) FROM cases WHERE organisation_id = $1)::int AS cases,
            (SELECT count(*) FROM reports WHERE organisation_id = $1)::int AS reports,
            (SELECT count(*) FROM persons WHERE organisation_id = $1)::int AS persons,
            (SELECT count(*) FROM case_partners WHERE organisation_id = $1)::int AS partners,
            (SELECT count(*) FROM case_reference_counters WHERE organisation_id = $1)::int AS counters`,
    [organisationId],
  )) as Record<string, number>[];
  return row;
}

/** A BSN that passes the elfproef and that no other test uses. */
export function freshBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => randomInt(i === 0 ? 1 : 0, 10));
    const last = digits.reduce((sum, digit, i) => sum + digit * (9 - i), 0) % 11;
    if (last < 10) return `${digits.join('')}${last}`;
  }
}

/**
 * The same persons under identities no other test uses (a fresh BSN, a suffixed surname), for a
 * test whose organisation leaves the shared test region: the radar across regions matches the
 * persons of other regions' Veilig Thuis organisations, and the default persons are in every test.
 */
export function strangers<T extends { lastName: string; bsn?: string }>(persons: T[]): T[] {
  // Letters only: the name key keeps nothing else, so digits would not tell two strangers apart.
  const suffix = randomUUID()
    .slice(0, 8)
    .replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)]);
  return persons.map((person) => ({
    ...person,
    lastName: `${person.lastName}-${suffix}`,
    ...(person.bsn ? { bsn: freshBsn() } : {}),
  }));
}
