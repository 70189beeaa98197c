import { ManualClock } from '../libs/common/src';
import { RISK_INSTRUMENTS } from '../libs/cases/src/risk-instruments';
import { WorkingDayCalendar } from '../libs/deadlines/src';
import {
  addPartner,
  assignRegisseur,
  auditOf,
  CaseBody,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';
import { call, Hub, startHub } from './support/hub';

/** Monday 28 December 2026, noon in Amsterdam: just after Christmas (Friday 25th) and a weekend. */
const NOW = new Date('2026-12-28T12:00:00+01:00');

describe('deadlines: list, supervisor dashboard and lead-time export', () => {
  let hub: Hub;
  const clock = new ManualClock(NOW);
  beforeAll(async () => {
    hub = await startHub({}, { clock });
  });
  afterAll(() => hub.close());
  beforeEach(() => clock.set(NOW));

  type Vt = Awaited<ReturnType<typeof veiligThuis>>;

  /** A case of the organisation with none of the deadlines the intake opened: the test sets its own. */
  async function bareCase(vt: Vt, overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await openCase(hub, vt.caseworker.token, overrides);
    await hub.db.query(`DELETE FROM deadlines WHERE case_id = $1`, [created.id]);
    return created.id as string;
  }

  async function deadline(
    caseId: string,
    kind: string,
    dueAt: string,
    fields: { status?: string; startsAt?: string; completedAt?: string } = {},
  ): Promise<string> {
    const status = fields.status ?? 'open';
    const [row] = (await hub.db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days, breached_at)
       VALUES ($1, $2, $3, $4, $5, $6::timestamptz,
               CASE WHEN $5 = 'met' THEN CASE WHEN $6::timestamptz <= $4 THEN 0 ELSE 1 END END,
               CASE WHEN $5 = 'breached' THEN $4::timestamptz END)
       RETURNING id`,
      [caseId, kind, fields.startsAt ?? '2026-12-01T09:00:00+01:00', dueAt, status, fields.completedAt ?? null],
    )) as { id: string }[];
    return row.id;
  }

  const dashboardOf = async (vt: Vt) => {
    const res = await call<CaseBody>(hub, 'GET', '/api/v1/dashboard', { token: vt.supervisor.token });
    expect(res.status).toBe(200);
    return res.body;
  };

  const EMPTY = { open: 0, atRisk: 0, breached: 0 };

  describe('counts', () => {
    it('counts open, at risk and breached per kind, with the threshold at the end of the next working day', async () => {
      const vt = await veiligThuis(hub);
      const caseId = await bareCase(vt);
      // The threshold is the end of Tuesday 29 December: due exactly then is at risk, a second later is not.
      await deadline(caseId, 'safety_assessment', '2026-12-29T23:59:59+01:00');
      await deadline(caseId, 'investigation', '2026-12-30T00:00:00+01:00');
      await deadline(caseId, 'action', '2026-12-30T23:59:59+01:00');
      // Overdue but not yet processed by the breach timer: still open, and at risk.
      await deadline(caseId, 'action', '2026-12-27T23:59:59+01:00');
      await deadline(caseId, 'action', '2026-12-20T23:59:59+01:00', { status: 'breached' });
      await deadline(caseId, 'escalation_response', '2026-12-22T23:59:59+01:00', {
        status: 'met',
        completedAt: '2026-12-21T10:00:00+01:00',
      });
      await deadline(caseId, 'restraining_order_end', '2026-12-31T23:59:59+01:00', { status: 'cancelled' });

      const body = await dashboardOf(vt);
      expect({ open: body.open, atRisk: body.atRisk, breached: body.breached }).toEqual({
        open: 4,
        atRisk: 2,
        breached: 1,
      });
      expect(body.byKind).toEqual({
        safety_assessment: { open: 1, atRisk: 1, breached: 0 },
        investigation: { open: 1, atRisk: 0, breached: 0 },
        restraining_order_advice: EMPTY,
        restraining_order_end: EMPTY,
        action: { open: 2, atRisk: 1, breached: 1 },
        escalation_response: EMPTY,
        child_check: EMPTY,
        approval: EMPTY,
        protective_measure_end: EMPTY,
        reporter_feedback: EMPTY,
        follow_up_check: EMPTY,
      });
      expect(body.pendingApprovals).toBe(0);

      // A day later the threshold is the end of Wednesday 30th: both deadlines due that day join.
      clock.advance(86_400_000);
      const later = await dashboardOf(vt);
      expect({ open: later.open, atRisk: later.atRisk }).toEqual({ open: 4, atRisk: 4 });
    });

    it('counts the cases the organisation holds regie over, not those it received or another holds', async () => {
      const [a, b] = [await veiligThuis(hub), await veiligThuis(hub)];
      const ownCase = await bareCase(a);
      const handedOver = await bareCase(a);
      const otherCase = await bareCase(b);
      await hub.db.query(`UPDATE cases SET regie_organisation_id = $2 WHERE id = $1`, [handedOver, b.org.id]);
      await deadline(ownCase, 'action', '2027-01-20T23:59:59+01:00');
      await deadline(handedOver, 'action', '2027-01-20T23:59:59+01:00', { status: 'breached' });
      await deadline(otherCase, 'action', '2027-01-20T23:59:59+01:00');
      await deadline(otherCase, 'safety_assessment', '2026-12-29T23:59:59+01:00');

      const ofA = await dashboardOf(a);
      expect({ open: ofA.open, atRisk: ofA.atRisk, breached: ofA.breached }).toEqual({
        open: 1,
        atRisk: 0,
        breached: 0,
      });
      const ofB = await dashboardOf(b);
      expect({ open: ofB.open, atRisk: ofB.atRisk, breached: ofB.breached }).toEqual({
        open: 2,
        atRisk: 1,
        breached: 1,
      });
      expect(JSON.stringify(ofA)).not.toContain(otherCase);
      expect(JSON.stringify(ofB)).not.toContain(ownCase);
    });

    it('gives the caseload per worker of the organisation: open cases as regisseur, with a breached term or one at risk', async () => {
      const [vt, other] = [await veiligThuis(hub), await veiligThuis(hub)];
      const busy = await member(hub, vt.org, ['caseworker']);
      const idle = await member(hub, vt.org, ['caseworker']);
      await member(hub, vt.org, ['privacy_officer']);
      const assigned = async (userId: string, owner = vt) => {
        const id = await bareCase(owner);
        await assignRegisseur(hub, owner.supervisor.token, id, userId);
        await hub.db.query(`DELETE FROM deadlines WHERE case_id = $1`, [id]);
        return id;
      };
      const late = await assigned(busy.user.id);
      await deadline(late, 'action', '2026-12-20T23:59:59+01:00', { status: 'breached' });
      const soon = await assigned(busy.user.id);
      await deadline(soon, 'action', '2026-12-29T23:59:59+01:00');
      await deadline(await assigned(busy.user.id), 'action', '2027-01-20T23:59:59+01:00');
      const closed = await assigned(busy.user.id);
      await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [closed]);
      await assigned(vt.caseworker.user.id);
      // Another organisation's case and worker count there, not here.
      await assigned(other.caseworker.user.id, other);

      const body = await dashboardOf(vt);
      // Busiest first; equals by name (every test user is "Test"), then id.
      const row = (userId: string, cases: number, withBreached = 0, withAtRisk = 0) => ({
        userId,
        name: 'Test',
        cases,
        withBreached,
        withAtRisk,
      });
      expect(body.caseload).toEqual([
        row(busy.user.id, 3, 1, 1),
        row(vt.caseworker.user.id, 1),
        ...[idle.user.id, vt.supervisor.user.id].sort().map((id) => row(id, 0)),
      ]);
      expect(JSON.stringify(body.caseload)).not.toContain(other.caseworker.user.id);
    });

    it('is refused (403, audited as denied) to everyone but supervisors', async () => {
      const vt = await veiligThuis(hub);
      for (const token of [vt.caseworker.token, (await member(hub, vt.org, ['admin'])).token]) {
        for (const path of ['/api/v1/dashboard', '/api/v1/reports/lead-times.csv?from=2026-01-01&to=2026-12-31']) {
          const res = await call(hub, 'GET', path, { token });
          expectError(res, 403, 'access.forbidden');
          expect(await auditOf(hub, res)).toEqual([expect.objectContaining({ outcome: 'denied' })]);
        }
      }
    });
  });

  describe('waiting list', () => {
    it('lists reports without a regisseur, longest waiting first, in working days across a weekend and holiday', async () => {
      const vt = await veiligThuis(hub);
      const monday = await bareCase(vt, { receivedAt: '2026-12-21T09:00:00+01:00' });
      const christmasEve = await bareCase(vt, { receivedAt: '2026-12-24T16:00:00+01:00', acute: true });
      const directed = await bareCase(vt, { receivedAt: '2026-12-21T08:00:00+01:00' });
      const closed = await bareCase(vt, { receivedAt: '2026-12-21T07:00:00+01:00' });
      await hub.db.query(`UPDATE cases SET regisseur_user_id = $2 WHERE id = $1`, [directed, vt.caseworker.user.id]);
      await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [closed]);
      const other = await veiligThuis(hub);
      await bareCase(other, { receivedAt: '2026-12-01T09:00:00+01:00' });

      // Monday 28th: after the 21st come 22, 23, 24 and 28 (25th Christmas, 26-27 weekend); after the 24th only the 28th.
      // Both at the same risk: the acute one's level is set to that of the other, so time decides.
      await hub.db.query(`UPDATE cases SET risk_level = 'low' WHERE id = $1`, [christmasEve]);
      let body = await dashboardOf(vt);
      const persons = [
        { role: 'victim', firstName: 'Anna', lastName: 'de Vries' },
        { role: 'suspect', firstName: 'Bram', lastName: 'de Vries' },
      ];
      expect(body.waitingList).toEqual([
        {
          caseId: monday,
          reference: expect.any(String),
          receivedAt: '2026-12-21T08:00:00.000Z',
          acute: false,
          riskLevel: 'low',
          reassessmentDue: false,
          waitingWorkingDays: 4,
          persons,
        },
        {
          caseId: christmasEve,
          reference: expect.any(String),
          receivedAt: '2026-12-24T15:00:00.000Z',
          acute: true,
          riskLevel: 'low',
          reassessmentDue: false,
          waitingWorkingDays: 1,
          persons,
        },
      ]);
      expect(body.waitingListTotal).toBe(2);

      clock.advance(86_400_000);
      body = await dashboardOf(vt);
      expect(body.waitingList.map((w: CaseBody) => w.waitingWorkingDays)).toEqual([5, 2]);
    });

    it('orders by risk level, highest first, then by time waited; a risk assessment moves a case', async () => {
      const vt = await veiligThuis(hub);
      // Other persons in each case, so no case is a repeat of another (which would raise its risk).
      const household = (receivedAt: string, name: string, fields: Record<string, unknown> = {}) =>
        bareCase(vt, {
          receivedAt,
          persons: [{ role: 'victim', firstName: name, lastName: 'Jansen', dateOfBirth: '1991-03-04' }],
          ...fields,
        });
      const low = await household('2026-12-14T09:00:00+01:00', 'Lotte');
      const weapon = await household('2026-12-23T09:00:00+01:00', 'Wim', { redFlags: ['weapon'] });
      const acute = await household('2026-12-24T09:00:00+01:00', 'Ada', { acute: true });
      const pregnancy = await household('2026-12-22T09:00:00+01:00', 'Petra', { redFlags: ['pregnancy'] });
      const strangled = await household('2026-12-21T09:00:00+01:00', 'Sanne', { redFlags: ['strangulation'] });
      const listed = async () =>
        (await dashboardOf(vt)).waitingList.map((w: CaseBody) => [w.caseId, w.riskLevel] as [string, string]);
      expect(await listed()).toEqual([
        [acute, 'critical'],
        [strangled, 'high'],
        [weapon, 'high'],
        [pregnancy, 'elevated'],
        [low, 'low'],
      ]);
      // The assessment is the case's risk now: raised by the caseworker's judgement, it leads the list.
      const items = Object.fromEntries(RISK_INSTRUMENTS[0].items.map((item) => [item.code, false]));
      const res = await call(hub, 'POST', `/api/v1/cases/${low}/risk-assessments`, {
        token: vt.caseworker.token,
        body: {
          instrument: 'vt_partnergeweld',
          items,
          professionalJudgement: {
            level: 'critical',
            reason: 'Dreiging via berichten, slachtoffer durft niet naar huis.',
          },
        },
      });
      expect(res.status).toBe(201);
      expect((await listed()).slice(0, 2)).toEqual([
        [low, 'critical'],
        [acute, 'critical'],
      ]);
    });
  });

  describe('lead times', () => {
    /**
     * Safety assessments: November 2 within term (2 and 4 working days) and 1 late (6); December 1
     * within term (1 working day, completed at 00:30 on 1 December Amsterdam time, 23:30 UTC on
     * 30 November) and 1 late (6 working days across Christmas). Investigations: October 1 within
     * term (9 working days).
     */
    async function knownDataSet(vt: Vt, other: Vt) {
      const caseId = await bareCase(vt);
      const met = (kind: string, startsAt: string, dueAt: string, completedAt: string, on = caseId) =>
        deadline(on, kind, dueAt, { status: 'met', startsAt, completedAt });
      const nov2 = '2026-11-02T10:00:00+01:00';
      const nov9 = '2026-11-09T23:59:59+01:00';
      await met('safety_assessment', nov2, nov9, '2026-11-04T15:00:00+01:00');
      await met('safety_assessment', nov2, nov9, '2026-11-06T15:00:00+01:00');
      await met('safety_assessment', nov2, nov9, '2026-11-10T10:00:00+01:00');
      await met('safety_assessment', '2026-11-30T08:00:00+01:00', '2026-12-07T23:59:59+01:00', '2026-11-30T23:30:00Z');
      await met(
        'safety_assessment',
        '2026-12-17T09:00:00+01:00',
        '2026-12-24T23:59:59+01:00',
        '2026-12-28T09:00:00+01:00',
      );
      await met('investigation', '2026-10-05T09:00:00+02:00', '2026-12-14T23:59:59+01:00', '2026-10-16T12:00:00+02:00');
      // Not lead times: an action, a cancelled term, and another organisation's assessment.
      await met('action', nov2, nov9, '2026-11-20T10:00:00+01:00');
      await deadline(caseId, 'safety_assessment', nov9, {
        status: 'cancelled',
        completedAt: '2026-11-05T10:00:00+01:00',
      });
      await met('safety_assessment', nov2, nov9, '2026-11-20T10:00:00+01:00', await bareCase(other));
    }

    it('gives per month and over the last twelve months the share within the term and the median working days', async () => {
      const [vt, other] = [await veiligThuis(hub), await veiligThuis(hub)];
      await knownDataSet(vt, other);
      const { leadTimes } = await dashboardOf(vt);
      const sa = leadTimes.safetyAssessment;
      expect(sa.months.map((m: CaseBody) => m.month)).toEqual(
        Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
      );
      const month = (figures: CaseBody, name: string) => figures.months.find((m: CaseBody) => m.month === name);
      expect(month(sa, '2026-11')).toEqual({
        month: '2026-11',
        completed: 3,
        withinTerm: 2,
        withinTermShare: 2 / 3,
        medianWorkingDays: 4,
      });
      expect(month(sa, '2026-12')).toEqual({
        month: '2026-12',
        completed: 2,
        withinTerm: 1,
        withinTermShare: 0.5,
        medianWorkingDays: 3.5,
      });
      expect(month(sa, '2026-10')).toEqual({
        month: '2026-10',
        completed: 0,
        withinTerm: 0,
        withinTermShare: null,
        medianWorkingDays: null,
      });
      expect({ ...sa, months: undefined }).toEqual({
        months: undefined,
        completed: 5,
        withinTerm: 3,
        withinTermShare: 0.6,
        medianWorkingDays: 4,
      });
      expect(month(leadTimes.investigation, '2026-10')).toMatchObject({
        completed: 1,
        withinTermShare: 1,
        medianWorkingDays: 9,
      });
      expect(leadTimes.investigation).toMatchObject({ completed: 1, withinTerm: 1, medianWorkingDays: 9 });
    });

    it('exports them as CSV with a Dutch header, one row per month and kind, audited as an export', async () => {
      const [vt, other] = [await veiligThuis(hub), await veiligThuis(hub)];
      await knownDataSet(vt, other);
      const res = await call(hub, 'GET', '/api/v1/reports/lead-times.csv?from=2026-10-01&to=2026-12-31', {
        token: vt.supervisor.token,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.text.split('\r\n')).toEqual([
        'maand;termijn;afgerond;binnen_termijn;aandeel_binnen_termijn;mediaan_werkdagen',
        '2026-10;veiligheidsbeoordeling;0;0;;',
        '2026-10;onderzoek;1;1;1,000;9,0',
        '2026-11;veiligheidsbeoordeling;3;2;0,667;4,0',
        '2026-11;onderzoek;0;0;;',
        '2026-12;veiligheidsbeoordeling;2;1;0,500;3,5',
        '2026-12;onderzoek;0;0;;',
        '',
      ]);
      expect(await auditOf(hub, res)).toEqual([
        { action: 'export', subject_type: 'LeadTimeReport', case_id: null, outcome: 'success' },
      ]);

      // The days are Amsterdam days: up to 30 November leaves out the assessment completed at 00:30 on 1 December.
      const november = await call(hub, 'GET', '/api/v1/reports/lead-times.csv?from=2026-11-01&to=2026-11-30', {
        token: vt.supervisor.token,
      });
      expect(november.text).toContain('2026-11;veiligheidsbeoordeling;3;2;0,667;4,0');
      expect(november.text).not.toContain('2026-12');
    });

    it.each([
      ['from=2026-02-30&to=2026-12-31', 'from'],
      ['from=2026-01-01', 'to'],
      ['from=2026-12-01&to=2026-11-30', 'to'],
      ['from=2019-01-01&to=2019-12-31', 'from'],
      ['from=2026-01-01&to=2026-12-31&format=xlsx', 'format'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const vt = await veiligThuis(hub);
      const res = await call(hub, 'GET', `/api/v1/reports/lead-times.csv?${query}`, { token: vt.supervisor.token });
      expectError(res, 400, 'common.validation', field);
    });
  });

  describe('GET /deadlines', () => {
    it('pages by due time with filters in SQL, for every user of the regie organisation and no one else', async () => {
      const [vt, other] = [await veiligThuis(hub), await veiligThuis(hub)];
      const cases = [await bareCase(vt), await bareCase(vt)];
      const ids: string[] = [];
      // Three actions due at the same moment: ties are ordered by id, so no page edge loses one.
      for (const due of ['2027-01-05T12:00:00+01:00', '2027-01-05T12:00:00+01:00', '2027-01-05T12:00:00+01:00']) {
        ids.push(await deadline(cases[ids.length % 2], 'action', due));
      }
      ids.push(await deadline(cases[0], 'action', '2027-01-04T12:00:00.123456+01:00'));
      ids.push(await deadline(cases[1], 'action', '2027-01-06T12:00:00+01:00'));
      const late = await deadline(cases[1], 'action', '2027-02-01T12:00:00+01:00');
      const breached = await deadline(cases[0], 'action', '2026-12-20T12:00:00+01:00', { status: 'breached' });
      const assessment = await deadline(cases[1], 'safety_assessment', '2027-01-05T12:00:00+01:00');
      await deadline(await bareCase(other), 'action', '2027-01-05T12:00:00+01:00');

      const expected = [ids[3], ...ids.slice(0, 3).sort(), ids[4]];
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `status=open&kind=action&dueBefore=2027-01-31T00:00:00%2B01:00&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await call<{ items: CaseBody[]; nextCursor: string | null }>(
          hub,
          'GET',
          `/api/v1/deadlines?${query}`,
          {
            token: vt.caseworker.token,
          },
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((d) => d.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);

      const all = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/deadlines', { token: vt.supervisor.token });
      expect(all.body.items.map((d) => d.id).sort()).toEqual([...ids, late, breached, assessment].sort());
      expect(all.body.items[0]).toMatchObject({ id: breached, status: 'breached', caseId: cases[0], kind: 'action' });
      expect(all.body.items[0].caseReference).toMatch(/^VT-2026-/);
      const breachedOnly = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/deadlines?status=breached', {
        token: vt.caseworker.token,
      });
      expect(breachedOnly.body.items.map((d) => d.id)).toEqual([breached]);
      // The dashboard's "bijna verlopen": open and due by the end of the next working day.
      const soon = await deadline(cases[0], 'action', '2026-12-29T23:59:59+01:00');
      const atRisk = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/deadlines?atRisk=true', {
        token: vt.caseworker.token,
      });
      expect(atRisk.body.items.map((d) => d.id)).toEqual([soon]);
      await hub.db.query(`DELETE FROM deadlines WHERE id = $1`, [soon]);
      const fromOther = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/deadlines', {
        token: other.supervisor.token,
      });
      expect(fromOther.body.items).toHaveLength(1);
      expect(JSON.stringify(fromOther.body)).not.toContain(cases[0]);
      expect(JSON.stringify(fromOther.body)).not.toContain(cases[1]);

      const admin = await member(hub, vt.org, ['admin']);
      expectError(await call(hub, 'GET', '/api/v1/deadlines', { token: admin.token }), 403, 'access.forbidden');
    });

    it.each([
      ['status=late', 'status'],
      ['kind=meeting', 'kind'],
      ['dueBefore=2027-01-31T00:00:00', 'dueBefore'],
      ['limit=201', 'limit'],
      ['cursor=AAAA', 'cursor'],
      ['atRisk=yes', 'atRisk'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const vt = await veiligThuis(hub);
      const res = await call(hub, 'GET', `/api/v1/deadlines?${query}`, { token: vt.caseworker.token });
      expectError(res, 400, 'common.validation', field);
    });
  });

  describe('figures kept by the database', () => {
    const copyOf = async (deadlineId: string) =>
      (
        (await hub.db.query(`SELECT regie_organisation_id AS org FROM deadlines WHERE id = $1`, [deadlineId])) as {
          org: string;
        }[]
      )[0].org;
    const countsOf = async (vt: Vt) => {
      const body = await dashboardOf(vt);
      return { open: body.open, breached: body.breached, byKind: body.byKind as Record<string, typeof EMPTY> };
    };
    const assessmentsOf = async (vt: Vt) => (await dashboardOf(vt)).leadTimes.safetyAssessment;

    it('moves the open counts with a handover at once, and keeps a completion credited to the organisation that held regie', async () => {
      const vt = await veiligThuis(hub);
      const created = await openCase(hub, vt.caseworker.token, { receivedAt: '2026-12-28T09:00:00+01:00' });
      const path = `/api/v1/cases/${created.id}`;
      await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
      const assessed = await call(hub, 'POST', `${path}/safety-assessment`, {
        token: vt.caseworker.token,
        body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Onderzoek nodig' },
      });
      expect(assessed.status).toBe(200);
      expect((await countsOf(vt)).byKind.investigation).toEqual({ open: 1, atRisk: 0, breached: 0 });
      expect(await assessmentsOf(vt)).toMatchObject({ completed: 1, withinTerm: 1, medianWorkingDays: 0 });

      const municipality = await addPartner(hub, vt.caseworker.token, created.id, 'municipality', ['basic']);
      const worker = await member(hub, municipality, ['caseworker']);
      const chief = await member(hub, municipality, ['supervisor']);
      const handover = await call(hub, 'PUT', `${path}/regisseur`, {
        token: vt.caseworker.token,
        body: { userId: worker.user.id, reason: 'Wijkteam neemt over' },
      });
      expect(handover.status).toBe(200);
      const newRegie = { org: municipality, caseworker: worker, supervisor: chief };
      expect(await countsOf(vt)).toMatchObject({ open: 0, breached: 0 });
      expect((await countsOf(newRegie)).byKind.investigation).toEqual({ open: 1, atRisk: 0, breached: 0 });
      // The assessment was completed under Veilig Thuis: it stays theirs, and the new regie does not get it.
      expect(await assessmentsOf(vt)).toMatchObject({ completed: 1, withinTerm: 1 });
      expect(await assessmentsOf(newRegie)).toMatchObject({ completed: 0, medianWorkingDays: null });

      // Completing is the receiving Veilig Thuis's statutory task; the term counts for the organisation holding regie.
      const completed = await call(hub, 'POST', `${path}/investigation/complete`, {
        token: vt.caseworker.token,
        body: { conclusion: 'Zorgen bevestigd', decision: 'follow_up' },
      });
      expect(completed.status).toBe(200);
      expect((await dashboardOf(newRegie)).leadTimes.investigation).toMatchObject({ completed: 1, withinTerm: 1 });
      expect((await dashboardOf(vt)).leadTimes.investigation).toMatchObject({ completed: 0 });
      expect(await countsOf(newRegie)).toMatchObject({ open: 0, breached: 0 });
    });

    it('takes the copy from the case on insert, whatever the writer says, and follows set-based updates', async () => {
      const [a, b] = [await veiligThuis(hub), await veiligThuis(hub)];
      const [ofA, ofB] = [await bareCase(a), await bareCase(b)];
      // One statement for both cases, each row claiming the other organisation.
      const rows = (await hub.db.query(
        `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, regie_organisation_id)
         SELECT c, 'action', '2026-12-01T09:00:00+01:00', '2027-01-20T23:59:59+01:00', 'open', o
           FROM unnest($1::uuid[], $2::uuid[]) AS x(c, o), generate_series(1, 3)
         RETURNING id, case_id`,
        [
          [ofA, ofB],
          [b.org.id, a.org.id],
        ],
      )) as { id: string; case_id: string }[];
      for (const row of rows) expect(await copyOf(row.id)).toBe(row.case_id === ofA ? a.org.id : b.org.id);
      expect((await countsOf(a)).byKind.action).toEqual({ open: 3, atRisk: 0, breached: 0 });

      // A batch of breaches, then a batch of completions across both organisations, each one statement.
      const ids = rows.map((r) => r.id);
      await hub.db.query(`UPDATE deadlines SET status = 'breached', breached_at = due_at WHERE id = ANY($1)`, [ids]);
      expect((await countsOf(a)).byKind.action).toEqual({ open: 0, atRisk: 0, breached: 3 });
      expect((await countsOf(b)).byKind.action).toEqual({ open: 0, atRisk: 0, breached: 3 });
      await hub.db.query(
        `UPDATE deadlines SET status = 'met', completed_at = '2026-12-22T10:00:00+01:00', late_working_days = 0
          WHERE id = ANY($1)`,
        [ids],
      );
      expect(await countsOf(a)).toMatchObject({ open: 0, breached: 0 });
      const histogram = (await hub.db.query(
        `SELECT organisation_id, working_days, completed, within_term FROM lead_times_by_day
          WHERE organisation_id = ANY($1) ORDER BY organisation_id`,
        [[a.org.id, b.org.id]],
      )) as CaseBody[];
      // 1 December to 22 December: 15 weekdays, no holidays.
      expect(histogram).toEqual(
        [a.org.id, b.org.id]
          .sort()
          .map((org) => ({ organisation_id: org, working_days: 15, completed: 3, within_term: 3 })),
      );
    });

    it('gives the figures that counting the deadlines themselves gives, also after completions change', async () => {
      const [vt, other] = [await veiligThuis(hub), await veiligThuis(hub)];
      const cases = [await bareCase(vt), await bareCase(vt), await bareCase(other)];
      // A fixed pseudo-random spread: ties, even and odd counts, late completions, months with nothing.
      let seed = 7;
      const next = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const values: unknown[][] = [];
      for (let i = 0; i < 240; i += 1) {
        const kind = i % 3 === 0 ? 'investigation' : 'safety_assessment';
        const start = Date.UTC(2026, 0, 5) + next(330) * 86_400_000 + next(86_400) * 1000;
        const term = (kind === 'investigation' ? 70 : 7) * 86_400_000;
        const done = start + next(kind === 'investigation' ? 90 : 12) * 86_400_000 + next(86_400) * 1000;
        if (done >= NOW.getTime()) continue;
        values.push([cases[i % 3], kind, new Date(start), new Date(start + term), new Date(done)]);
      }
      await hub.db.query(
        `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at)
         SELECT c, k, s, d, 'met', e FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) AS x(c, k, s, d, e)`,
        [0, 1, 2, 3, 4].map((column) => values.map((v) => v[column])),
      );

      const expected = async (from: string, until: string) =>
        (await hub.db.query(
          `SELECT d.kind, to_char(d.completed_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS month,
                  count(*)::int AS completed, count(*) FILTER (WHERE d.completed_at <= d.due_at)::int AS within_term,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days_between(
                    (d.starts_at AT TIME ZONE 'Europe/Amsterdam')::date,
                    (d.completed_at AT TIME ZONE 'Europe/Amsterdam')::date)) AS median
             FROM deadlines d JOIN cases c ON c.id = d.case_id
            WHERE c.regie_organisation_id = $1 AND d.status = 'met' AND d.kind IN ('safety_assessment', 'investigation')
              AND d.completed_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
              AND d.completed_at < ($3::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
            GROUP BY GROUPING SETS ((d.kind, month), (d.kind))`,
          [vt.org.id, from, until],
        )) as { kind: string; month: string | null; completed: number; within_term: number; median: number }[];
      const expectSame = async () => {
        const rows = await expected('2026-01-01', '2027-01-01');
        const { leadTimes } = await dashboardOf(vt);
        for (const [key, kind] of [
          ['safetyAssessment', 'safety_assessment'],
          ['investigation', 'investigation'],
        ]) {
          const figuresOf = (month: string | null) => {
            const row = rows.find((r) => r.kind === kind && r.month === month);
            return row
              ? {
                  completed: row.completed,
                  withinTerm: row.within_term,
                  withinTermShare: row.within_term / row.completed,
                  medianWorkingDays: row.median,
                }
              : { completed: 0, withinTerm: 0, withinTermShare: null, medianWorkingDays: null };
          };
          const { months, ...total } = leadTimes[key];
          expect(total).toEqual(figuresOf(null));
          expect(months).toEqual(months.map((m: CaseBody) => ({ month: m.month, ...figuresOf(m.month) })));
        }
        // The export counts from and to a day, not whole months.
        const csv = await call(hub, 'GET', '/api/v1/reports/lead-times.csv?from=2026-03-17&to=2026-09-08', {
          token: vt.supervisor.token,
        });
        const partial = await expected('2026-03-17', '2026-09-09');
        const spread = partial.filter((r) => r.month !== null);
        expect(spread.length).toBeGreaterThan(6);
        for (const r of spread) {
          const dutch = r.kind === 'investigation' ? 'onderzoek' : 'veiligheidsbeoordeling';
          const share = (r.within_term / r.completed).toFixed(3).replace('.', ',');
          expect(csv.text).toContain(
            `${r.month};${dutch};${r.completed};${r.within_term};${share};${r.median.toFixed(1).replace('.', ',')}\r\n`,
          );
        }
      };
      await expectSame();

      // Completions withdrawn, moved to another day and cancelled, a few rows per statement.
      const [{ n }] = (await hub.db.query(
        `WITH gone AS (DELETE FROM deadlines WHERE id IN (
           SELECT id FROM deadlines WHERE case_id = $1 AND status = 'met' ORDER BY id LIMIT 9) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [cases[0]],
      )) as { n: number }[];
      expect(n).toBe(9);
      await hub.db.query(
        `UPDATE deadlines SET completed_at = completed_at - interval '3 days'
          WHERE id IN (SELECT id FROM deadlines WHERE case_id = $1 AND status = 'met' ORDER BY id LIMIT 20)`,
        [cases[1]],
      );
      await hub.db.query(
        `UPDATE deadlines SET status = 'cancelled'
          WHERE id IN (SELECT id FROM deadlines WHERE case_id = $1 AND status = 'met' ORDER BY id DESC LIMIT 7)`,
        [cases[1]],
      );
      await expectSame();
    });

    it('counts the working days again when a non-working day is added or taken away', async () => {
      // June 2059: far from the days other test files and the data above use.
      clock.set(new Date('2059-06-20T12:00:00+02:00'));
      const vt = await veiligThuis(hub);
      const caseId = await bareCase(vt);
      // Monday 9 June to Wednesday 11 June: 2 working days; to Monday 16 June: 5.
      for (const completedAt of ['2059-06-11T10:00:00+02:00', '2059-06-16T10:00:00+02:00']) {
        await deadline(caseId, 'safety_assessment', '2059-06-16T23:59:59+02:00', {
          status: 'met',
          startsAt: '2059-06-09T10:00:00+02:00',
          completedAt,
        });
      }
      expect(await assessmentsOf(vt)).toMatchObject({ completed: 2, medianWorkingDays: 3.5 });
      try {
        await hub.db.query(`INSERT INTO non_working_days (day, name, source) VALUES ('2059-06-10', 'test', 'decree')`);
        expect(await assessmentsOf(vt)).toMatchObject({ completed: 2, medianWorkingDays: 2.5 });
      } finally {
        await hub.db.query(`DELETE FROM non_working_days WHERE day = '2059-06-10'`);
      }
      expect(await assessmentsOf(vt)).toMatchObject({ completed: 2, medianWorkingDays: 3.5 });
    });
  });

  it('counts working days in SQL as the calendar does', async () => {
    // The calendar of the table itself: other test files add decree days to the shared database.
    const listed = (await hub.db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM non_working_days`)) as {
      day: string;
    }[];
    const calendar = new WorkingDayCalendar(listed.map((row) => row.day));
    const days = [
      '2025-12-24',
      '2025-12-31',
      '2026-04-02',
      '2026-04-07',
      '2026-05-04',
      '2026-05-15',
      '2026-12-24',
      '2027-01-04',
    ];
    const pairs = days.flatMap((from) => days.map((to) => [from, to]));
    const rows = (await hub.db.query(
      `SELECT working_days_between(f::date, t::date) AS n FROM unnest($1::text[], $2::text[]) AS p(f, t)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    )) as { n: number }[];
    expect(rows.map((r) => r.n)).toEqual(pairs.map(([from, to]) => calendar.workingDaysBetween(from, to)));
  });
});
