import { ManualClock } from '../libs/common/src';
import { call, Hub, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  expectAuditedOnce,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';

const iso = (instant: string) => new Date(instant).toISOString();
const imposedAt = { imposedAt: '2026-11-25T14:30:00+01:00', imposedBy: 'Burgemeester van Utrecht' };

describe('cases: restraining orders (tijdelijk huisverbod)', () => {
  const clock = new ManualClock(new Date('2026-11-25T16:00:00+01:00'));
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({}, { clock });
  });
  afterAll(() => hub.close());

  /** A directed case with the police in its network (basic only) and a police caseworker. */
  async function caseWithPolice(now = '2026-11-25T16:00:00+01:00') {
    clock.set(new Date(now));
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    // The order is imposed on the suspect.
    const subjectPersonId = (created.persons as CaseBody[]).find((p) => p.role === 'suspect')!.id as string;
    const imposed = { ...imposedAt, subjectPersonId };
    return { vt, agent, imposed, caseId: created.id as string, path: `/api/v1/cases/${created.id}` };
  }

  async function orderDeadlines(caseId: string) {
    const rows = (await hub.db.query(
      `SELECT kind, subject_id, starts_at, due_at, status, version FROM deadlines
        WHERE case_id = $1 AND kind LIKE 'restraining_order%' ORDER BY kind`,
      [caseId],
    )) as { kind: string; subject_id: string; starts_at: Date; due_at: Date; status: string; version: number }[];
    return rows.map((r) => ({
      kind: r.kind,
      subjectId: r.subject_id,
      startsAt: r.starts_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      status: r.status,
      version: r.version,
    }));
  }

  const record = (path: string, token: string, body: unknown) =>
    call<CaseBody>(hub, 'POST', `${path}/restraining-orders`, { token, body });
  const extend = (path: string, token: string, rid: string, until: string) =>
    call<CaseBody>(hub, 'POST', `${path}/restraining-orders/${rid}/extend`, { token, body: { until } });

  it('records an order with its advice (day 8) and end (day 10) at the time of imposition, and extends it to day 28', async () => {
    const { vt, agent, imposed, caseId, path } = await caseWithPolice();
    const res = await record(path, agent.token, imposed);
    expect(res.status).toBe(201);
    // The basic-only police reads back only the id of what it recorded; the regie organisation all of it.
    expect(res.body).toEqual({ id: expect.any(String) });
    const recorded = (await call<CaseBody>(hub, 'GET', path, { token: vt.caseworker.token })).body;
    expect(recorded.restrainingOrders[0]).toMatchObject({
      subjectPersonId: imposed.subjectPersonId,
      imposedAt: iso(imposed.imposedAt),
      imposedBy: 'Burgemeester van Utrecht',
      endsAt: iso('2026-12-05T14:30:00+01:00'),
      registeredBy: agent.user.id,
      extendedAt: null,
    });
    await expectAuditedOnce(hub, res, caseId);
    const rid = res.body.id as string;
    expect(await orderDeadlines(caseId)).toEqual([
      {
        kind: 'restraining_order_advice',
        subjectId: rid,
        startsAt: iso(imposed.imposedAt),
        dueAt: iso('2026-12-03T14:30:00+01:00'),
        status: 'open',
        version: 1,
      },
      {
        kind: 'restraining_order_end',
        subjectId: rid,
        startsAt: iso(imposed.imposedAt),
        dueAt: iso('2026-12-05T14:30:00+01:00'),
        status: 'open',
        version: 1,
      },
    ]);

    // Orders are safety data: the regie organisation sees them, the basic-only police does not.
    const regieView = (await call<CaseBody>(hub, 'GET', path, { token: vt.caseworker.token })).body;
    expect(regieView.restrainingOrders).toMatchObject([{ id: rid, endsAt: iso('2026-12-05T14:30:00+01:00') }]);
    const policeView = (await call<CaseBody>(hub, 'GET', path, { token: agent.token })).body;
    expect(policeView.restrainingOrders).toBeUndefined();
    expect(policeView.deadlines.filter((d: CaseBody) => d.subjectId === rid)).toHaveLength(2);

    clock.set(new Date('2026-12-02T10:00:00+01:00'));
    // One second past day 28 is refused with the limit in the message, and changes nothing.
    const late = await extend(path, vt.caseworker.token, rid, '2026-12-23T14:30:01+01:00');
    expectError(late, 400, 'cases.invalid', 'until');
    expect(late.body.details[0].message).toContain('28 dagen');
    // The limit as a professional reads it, in Amsterdam time, not as an ISO timestamp.
    expect(late.body.details[0].message).toContain('(23 december 2026 om 14:30)');
    const early = await extend(path, vt.caseworker.token, rid, '2026-12-05T14:29:59+01:00');
    expectError(early, 400, 'cases.invalid', 'until');
    expect(early.body.details[0].message).toContain('(5 december 2026 om 14:30)');
    expect((await orderDeadlines(caseId)).map((d) => [d.status, d.version])).toEqual([
      ['open', 1],
      ['open', 1],
    ]);

    const extended = await extend(path, vt.caseworker.token, rid, '2026-12-23T14:30:00+01:00');
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({
      endsAt: iso('2026-12-23T14:30:00+01:00'),
      extendedBy: vt.caseworker.user.id,
      extendedAt: iso('2026-12-02T10:00:00+01:00'),
    });
    await expectAuditedOnce(hub, extended, caseId);
    // The end moved through reschedule (new version); the extension was decided on the advice.
    expect(await orderDeadlines(caseId)).toMatchObject([
      { kind: 'restraining_order_advice', status: 'met', version: 1 },
      { kind: 'restraining_order_end', dueAt: iso('2026-12-23T14:30:00+01:00'), status: 'open', version: 2 },
    ]);
    const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token: vt.caseworker.token });
    expect(timeline.body.items.filter((e) => e.type.startsWith('restraining_order')).map((e) => e.type)).toEqual([
      'restraining_order_recorded',
      'restraining_order_extended',
    ]);
  });

  it('counts calendar days at the wall-clock time: a Good Friday advice and a Sunday end stay, across the clock change', async () => {
    const { vt, imposed, caseId, path } = await caseWithPolice('2027-03-18T12:00:00+01:00');
    const res = await record(path, vt.caseworker.token, {
      ...imposed,
      imposedAt: '2027-03-18T10:00:00+01:00',
      imposedBy: 'Burgemeester',
    });
    expect(res.body.endsAt).toBe(iso('2027-03-28T10:00:00+02:00'));
    expect((await orderDeadlines(caseId)).map((d) => d.dueAt)).toEqual([
      iso('2027-03-26T10:00:00+01:00'),
      iso('2027-03-28T10:00:00+02:00'),
    ]);
  });

  it('validates the order and writes nothing when it refuses', async () => {
    const { agent, imposed, caseId, path } = await caseWithPolice();
    const token = agent.token;
    // Later than the clock (beyond the allowed skew) is the future.
    expectError(
      await record(path, token, { ...imposed, imposedAt: '2026-11-25T16:05:00+01:00' }),
      400,
      'cases.invalid',
      'imposedAt',
    );
    expectError(
      await record(path, token, { ...imposed, imposedAt: '2026-11-25T14:30:00' }),
      400,
      'common.validation',
      'imposedAt',
    );
    expectError(
      await record(path, token, { ...imposed, imposedAt: '25-11-2026' }),
      400,
      'common.validation',
      'imposedAt',
    );
    expectError(
      await record(path, token, { ...imposed, imposedAt: '1850-01-01T10:00:00+01:00' }),
      400,
      'cases.invalid',
      'imposedAt',
    );
    expectError(await record(path, token, { imposedAt: imposed.imposedAt }), 400, 'common.validation', 'imposedBy');
    expectError(await record(path, token, { ...imposed, imposedBy: ' ' }), 400, 'common.validation', 'imposedBy');
    expectError(await record(path, token, { ...imposed, days: 14 }), 400, 'common.validation');
    expectError(await record(path, token, imposedAt), 400, 'common.validation', 'subjectPersonId');
    const outsider = (await caseWithPolice()).imposed.subjectPersonId;
    clock.set(new Date('2026-11-25T16:00:00+01:00'));
    expectError(
      await record(path, token, { ...imposed, subjectPersonId: outsider }),
      400,
      'cases.invalid',
      'subjectPersonId',
    );
    const rid = (await record(path, token, imposed)).body.id as string;
    expectError(await extend(path, token, rid, '2026-12-20'), 400, 'common.validation', 'until');
    expect(await orderDeadlines(caseId)).toHaveLength(2);
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM restraining_orders WHERE case_id = $1`, [
      caseId,
    ])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('is for caseworkers in the network: 403 for other roles, 404 outside it and for an unknown order', async () => {
    const { vt, agent, imposed, path } = await caseWithPolice();
    const medical = await member(hub, vt.org, ['medical']);
    const stranger = await veiligThuis(hub);
    expectError(await record(path, vt.supervisor.token, imposed), 403, 'cases.forbidden');
    expectError(await record(path, medical.token, imposed), 403, 'cases.forbidden');
    expectError(await record(path, stranger.caseworker.token, imposed), 404, 'cases.not_found');
    const rid = (await record(path, agent.token, imposed)).body.id as string;
    const until = '2026-12-10T14:30:00+01:00';
    expectError(await extend(path, vt.supervisor.token, rid, until), 403, 'cases.forbidden');
    expectError(await extend(path, stranger.caseworker.token, rid, until), 404, 'cases.not_found');
    expectError(await extend(path, agent.token, crypto.randomUUID(), until), 404, 'cases.not_found');
    // Another case's order cannot be extended through this one.
    const other = await caseWithPolice();
    const foreign = (await record(other.path, other.agent.token, other.imposed)).body.id as string;
    expectError(await extend(path, agent.token, foreign, until), 404, 'cases.not_found');
  });

  it('refuses to extend an order that has ended (409) and any order on a closed case', async () => {
    const { vt, agent, imposed, path } = await caseWithPolice();
    const rid = (await record(path, agent.token, imposed)).body.id as string;
    clock.set(new Date('2026-12-05T14:30:00+01:00'));
    const ended = await extend(path, agent.token, rid, '2026-12-10T14:30:00+01:00');
    expectError(ended, 409, 'cases.conflict', 'orderId');

    const token = vt.caseworker.token;
    await call(hub, 'POST', `${path}/safety-assessment`, {
      token,
      body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen meer' },
    });
    expectError(await record(path, agent.token, imposed), 409, 'cases.wrong_phase', 'phase');
  });
});
