import { ManualClock } from '../libs/common/src';
import {
  amsterdamDate,
  CalendarService,
  DECREE_DAY_NAME,
  statutoryNonWorkingDays,
  WorkingDayCalendar,
} from '../libs/deadlines/src';
import { auditOf, expectError, member, openCase, veiligThuis } from './support/cases';
import { call, createOrganisation, Hub, startHub } from './support/hub';

// 2057: far from the days other test files use, as decree days stay in the shared calendar table.
/** Wednesday 12 September 2057, a decree day from configuration. */
const CONFIGURED = '2057-09-12';
/** Wednesday 17 October 2057, written to the table while the api runs. */
const WRITTEN_LATER = '2057-10-17';

interface NonWorkingDay {
  day: string;
  name: string;
  source: 'statute' | 'decree';
}
// A type, not an interface, so it fits the audit helper's Record<string, unknown>.
type Answer = {
  from: string;
  to: string;
  items: NonWorkingDay[];
};

const path = (from: string, to: string) => `/api/v1/calendar/non-working-days?from=${from}&to=${to}`;

describe('calendar: non-working days for clients that count working days', () => {
  let hub: Hub;
  const clock = new ManualClock(new Date('2057-09-10T12:00:00+02:00'));
  beforeAll(async () => {
    hub = await startHub({}, { clock, deadlinePolicy: { decreeNonWorkingDays: [CONFIGURED] } });
  });
  afterAll(() => hub.close());

  /** The safety-assessment due day of a report received on a Monday at 09:00, as the api counts it. */
  async function dueDayOfReportOn(monday: string, token: string): Promise<string> {
    const receivedAt = new Date(`${monday}T09:00:00+02:00`);
    clock.set(new Date(receivedAt.getTime() + 3_600_000));
    const created = await openCase(hub, token, { receivedAt: receivedAt.toISOString() });
    return amsterdamDate(new Date(created.deadlines[0].dueAt));
  }

  it('answers the statutory holidays with their Dutch names and the decree days, in order, audited', async () => {
    const vt = await veiligThuis(hub);
    const res = await call<Answer>(hub, 'GET', path('2057-01-01', '2057-12-31'), { token: vt.caseworker.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2057-01-01',
      to: '2057-12-31',
      items: [
        ...statutoryNonWorkingDays(2057).map((day) => ({ ...day, source: 'statute' })),
        { day: CONFIGURED, name: DECREE_DAY_NAME, source: 'decree' },
      ].sort((a, b) => a.day.localeCompare(b.day)),
    });
    expect(res.body.items).toContainEqual({ day: '2057-04-27', name: 'Koningsdag', source: 'statute' });
    expect(await auditOf(hub, res)).toEqual([
      { action: 'read', subject_type: 'Calendar', case_id: null, outcome: 'success' },
    ]);
  });

  it('limits the answer to the range, both ends included', async () => {
    const vt = await veiligThuis(hub);
    const one = await call<Answer>(hub, 'GET', path(CONFIGURED, CONFIGURED), { token: vt.supervisor.token });
    expect(one.body.items).toEqual([{ day: CONFIGURED, name: DECREE_DAY_NAME, source: 'decree' }]);
    const none = await call<Answer>(hub, 'GET', path('2057-09-13', '2057-10-31'), { token: vt.supervisor.token });
    expect(none.body).toEqual({ from: '2057-09-13', to: '2057-10-31', items: [] });
  });

  it('is readable by any user, also without case roles', async () => {
    const police = await createOrganisation(hub.db, 'police');
    for (const roles of [['admin'], ['privacy_officer']]) {
      const user = await member(hub, police, roles);
      const res = await call<Answer>(hub, 'GET', path(CONFIGURED, CONFIGURED), { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
    }
  });

  it('counts as the api counts: statutory holidays plus the answered decree days give its due date', async () => {
    const vt = await veiligThuis(hub);
    const answer = await call<Answer>(hub, 'GET', path('2057-01-01', '2057-12-31'), { token: vt.caseworker.token });
    const decreeDays = answer.body.items.filter((day) => day.source === 'decree').map((day) => day.day);
    // The web app's construction of its countdown calendar.
    const calendar = WorkingDayCalendar.forYears(2056, 2058, decreeDays);
    const due = await dueDayOfReportOn('2057-09-10', vt.caseworker.token);
    expect(due).toBe('2057-09-18');
    expect(calendar.addWorkingDays('2057-09-10', 5)).toBe(due);
    expect(WorkingDayCalendar.forYears(2056, 2058).addWorkingDays('2057-09-10', 5)).toBe('2057-09-17');
  });

  it('answers a decree day written to the table at runtime once the terms count it, not before', async () => {
    const vt = await veiligThuis(hub);
    const listed = async () =>
      (await call<Answer>(hub, 'GET', path(WRITTEN_LATER, WRITTEN_LATER), { token: vt.caseworker.token })).body.items;
    await hub.db.query(`INSERT INTO non_working_days (day, name, source) VALUES ($1, 'test', 'decree')`, [
      WRITTEN_LATER,
    ]);
    try {
      // The api counts with the calendar it loaded; the answer is that calendar, so both agree.
      expect(await listed()).toEqual([]);
      expect(await dueDayOfReportOn('2057-10-15', vt.caseworker.token)).toBe('2057-10-22');
      await hub.app.get(CalendarService).reload();
      expect(await listed()).toEqual([{ day: WRITTEN_LATER, name: 'test', source: 'decree' }]);
      expect(await dueDayOfReportOn('2057-10-15', vt.caseworker.token)).toBe('2057-10-23');
    } finally {
      await hub.db.query(`DELETE FROM non_working_days WHERE day = $1`, [WRITTEN_LATER]);
      await hub.app.get(CalendarService).reload();
    }
  });

  it.each([
    ['without from', '/api/v1/calendar/non-working-days?to=2057-12-31', 'from'],
    ['without to', '/api/v1/calendar/non-working-days?from=2057-01-01', 'to'],
    ['a day that does not exist', path('2057-02-29', '2057-12-31'), 'from'],
    ['a timestamp instead of a day', path('2057-01-01', '2057-12-31T00:00:00Z'), 'to'],
    ['a day without dashes', path('20570101', '2057-12-31'), 'from'],
    ['to before from', path('2057-12-31', '2057-01-01'), 'to'],
    ['more than 1096 days', path('2055-01-01', '2058-01-01'), 'to'],
    ['a year without its holidays in the calendar', path('2061-01-01', '2061-12-31'), 'from'],
    ['an unknown parameter', `${path('2057-01-01', '2057-12-31')}&source=decree`, 'source'],
  ])('answers 400 with the documented body for %s', async (_, url, field) => {
    const vt = await veiligThuis(hub);
    const res = await call(hub, 'GET', url, { token: vt.caseworker.token });
    expectError(res, 400, 'common.validation', field);
    expect(res.body.details).toHaveLength(1);
  });

  it('takes the longest range allowed, three years with a leap day', async () => {
    const vt = await veiligThuis(hub);
    const res = await call<Answer>(hub, 'GET', path('2055-01-01', '2057-12-31'), { token: vt.caseworker.token });
    expect(res.status).toBe(200);
    const statutory = [2055, 2056, 2057].flatMap((year) => statutoryNonWorkingDays(year));
    expect(res.body.items.filter((day) => day.source === 'statute')).toHaveLength(statutory.length);
  });

  it('answers 401 without a valid token', async () => {
    expectError(await call(hub, 'GET', path('2057-01-01', '2057-12-31')), 401, 'access.unauthenticated');
    const forged = await call(hub, 'GET', path('2057-01-01', '2057-12-31'), { token: 'not-a-token' });
    expectError(forged, 401, 'access.unauthenticated');
  });
});
