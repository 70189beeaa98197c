import { DeadlineAlertsService } from '../libs/deadlines/src';
import { ManualClock } from '../libs/common/src';
import { call, Hub, isolatedDatabase, startHub } from './support/hub';
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
const START = '2026-11-25T16:00:00+01:00';
const IMPOSED_AT = '2026-11-25T14:30:00+01:00';

/**
 * The restraining order's whole course and other protective measures (docs/protection.md). A
 * database of its own: the breach tests sweep every overdue deadline, which must not reach other
 * test files' rows.
 */
describe('cases: protection (restraining order course, protective measures)', () => {
  const clock = new ManualClock(new Date(START));
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  beforeAll(async () => {
    database = await isolatedDatabase('protection');
    hub = await startHub({ DATABASE_URL: database.url }, { clock });
  });
  afterAll(async () => {
    await hub.close();
    await database.drop();
  });

  /**
   * A directed case (regisseur: the Veilig Thuis caseworker) with a basic-only police partner and
   * its caseworker, and a person outside the case (the victim of another one).
   */
  async function protectedCase(now = START) {
    clock.set(new Date(now));
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    const personOf = (c: CaseBody, role: string) =>
      (c.persons as CaseBody[]).find((p) => p.role === role)!.id as string;
    // Another household of the same organisation: nobody in common with this case.
    const other = await openCase(hub, vt.caseworker.token, {
      persons: [{ role: 'victim', firstName: 'Carla', lastName: 'Jansen', dateOfBirth: '1979-04-12' }],
    });
    return {
      vt,
      police,
      agent,
      caseId: created.id as string,
      path: `/api/v1/cases/${created.id}`,
      suspect: personOf(created, 'suspect'),
      victim: personOf(created, 'victim'),
      outsider: personOf(other, 'victim'),
    };
  }

  const post = (path: string, token: string, body: unknown) => call<CaseBody>(hub, 'POST', path, { token, body });
  const view = async (path: string, token: string) => (await call<CaseBody>(hub, 'GET', path, { token })).body;
  const timelineTypes = async (path: string, token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token })).body.items.map((e) => e.type);
  const inbox = async (token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token })).body.items;
  const deadlinesOf = async (subjectId: string) =>
    (
      (await hub.db.query(
        `SELECT id, kind, due_at, status, version, late_working_days FROM deadlines WHERE subject_id = $1 ORDER BY kind`,
        [subjectId],
      )) as { id: string; kind: string; due_at: Date; status: string; version: number; late_working_days: number }[]
    ).map((d) => ({ ...d, due_at: d.due_at.toISOString() }));
  const orderRow = async (rid: string) =>
    ((await hub.db.query(`SELECT * FROM restraining_orders WHERE id = $1`, [rid])) as CaseBody[])[0];

  async function recordOrder(c: Awaited<ReturnType<typeof protectedCase>>, imposedAt = IMPOSED_AT) {
    const res = await post(`${c.path}/restraining-orders`, c.agent.token, {
      imposedAt,
      imposedBy: 'Burgemeester van Utrecht',
      subjectPersonId: c.suspect,
    });
    if (res.status !== 201) throw new Error(`recording the order failed: ${res.status} ${res.text}`);
    return res.body.id as string;
  }

  describe('the restraining order', () => {
    it('runs its course: recorded on the suspect, advised on by Veilig Thuis, extended to day 28, lifted', async () => {
      const c = await protectedCase();
      const recorded = await post(`${c.path}/restraining-orders`, c.vt.caseworker.token, {
        imposedAt: IMPOSED_AT,
        imposedBy: 'Burgemeester van Utrecht',
        subjectPersonId: c.suspect,
      });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ subjectPersonId: c.suspect, advice: null, decision: null, endedAt: null });
      const rid = recorded.body.id as string;
      expect(recorded.body).toMatchObject({ mayAdvise: true, mayDecide: true, mayRecordBreach: true, breaches: [] });

      // The advice is the receiving Veilig Thuis's: the police partner may not give it.
      clock.set(new Date('2026-12-01T10:00:00+01:00'));
      const advice = { advice: 'extend', summary: 'Dreiging houdt aan; hulp is net gestart.' };
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/advice`, c.agent.token, advice),
        403,
        'cases.forbidden',
      );
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/advice`, c.vt.caseworker.token, {
          advice: 'maybe',
          summary: 'x',
        }),
        400,
        'common.validation',
        'advice',
      );
      const advised = await post(`${c.path}/restraining-orders/${rid}/advice`, c.vt.caseworker.token, advice);
      expect(advised.status).toBe(201);
      expect(advised.body).toMatchObject({
        advice: 'extend',
        adviceSummary: advice.summary,
        advisedBy: c.vt.caseworker.user.id,
        advisedAt: iso('2026-12-01T10:00:00+01:00'),
        mayAdvise: false,
      });
      await expectAuditedOnce(hub, advised, c.caseId);
      expect(await deadlinesOf(rid)).toMatchObject([
        { kind: 'restraining_order_advice', status: 'met', late_working_days: 0 },
        { kind: 'restraining_order_end', status: 'open', version: 1 },
      ]);
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/advice`, c.vt.caseworker.token, advice),
        409,
        'cases.conflict',
        'advice',
      );

      // Beyond day 28 is refused and changes nothing; day 28 itself is the limit.
      const decision = (token: string, body: unknown) =>
        call<CaseBody>(hub, 'POST', `${c.path}/restraining-orders/${rid}/decision`, { token, body });
      const late = await decision(c.agent.token, { decision: 'extended', until: '2026-12-23T14:30:01+01:00' });
      expectError(late, 400, 'cases.invalid', 'until');
      expect(late.body.details[0].message).toContain('28 dagen');
      expectError(await decision(c.agent.token, { decision: 'extended' }), 400, 'cases.invalid', 'until');
      expectError(await decision(c.agent.token, { decision: 'renewed' }), 400, 'common.validation', 'decision');
      expect(await orderRow(rid)).toMatchObject({
        decision: null,
        ends_at: new Date(iso('2026-12-05T14:30:00+01:00')),
      });

      const extended = await decision(c.agent.token, { decision: 'extended', until: '2026-12-23T14:30:00+01:00' });
      expect(extended.status).toBe(200);
      // The basic-only police sees only the id of what it wrote.
      expect(extended.body).toEqual({ id: rid });
      await expectAuditedOnce(hub, extended, c.caseId);
      expect(await deadlinesOf(rid)).toMatchObject([
        { kind: 'restraining_order_advice', status: 'met' },
        { kind: 'restraining_order_end', status: 'open', version: 2, due_at: iso('2026-12-23T14:30:00+01:00') },
      ]);
      // Once extended, 'not extended' makes no sense; lifting it does.
      expectError(await decision(c.agent.token, { decision: 'not_extended' }), 409, 'cases.conflict', 'decision');
      clock.set(new Date('2026-12-10T09:00:00+01:00'));
      expectError(
        await decision(c.agent.token, { decision: 'lifted', until: '2026-12-20T14:30:00+01:00' }),
        400,
        'cases.invalid',
        'until',
      );
      const lifted = await decision(c.vt.caseworker.token, { decision: 'lifted' });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({
        decision: 'lifted',
        decidedBy: c.vt.caseworker.user.id,
        endedAt: iso('2026-12-10T09:00:00+01:00'),
        endsAt: iso('2026-12-23T14:30:00+01:00'),
        mayDecide: false,
        mayExtend: false,
      });
      expect((await deadlinesOf(rid)).map((d) => [d.kind, d.status])).toEqual([
        ['restraining_order_advice', 'met'],
        ['restraining_order_end', 'cancelled'],
      ]);
      // An ended order is decided no more, through either endpoint.
      expectError(await decision(c.agent.token, { decision: 'lifted' }), 409, 'cases.conflict', 'orderId');
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/extend`, c.agent.token, { until: '2026-12-20T14:30:00+01:00' }),
        409,
        'cases.conflict',
        'orderId',
      );

      expect(
        (await timelineTypes(c.path, c.vt.caseworker.token)).filter((t) => t.startsWith('restraining_order')),
      ).toEqual([
        'restraining_order_recorded',
        'restraining_order_advised',
        'restraining_order_extended',
        'restraining_order_ended',
      ]);
      const [order] = (await view(c.path, c.vt.caseworker.token)).restrainingOrders as CaseBody[];
      expect(order).toMatchObject({ advice: 'extend', decision: 'lifted', extendedBy: c.agent.user.id });
    });

    it('not extended: it runs out at its term and leaves no deadline to breach, even with the advice overdue', async () => {
      const c = await protectedCase();
      const rid = await recordOrder(c);
      const alerts = hub.app.get(DeadlineAlertsService);
      clock.set(new Date('2026-11-28T10:00:00+01:00'));
      const res = await post(`${c.path}/restraining-orders/${rid}/decision`, c.agent.token, {
        decision: 'not_extended',
      });
      expect(res.status).toBe(200);
      expect(await orderRow(rid)).toMatchObject({
        decision: 'not_extended',
        ended_at: new Date(iso('2026-12-05T14:30:00+01:00')),
      });
      expect((await deadlinesOf(rid)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
      // Past day 8 and day 10: the sweep breaches nothing of this order, and advice comes too late.
      clock.set(new Date('2026-12-06T10:00:00+01:00'));
      await alerts.breachDue();
      expect((await deadlinesOf(rid)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/advice`, c.vt.caseworker.token, {
          advice: 'end',
          summary: 'Te laat',
        }),
        409,
        'cases.conflict',
        'orderId',
      );
      const orderDeadlines = (await deadlinesOf(rid)).map((d) => d.id);
      expect((await inbox(c.vt.caseworker.token)).filter((n) => orderDeadlines.includes(n.subjectId))).toEqual([]);
    });

    it('meets an advice given after day 8 late, and breaches an unadvised one exactly once', async () => {
      const c = await protectedCase();
      const late = await recordOrder(c);
      const unadvised = await recordOrder(c);
      const alerts = hub.app.get(DeadlineAlertsService);
      // The advice deadline of both is due on day 8 at 14:30; the sweep breaches it once.
      clock.set(new Date('2026-12-03T14:31:00+01:00'));
      await alerts.breachDue();
      const [advice] = await deadlinesOf(unadvised);
      expect(advice).toMatchObject({ kind: 'restraining_order_advice', status: 'breached' });
      expect(await alerts.breach(advice.id, advice.version)).toBe('skipped');
      await alerts.breachDue();
      const breaches = await hub.db.query(
        `SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline_breached' AND data->>'deadlineId' = $1`,
        [advice.id],
      );
      expect(breaches).toEqual([{ n: 1 }]);
      clock.set(new Date('2026-12-04T10:00:00+01:00'));
      const res = await post(`${c.path}/restraining-orders/${late}/advice`, c.vt.caseworker.token, {
        advice: 'end',
        summary: 'Rust is teruggekeerd',
      });
      expect(res.status).toBe(201);
      expect((await deadlinesOf(late))[0]).toMatchObject({ status: 'met', late_working_days: 1 });
    });

    it('records a breach: red flag, reassessment due, the regisseur and the police told; bad ones write nothing', async () => {
      const c = await protectedCase();
      const rid = await recordOrder(c);
      const colleague = await member(hub, c.police, ['caseworker']);
      clock.set(new Date('2026-11-27T23:00:00+01:00'));
      const breach = (body: unknown) => post(`${c.path}/restraining-orders/${rid}/breaches`, c.agent.token, body);
      const description = 'Stond om 22:10 voor de deur; politie ter plaatse.';
      const early = await breach({ occurredAt: '2026-11-25T14:29:59+01:00', description });
      expectError(early, 400, 'cases.invalid', 'occurredAt');
      expect(early.body.details[0].message).toContain('ligt voor de oplegging (25 november 2026 om 14:30)');
      expectError(
        await breach({ occurredAt: '2026-11-28T10:00:00+01:00', description }),
        400,
        'cases.invalid',
        'occurredAt',
      );
      expectError(
        await breach({ occurredAt: '2026-11-27T22:10:00', description }),
        400,
        'common.validation',
        'occurredAt',
      );
      expectError(await breach({ occurredAt: '2026-11-27T22:10:00+01:00' }), 400, 'common.validation', 'description');
      expectError(
        await breach({ occurredAt: '2026-11-27T22:10:00+01:00', description: 'x'.repeat(4001) }),
        400,
        'common.validation',
        'description',
      );
      const before = await view(c.path, c.vt.caseworker.token);
      expect(before).toMatchObject({ redFlags: [], reassessmentDue: false, riskLevel: 'low' });
      expect(await hub.db.query(`SELECT * FROM restraining_order_breaches WHERE order_id = $1`, [rid])).toEqual([]);

      const res = await breach({ occurredAt: '2026-11-27T22:10:00+01:00', description });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String) });
      await expectAuditedOnce(hub, res, c.caseId);
      const after = await view(c.path, c.vt.caseworker.token);
      expect(after).toMatchObject({
        redFlags: ['order_breached'],
        riskLevel: 'elevated',
        reassessmentDue: true,
        reassessmentReasons: ['order_breached'],
      });
      expect(after.restrainingOrders[0].breaches).toEqual([
        {
          id: res.body.id,
          orderId: rid,
          occurredAt: iso('2026-11-27T22:10:00+01:00'),
          description,
          recordedBy: c.agent.user.id,
          recordedAt: iso('2026-11-27T23:00:00+01:00'),
        },
      ]);
      for (const told of [c.vt.caseworker, c.agent, colleague]) {
        expect((await inbox(told.token)).filter((n) => n.kind === 'order_breached')).toEqual([
          expect.objectContaining({ caseId: c.caseId, title: expect.stringContaining('Huisverbod overtreden') }),
        ]);
      }
      expect((await inbox(c.vt.supervisor.token)).filter((n) => n.kind === 'order_breached')).toEqual([]);
      expect(await timelineTypes(c.path, c.vt.caseworker.token)).toEqual(
        expect.arrayContaining(['restraining_order_breached', 'reassessment_due']),
      );

      // A second breach adds no second flag; one after the order was lifted is refused.
      clock.set(new Date('2026-11-29T12:00:00+01:00'));
      expect((await breach({ occurredAt: '2026-11-29T11:00:00+01:00', description })).status).toBe(201);
      expect((await view(c.path, c.vt.caseworker.token)).redFlags).toEqual(['order_breached']);
      await post(`${c.path}/restraining-orders/${rid}/decision`, c.agent.token, { decision: 'lifted' });
      clock.set(new Date('2026-11-29T14:00:00+01:00'));
      expectError(
        await breach({ occurredAt: '2026-11-29T13:00:00+01:00', description }),
        400,
        'cases.invalid',
        'occurredAt',
      );
      expect(
        await hub.db.query(`SELECT count(*)::int AS n FROM restraining_order_breaches WHERE order_id = $1`, [rid]),
      ).toEqual([{ n: 2 }]);
    });

    it('tells a regisseur who is also a police caseworker of a breach once', async () => {
      const c = await protectedCase();
      const rid = await recordOrder(c);
      await assignRegisseur(hub, c.vt.supervisor.token, c.caseId, c.agent.user.id);
      const colleague = await member(hub, c.police, ['caseworker']);
      clock.set(new Date('2026-11-27T23:00:00+01:00'));
      const res = await post(`${c.path}/restraining-orders/${rid}/breaches`, colleague.token, {
        occurredAt: '2026-11-27T22:10:00+01:00',
        description: 'Stond voor de deur.',
      });
      expect(res.status).toBe(201);
      for (const told of [c.agent, colleague]) {
        expect((await inbox(told.token)).filter((n) => n.kind === 'order_breached')).toHaveLength(1);
      }
    });

    it('is for caseworkers in the network: 403 for other roles, 404 outside it and for another case’s order', async () => {
      const c = await protectedCase();
      const rid = await recordOrder(c);
      const stranger = await veiligThuis(hub);
      const other = await protectedCase();
      const foreign = await recordOrder(other);
      const paths = (id: string) => [
        [`${c.path}/restraining-orders/${id}/decision`, { decision: 'lifted' }],
        [`${c.path}/restraining-orders/${id}/breaches`, { occurredAt: START, description: 'Aan de deur' }],
      ];
      for (const [path, body] of paths(rid)) {
        expectError(await post(path as string, c.vt.supervisor.token, body), 403, 'cases.forbidden');
        expectError(await post(path as string, stranger.caseworker.token, body), 404, 'cases.not_found');
      }
      for (const [path, body] of paths(foreign)) {
        expectError(await post(path as string, c.agent.token, body), 404, 'cases.not_found');
      }
      expectError(
        await post(`${c.path}/restraining-orders/${rid}/advice`, c.vt.supervisor.token, {
          advice: 'end',
          summary: 'x',
        }),
        403,
        'cases.forbidden',
      );
    });
  });

  describe('protective measures', () => {
    const measure = (c: { suspect: string; victim: string }) => ({
      type: 'contact_ban',
      subjectPersonId: c.suspect,
      protectedPersonId: c.victim,
      authority: 'Officier van justitie Midden-Nederland',
      description: 'Geen contact met het slachtoffer, ook niet via sociale media.',
      startsAt: '2026-11-25T09:00:00+01:00',
      endsAt: '2026-12-25T09:00:00+01:00',
    });

    it('records a measure with its end as a deadline, changes its end, and ends it', async () => {
      const c = await protectedCase();
      const res = await post(`${c.path}/protective-measures`, c.vt.caseworker.token, measure(c));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        ...measure(c),
        startsAt: iso('2026-11-25T09:00:00+01:00'),
        endsAt: iso('2026-12-25T09:00:00+01:00'),
        status: 'active',
        recordedBy: c.vt.caseworker.user.id,
        mayUpdate: true,
      });
      await expectAuditedOnce(hub, res, c.caseId);
      const mid = res.body.id as string;
      expect(await deadlinesOf(mid)).toMatchObject([
        { kind: 'protective_measure_end', status: 'open', version: 1, due_at: iso('2026-12-25T09:00:00+01:00') },
      ]);
      // The basic-only police records one too, and reads back only its id.
      const alarm = await post(`${c.path}/protective-measures`, c.agent.token, {
        type: 'victim_alarm',
        protectedPersonId: c.victim,
        authority: 'Politie Midden-Nederland',
        startsAt: '2026-11-25T15:00:00+01:00',
      });
      expect(alarm.status).toBe(201);
      expect(alarm.body).toEqual({ id: expect.any(String) });
      expect(await deadlinesOf(alarm.body.id as string)).toEqual([]);

      const patch = (id: string, token: string, body: unknown) =>
        call<CaseBody>(hub, 'PATCH', `${c.path}/protective-measures/${id}`, { token, body });
      const moved = await patch(mid, c.agent.token, { endsAt: '2027-01-25T09:00:00+01:00' });
      expect(moved.status).toBe(200);
      expect(await deadlinesOf(mid)).toMatchObject([
        { status: 'open', version: 2, due_at: iso('2027-01-25T09:00:00+01:00') },
      ]);
      expectError(
        await patch(mid, c.agent.token, { endsAt: '2026-11-20T09:00:00+01:00' }),
        400,
        'cases.invalid',
        'endsAt',
      );
      expectError(await patch(mid, c.agent.token, { status: 'active' }), 400, 'common.validation', 'status');
      expectError(await patch(mid, c.agent.token, { authority: null }), 400, 'common.validation', 'authority');
      expectError(await patch(mid, c.agent.token, { endReason: 'Klaar' }), 400, 'cases.invalid', 'endReason');

      clock.set(new Date('2026-12-01T12:00:00+01:00'));
      const ended = await patch(mid, c.vt.caseworker.token, {
        status: 'ended',
        endReason: 'Opgeheven door de rechter',
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        status: 'ended',
        endReason: 'Opgeheven door de rechter',
        endedAt: iso('2026-12-01T12:00:00+01:00'),
        endedBy: c.vt.caseworker.user.id,
        endsAt: iso('2027-01-25T09:00:00+01:00'),
        mayUpdate: false,
      });
      expect(await deadlinesOf(mid)).toMatchObject([{ status: 'met' }]);
      expectError(await patch(mid, c.vt.caseworker.token, { status: 'ended' }), 409, 'cases.conflict', 'status');
      expect(
        (await timelineTypes(c.path, c.vt.caseworker.token)).filter((t) => t.startsWith('protective_measure')),
      ).toEqual([
        'protective_measure_recorded',
        'protective_measure_recorded',
        'protective_measure_changed',
        'protective_measure_ended',
      ]);
      const measures = (await view(c.path, c.vt.caseworker.token)).protectiveMeasures as CaseBody[];
      expect(measures.map((m) => [m.type, m.status])).toEqual([
        ['contact_ban', 'ended'],
        ['victim_alarm', 'active'],
      ]);
      expect((await view(c.path, c.agent.token)).protectiveMeasures).toBeUndefined();
    });

    it('refuses a person outside the case, no person, an end before the start, and writes nothing', async () => {
      const c = await protectedCase();
      const path = `${c.path}/protective-measures`;
      const token = c.vt.caseworker.token;
      const body = measure(c);
      expectError(
        await post(path, token, { ...body, protectedPersonId: c.outsider }),
        400,
        'cases.invalid',
        'protectedPersonId',
      );
      expectError(
        await post(path, token, { ...body, subjectPersonId: c.outsider }),
        400,
        'cases.invalid',
        'subjectPersonId',
      );
      const { subjectPersonId, protectedPersonId, ...nobody } = body;
      expect([subjectPersonId, protectedPersonId]).toEqual([c.suspect, c.victim]);
      expectError(await post(path, token, nobody), 400, 'cases.invalid', 'subjectPersonId');
      expectError(await post(path, token, { ...body, endsAt: body.startsAt }), 400, 'cases.invalid', 'endsAt');
      expectError(await post(path, token, { ...body, type: 'curfew' }), 400, 'common.validation', 'type');
      expectError(
        await post(path, token, { ...body, subjectPersonId: 'nobody' }),
        400,
        'common.validation',
        'subjectPersonId',
      );
      expectError(await post(path, token, { ...body, authority: ' ' }), 400, 'common.validation', 'authority');
      expectError(await post(path, token, { ...body, startsAt: '2026-11-25' }), 400, 'common.validation', 'startsAt');
      expect(await hub.db.query(`SELECT id FROM protective_measures WHERE case_id = $1`, [c.caseId])).toEqual([]);
      expectError(await post(path, c.vt.supervisor.token, body), 403, 'cases.forbidden');
      expectError(await post(path, (await veiligThuis(hub)).caseworker.token, body), 404, 'cases.not_found');
    });

    it('reminds of the end a week and a day before and breaches it when it passes, each exactly once', async () => {
      const c = await protectedCase();
      const res = await post(`${c.path}/protective-measures`, c.vt.caseworker.token, measure(c));
      const [deadline] = await deadlinesOf(res.body.id as string);
      const alerts = hub.app.get(DeadlineAlertsService);
      const kinds = async () =>
        (await inbox(c.vt.caseworker.token))
          .filter((n) => n.subjectId === deadline.id)
          .map((n) => n.kind)
          .sort();
      // The reminders fall 7 days and 1 day before the end (its reminder times); each goes once.
      clock.set(new Date('2026-12-18T09:00:01+01:00'));
      expect(await alerts.remind(deadline.id, deadline.version, 0)).toBe('done');
      expect(await alerts.remind(deadline.id, deadline.version, 0)).toBe('skipped');
      clock.set(new Date('2026-12-24T09:00:01+01:00'));
      expect(await alerts.remind(deadline.id, deadline.version, 1)).toBe('done');
      expect(await alerts.remind(deadline.id, deadline.version, 1)).toBe('skipped');
      expect(await kinds()).toEqual(['deadline_reminder', 'deadline_reminder']);
      const [reminder] = (await inbox(c.vt.caseworker.token)).filter((n) => n.subjectId === deadline.id);
      expect(reminder.title).toContain('einde beschermingsmaatregel');

      // Not yet due: the breach job skips; past the end it breaches once, whoever runs it again.
      expect(await alerts.breach(deadline.id, deadline.version)).toBe('skipped');
      clock.set(new Date('2026-12-25T09:00:01+01:00'));
      expect(await alerts.breach(deadline.id, deadline.version)).toBe('done');
      expect(await alerts.breach(deadline.id, deadline.version)).toBe('skipped');
      await alerts.breachDue();
      expect(await kinds()).toEqual(['deadline_breached', 'deadline_reminder', 'deadline_reminder']);
      expect(
        await hub.db.query(
          `SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline_breached' AND data->>'deadlineId' = $1`,
          [deadline.id],
        ),
      ).toEqual([{ n: 1 }]);
      // Ended after its end passed: the breached deadline is met late.
      clock.set(new Date('2026-12-28T10:00:00+01:00'));
      const ended = await call<CaseBody>(hub, 'PATCH', `${c.path}/protective-measures/${res.body.id}`, {
        token: c.vt.caseworker.token,
        body: { status: 'ended' },
      });
      expect(ended.status).toBe(200);
      expect((await deadlinesOf(res.body.id as string))[0]).toMatchObject({ status: 'met' });
    });
  });
});
