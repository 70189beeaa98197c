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

/** The instant a term ending on this Amsterdam day runs out (winter time in every test here). */
const endOfDay = (day: string) => new Date(`${day}T23:59:59+01:00`).toISOString();

describe('cases: investigation suspension and extension', () => {
  // The clock is moved by each test (tests in a file run one after another), never slept on.
  const clock = new ManualClock(new Date('2026-12-14T10:00:00+01:00'));
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({}, { clock });
  });
  afterAll(() => hub.close());

  /** A case decided for investigation at `startedAt`, its caseworker the regisseur. */
  async function investigating(startedAt: string, receivedAt = '2026-10-01T09:00:00+02:00') {
    clock.set(new Date(startedAt));
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { receivedAt });
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const path = `/api/v1/cases/${created.id}`;
    const res = await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Onderzoek nodig' },
    });
    if (res.status !== 200) throw new Error(`assessment failed: ${res.status} ${res.text}`);
    return { vt, caseId: created.id as string, path, token: vt.caseworker.token };
  }

  async function term(caseId: string) {
    const [row] = (await hub.db.query(
      `SELECT due_at, version, status, late_working_days FROM deadlines WHERE case_id = $1 AND kind = 'investigation'`,
      [caseId],
    )) as { due_at: Date; version: number; status: string; late_working_days: number | null }[];
    return { dueAt: row.due_at.toISOString(), version: row.version, status: row.status, late: row.late_working_days };
  }

  const suspend = (path: string, token: string, body: unknown = { reason: 'Wacht op de huisarts' }) =>
    call<CaseBody>(hub, 'POST', `${path}/investigation/suspensions`, { token, body });
  const end = (path: string, token: string, sid: string) =>
    call<CaseBody>(hub, 'POST', `${path}/investigation/suspensions/${sid}/end`, { token });
  const extend = (path: string, token: string, body: unknown) =>
    call<CaseBody>(hub, 'POST', `${path}/investigation/extensions`, { token, body });

  describe('suspension', () => {
    it('moves the due date by the working days it touched, across Christmas and a weekend', async () => {
      const { caseId, path, token } = await investigating('2026-12-14T10:00:00+01:00');
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2027-02-22'), version: 1 });

      // Thursday 24 December to Monday 28 December: Christmas, Saturday and Sunday do not count.
      clock.set(new Date('2026-12-24T11:00:00+01:00'));
      const started = await suspend(path, token);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        reason: 'Wacht op de huisarts',
        startedAt: '2026-12-24T10:00:00.000Z',
        endedAt: null,
        workingDays: null,
      });
      await expectAuditedOnce(hub, started, caseId);
      expectError(await suspend(path, token), 409, 'cases.conflict', 'suspensionId');

      clock.set(new Date('2026-12-28T09:00:00+01:00'));
      const ended = await end(path, token, started.body.id);
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        id: started.body.id,
        endedAt: '2026-12-28T08:00:00.000Z',
        workingDays: 2,
        investigationDueAt: endOfDay('2027-02-24'),
      });
      await expectAuditedOnce(hub, ended, caseId);
      // Moved through reschedule: the new version replaces the timers.
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2027-02-24'), version: 2, status: 'open' });
      expectError(await end(path, token, started.body.id), 409, 'cases.conflict', 'suspensionId');

      // A suspension wholly in a weekend gives nothing back and leaves the deadline alone.
      clock.set(new Date('2027-01-09T10:00:00+01:00'));
      const weekend = await suspend(path, token, { reason: 'Gezin op reis' });
      clock.set(new Date('2027-01-10T18:00:00+01:00'));
      expect((await end(path, token, weekend.body.id)).body).toMatchObject({
        workingDays: 0,
        investigationDueAt: endOfDay('2027-02-24'),
      });
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2027-02-24'), version: 2 });

      const view = (await call<CaseBody>(hub, 'GET', path, { token })).body;
      expect(view.investigation.suspended).toBe(false);
      expect(view.investigation.suspensions).toMatchObject([
        { id: started.body.id, workingDays: 2 },
        { id: weekend.body.id, workingDays: 0 },
      ]);
      const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token });
      expect(timeline.body.items.filter((e) => e.type.startsWith('investigation_')).map((e) => e.type)).toEqual([
        'investigation_suspended',
        'investigation_suspension_ended',
        'investigation_suspended',
        'investigation_suspension_ended',
      ]);
    });

    it('moves the due date past Easter', async () => {
      // 10 weeks from Monday 11 January 2027: Monday 22 March.
      const { caseId, path, token } = await investigating('2027-01-11T10:00:00+01:00', '2027-01-08T09:00:00+01:00');
      expect((await term(caseId)).dueAt).toBe(endOfDay('2027-03-22'));
      clock.set(new Date('2027-02-01T09:00:00+01:00'));
      const started = await suspend(path, token);
      // Monday 1 to Wednesday 3 February: three working days; 22 March + 3 skips Good Friday and Easter Monday.
      clock.set(new Date('2027-02-03T17:00:00+01:00'));
      expect((await end(path, token, started.body.id)).body.workingDays).toBe(3);
      expect((await term(caseId)).dueAt).toBe(endOfDay('2027-03-25'));
      clock.set(new Date('2027-02-04T09:00:00+01:00'));
      const again = await suspend(path, token);
      clock.set(new Date('2027-02-04T15:00:00+01:00'));
      expect((await end(path, token, again.body.id)).body.workingDays).toBe(1);
      expect(await term(caseId)).toMatchObject({ dueAt: new Date('2027-03-30T23:59:59+02:00').toISOString() });
    });

    it('ends with the investigation: lateness counts against the moved term', async () => {
      const { caseId, path, token } = await investigating('2026-12-14T10:00:00+01:00');
      clock.set(new Date('2027-02-19T10:00:00+01:00'));
      const started = await suspend(path, token);
      // Tuesday after the original due day (Monday 22 February): late without the suspension.
      clock.set(new Date('2027-02-23T10:00:00+01:00'));
      const res = await call<CaseBody>(hub, 'POST', `${path}/investigation/complete`, {
        token,
        body: { conclusion: 'Zorgen bevestigd', decision: 'follow_up' },
      });
      expect(res.status).toBe(200);
      await expectAuditedOnce(hub, res, caseId);
      // Friday, Monday and Tuesday suspended: due Thursday 25 February, met in time.
      expect(await term(caseId)).toEqual({ dueAt: endOfDay('2027-02-25'), version: 2, status: 'met', late: 0 });
      expect(res.body.investigation).toMatchObject({
        suspended: false,
        suspensions: [{ id: started.body.id, endedAt: '2027-02-23T09:00:00.000Z', workingDays: 3 }],
      });
      const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token });
      expect(timeline.body.items.find((e) => e.type === 'investigation_suspension_ended')!.data).toMatchObject({
        workingDays: 3,
        byCompletion: true,
      });
      // In follow-up there is no investigation to suspend.
      expectError(await suspend(path, token), 409, 'cases.wrong_phase', 'phase');
    });

    it('is for caseworkers of the receiving Veilig Thuis, only in investigation, with a reason, and writes nothing when refused', async () => {
      const { vt, caseId, path, token } = await investigating('2026-12-14T10:00:00+01:00');
      const police = await addPartner(hub, token, caseId, 'police', ['basic', 'safety']);
      const agent = await member(hub, police, ['caseworker']);
      const stranger = await veiligThuis(hub);
      expectError(await suspend(path, vt.supervisor.token), 403, 'cases.forbidden');
      expectError(await suspend(path, agent.token), 403, 'cases.forbidden');
      expectError(await suspend(path, stranger.caseworker.token), 404, 'cases.not_found');
      expectError(await suspend(path, token, {}), 400, 'common.validation', 'reason');
      expectError(await suspend(path, token, { reason: '   ' }), 400, 'common.validation', 'reason');
      expectError(await suspend(path, token, { reason: 'x', until: 'later' }), 400, 'common.validation');
      expectError(await end(path, token, crypto.randomUUID()), 404, 'cases.not_found');
      expectError(await end(path, token, 'not-a-uuid'), 400, 'common.validation', 'sid');
      const [{ n }] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM investigation_suspensions WHERE case_id = $1`,
        [caseId],
      )) as { n: number }[];
      expect(n).toBe(0);

      // Another case's suspension cannot be ended through this one.
      const other = await investigating('2026-12-14T10:00:00+01:00');
      const foreign = await suspend(other.path, other.token);
      expectError(await end(path, token, foreign.body.id), 404, 'cases.not_found');

      const triage = await openCase(hub, vt.caseworker.token, { receivedAt: '2026-12-01T09:00:00+01:00' });
      await assignRegisseur(hub, vt.supervisor.token, triage.id, vt.caseworker.user.id);
      const refused = await suspend(`/api/v1/cases/${triage.id}`, token);
      expectError(refused, 409, 'cases.wrong_phase', 'phase');
      expect(refused.body.details).toEqual([{ field: 'phase', message: 'triage' }]);
    });
  });

  describe('extension', () => {
    it('adds weeks to the current due day, moved on to a working day, up to the configured total', async () => {
      // 10 weeks from Friday 9 October 2026: Friday 18 December.
      const { vt, caseId, path } = await investigating('2026-10-09T10:00:00+02:00', '2026-10-08T09:00:00+02:00');
      expect((await term(caseId)).dueAt).toBe(endOfDay('2026-12-18'));
      clock.set(new Date('2026-12-01T10:00:00+01:00'));
      const supervisor = vt.supervisor.token;

      // One week ends on Eerste Kerstdag: moved on past Tweede Kerstdag and the Sunday.
      const first = await extend(path, supervisor, { weeks: 1, reason: 'Wachten op politiegegevens' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        weeks: 1,
        reason: 'Wachten op politiegegevens',
        previousDueAt: endOfDay('2026-12-18'),
        dueAt: endOfDay('2026-12-28'),
        extendedBy: vt.supervisor.user.id,
      });
      await expectAuditedOnce(hub, first, caseId);
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2026-12-28'), version: 2 });

      // 1 + 10 is more than the 10 weeks allowed: refused, and nothing moves.
      const tooMuch = await extend(path, supervisor, { weeks: 10, reason: 'Nog meer tijd' });
      expectError(tooMuch, 400, 'cases.invalid', 'weeks');
      expect(tooMuch.body.details[0].message).toContain('nog 9');
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2026-12-28'), version: 2 });

      const second = await extend(path, supervisor, { weeks: 9, reason: 'Complexe casus' });
      expect(second.body).toMatchObject({ previousDueAt: endOfDay('2026-12-28'), dueAt: endOfDay('2027-03-01') });
      expectError(await extend(path, supervisor, { weeks: 1, reason: 'Nog één' }), 400, 'cases.invalid', 'weeks');

      const view = (await call<CaseBody>(hub, 'GET', path, { token: supervisor })).body;
      expect(view.investigation.extensions.map((e: CaseBody) => e.weeks)).toEqual([1, 9]);
      expect(view.deadlines.find((d: CaseBody) => d.kind === 'investigation').dueAt).toBe(endOfDay('2027-03-01'));
    });

    it('follows the configured maximum', async () => {
      const strict = await startHub({}, { clock, deadlinePolicy: { investigationMaxExtensionWeeks: 2 } });
      try {
        clock.set(new Date('2026-12-14T10:00:00+01:00'));
        const vt = await veiligThuis(strict);
        const created = await openCase(strict, vt.caseworker.token);
        await assignRegisseur(strict, vt.supervisor.token, created.id, vt.caseworker.user.id);
        const path = `/api/v1/cases/${created.id}`;
        await call(strict, 'POST', `${path}/safety-assessment`, {
          token: vt.caseworker.token,
          body: { outcome: 'safe', decision: 'investigation', summary: 'x' },
        });
        const body = { weeks: 3, reason: 'Meer tijd' };
        const res = await call(strict, 'POST', `${path}/investigation/extensions`, {
          token: vt.supervisor.token,
          body,
        });
        expectError(res, 400, 'cases.invalid', 'weeks');
        const ok = await call(strict, 'POST', `${path}/investigation/extensions`, {
          token: vt.supervisor.token,
          body: { ...body, weeks: 2 },
        });
        expect(ok.status).toBe(201);
      } finally {
        await strict.close();
      }
    });

    it('is for a supervisor of the receiving Veilig Thuis only, with a reason, in investigation', async () => {
      const { vt, caseId, path, token } = await investigating('2026-12-14T10:00:00+01:00');
      const police = await addPartner(hub, token, caseId, 'police', ['basic', 'safety']);
      const policeChief = await member(hub, police, ['supervisor']);
      const stranger = await veiligThuis(hub);
      const body = { weeks: 2, reason: 'Meer tijd' };
      expectError(await extend(path, token, body), 403, 'cases.forbidden');
      expectError(await extend(path, policeChief.token, body), 403, 'cases.forbidden');
      expectError(await extend(path, stranger.supervisor.token, body), 404, 'cases.not_found');
      const supervisor = vt.supervisor.token;
      expectError(await extend(path, supervisor, { weeks: 2 }), 400, 'common.validation', 'reason');
      expectError(await extend(path, supervisor, { weeks: 2, reason: ' ' }), 400, 'common.validation', 'reason');
      expectError(await extend(path, supervisor, { reason: 'x' }), 400, 'common.validation', 'weeks');
      expectError(await extend(path, supervisor, { weeks: 0, reason: 'x' }), 400, 'common.validation', 'weeks');
      expectError(await extend(path, supervisor, { weeks: 1.5, reason: 'x' }), 400, 'common.validation', 'weeks');
      expectError(await extend(path, supervisor, { weeks: '2', reason: 'x' }), 400, 'common.validation', 'weeks');
      expect(await term(caseId)).toMatchObject({ dueAt: endOfDay('2027-02-22'), version: 1 });
      const [{ n }] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM investigation_extensions WHERE case_id = $1`,
        [caseId],
      )) as { n: number }[];
      expect(n).toBe(0);

      const triage = await openCase(hub, vt.caseworker.token, { receivedAt: '2026-12-01T09:00:00+01:00' });
      expectError(await extend(`/api/v1/cases/${triage.id}`, supervisor, body), 409, 'cases.wrong_phase', 'phase');
    });
  });
});
