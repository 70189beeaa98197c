import { call, Hub, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  caseBody,
  CaseBody,
  expectError,
  intakeRows,
  member,
  openCase,
  requestIdOf,
  veiligThuis,
  directedCase as directedCaseOf,
} from './support/cases';

/** Edges found in review: concurrency, the privacy officer's view, odd input, and loose ends. */
describe('cases: edges', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const DAY_MS = 86_400_000;

  const directedCase = () => directedCaseOf(hub);

  it('attaches crossing reports to two cases at once without deadlocking', async () => {
    const vt = await veiligThuis(hub);
    const person = (firstName: string) => ({
      role: 'victim',
      firstName,
      lastName: 'Jansen',
      dateOfBirth: '1991-02-03',
    });
    // Pairs of unrelated cases; then, at the same moment, each gets a report naming the other's
    // person, so each intake links (and key-share locks) the case the other one has locked.
    const pairs = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const a = await openCase(hub, vt.caseworker.token, { persons: [person(`A${i}`)] });
        const b = await openCase(hub, vt.caseworker.token, { persons: [person(`B${i}`)] });
        return { a: a.id as string, b: b.id as string, i };
      }),
    );
    const report = (caseId: string, firstName: string) =>
      call(hub, 'POST', `/api/v1/cases/${caseId}/reports`, {
        token: vt.caseworker.token,
        body: caseBody({ persons: [person(firstName)] }),
      });
    const results = await Promise.all(pairs.flatMap(({ a, b, i }) => [report(a, `B${i}`), report(b, `A${i}`)]));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
  });

  it('holds a case to 30 persons over all its reports: the report that would pass it answers 400 and adds nothing', async () => {
    const vt = await veiligThuis(hub);
    const people = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        role: 'other',
        // Names differ in letters: matching ignores digits.
        firstName: `Persoon ${String.fromCharCode(97 + Math.floor((from + i) / 26), 97 + ((from + i) % 26))}`,
        lastName: 'Grens',
        dateOfBirth: '1980-01-01',
      }));
    const opened = await openCase(hub, vt.caseworker.token, { persons: people(0, 20) });
    const report = (persons: unknown[]) =>
      call(hub, 'POST', `/api/v1/cases/${opened.id}/reports`, {
        token: vt.caseworker.token,
        body: caseBody({ persons }),
      });
    expectError(await report(people(20, 31)), 400, 'common.validation', 'persons');
    const over = await report(people(20, 11));
    expectError(over, 400, 'cases.invalid', 'persons');
    expect((over.body.details as { message: string }[])[0].message).toContain('hoogstens 30 betrokkenen');
    const counts = async () =>
      (
        (await hub.db.query(
          `SELECT (SELECT count(*)::int FROM case_persons WHERE case_id = $1) AS persons,
                  (SELECT count(*)::int FROM reports WHERE case_id = $1) AS reports`,
          [opened.id],
        )) as { persons: number; reports: number }[]
      )[0];
    expect(await counts()).toEqual({ persons: 20, reports: 1 });
    expect((await report(people(20, 10))).status).toBe(201);
    expect(await counts()).toEqual({ persons: 30, reports: 2 });
  });

  it("records a partner's reads of a case for the receiving organisation's privacy officer", async () => {
    const { vt, created, path } = await directedCase();
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    const read = await call(hub, 'GET', path, { token: agent.token });
    expect(read.status).toBe(200);
    const privacy = await member(hub, vt.org, ['privacy_officer']);
    const log = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/audit?caseId=${created.id}`, {
      token: privacy.token,
    });
    expect(log.body.items.map((e) => e.requestId)).toContain(requestIdOf(read));
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no reporter', { reporter: undefined }, 'reporter', 'common.validation'],
    [
      'a date of birth before 1900',
      { persons: [{ role: 'victim', firstName: 'A', lastName: 'B', dateOfBirth: '0000-01-01' }] },
      'persons.0.dateOfBirth',
      'common.validation',
    ],
    ['a receipt before the calendar', { receivedAt: '2019-06-03T10:00:00+02:00' }, 'receivedAt', 'cases.invalid'],
    ['a receipt without offset', { receivedAt: '2026-11-23T09:15:00' }, 'receivedAt', 'common.validation'],
    ['a NUL character', { narrative: 'a\u0000b' }, 'narrative', 'common.validation'],
  ])('refuses %s with 400 and writes nothing', async (_name, overrides, field, code) => {
    const vt = await veiligThuis(hub);
    const res = await call(hub, 'POST', '/api/v1/cases', { token: vt.caseworker.token, body: caseBody(overrides) });
    expectError(res, 400, code, field);
    expect(await intakeRows(hub, vt.org.id)).toMatchObject({ cases: 0, reports: 0, persons: 0 });
  });

  it('refuses a cursor beyond the sequence range with 400', async () => {
    const vt = await veiligThuis(hub);
    const cursor = Buffer.from('9999999999999999999').toString('base64url');
    for (const path of [`/api/v1/cases?cursor=${cursor}`, `/api/v1/notifications?cursor=${cursor}`]) {
      expectError(
        await call(hub, 'GET', path, { token: vt.caseworker.token }),
        400,
        expect.any(String) as never,
        'cursor',
      );
    }
  });

  it('keeps the link to the predecessor case out of partners’ timelines', async () => {
    const { vt, created, path } = await directedCase();
    await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
    });
    const successor = await call<CaseBody>(hub, 'POST', `${path}/reports`, {
      token: vt.caseworker.token,
      body: caseBody({ persons: [] }),
    });
    expect(successor.status).toBe(201);
    expect(successor.body.id).not.toBe(created.id);
    await assignRegisseur(hub, vt.supervisor.token, successor.body.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, successor.body.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const timeline = await call(hub, 'GET', `/api/v1/cases/${successor.body.id}/timeline`, { token: agent.token });
    expect(timeline.status).toBe(200);
    expect(timeline.text).not.toContain(created.id);
    const own = await call(hub, 'GET', `/api/v1/cases/${successor.body.id}/timeline`, { token: vt.caseworker.token });
    expect(own.text).toContain(created.id);
  });

  it('escalates about an action only to the organisation that owes it', async () => {
    const { vt, created, path } = await directedCase();
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const shelter = await addPartner(hub, vt.caseworker.token, created.id, 'shelter', ['basic']);
    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token: vt.caseworker.token,
      body: { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt: new Date(Date.now() + DAY_MS) },
    });
    expectError(
      await call(hub, 'POST', `${path}/escalations`, {
        token: vt.caseworker.token,
        body: { targetOrganisationId: shelter.id, actionId: action.body.id, reason: 'Stilstand' },
      }),
      400,
      'cases.invalid',
      'actionId',
    );
  });

  it('keeps a done action done, and ends what a removed partner still owed', async () => {
    const { vt, created, path } = await directedCase();
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const create = (description: string) =>
      call<CaseBody>(hub, 'POST', `${path}/actions`, {
        token: vt.caseworker.token,
        body: { assigneeOrganisationId: police.id, description, dueAt: new Date(Date.now() + DAY_MS) },
      });
    const done = await create('Aangifte opnemen');
    const open = await create('Huisbezoek');
    const patch = (id: string, status: string) =>
      call(hub, 'PATCH', `${path}/actions/${id}`, { token: vt.caseworker.token, body: { status } });
    expect((await patch(done.body.id, 'done')).status).toBe(200);
    expectError(await patch(done.body.id, 'open'), 409, 'cases.conflict', 'status');
    const escalation = await call<CaseBody>(hub, 'POST', `${path}/escalations`, {
      token: vt.caseworker.token,
      body: { targetOrganisationId: police.id, actionId: open.body.id, reason: 'Geen reactie' },
    });
    expect(escalation.status).toBe(201);
    expect((await call(hub, 'DELETE', `${path}/partners/${police.id}`, { token: vt.caseworker.token })).status).toBe(
      204,
    );
    const rows = (await hub.db.query(
      `SELECT kind, status FROM deadlines WHERE case_id = $1 AND kind IN ('action', 'escalation_response') ORDER BY kind, status`,
      [created.id],
    )) as { kind: string; status: string }[];
    expect(rows).toEqual([
      { kind: 'action', status: 'cancelled' },
      { kind: 'action', status: 'met' },
      { kind: 'escalation_response', status: 'cancelled' },
    ]);
  });

  it('pages the notification inbox with a cursor', async () => {
    const { vt, created, path } = await directedCase();
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const chief = await member(hub, police, ['supervisor']);
    for (const reason of ['Een', 'Twee', 'Drie']) {
      await call(hub, 'POST', `${path}/escalations`, {
        token: vt.caseworker.token,
        body: { targetOrganisationId: police.id, reason },
      });
    }
    const first = await call<CaseBody>(hub, 'GET', '/api/v1/notifications?limit=2', { token: chief.token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call<CaseBody>(hub, 'GET', `/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`, {
      token: chief.token,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });
});
