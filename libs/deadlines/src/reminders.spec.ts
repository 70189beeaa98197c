import { DEFAULT_REMINDERS, latestDueRemindedBy, parseReminderLeads, reminderTimes } from './reminders';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = WorkingDayCalendar.forYears(2026, 2027);

describe('reminderTimes', () => {
  it('reminds a working day ahead at 08:00, skipping the weekend', () => {
    // Due end of Monday 30 November 2026: the working day before is Friday 27 November.
    const times = reminderTimes(
      { startsAt: new Date('2026-11-23T08:15:00Z'), dueAt: new Date('2026-11-30T22:59:59Z') },
      DEFAULT_REMINDERS.safety_assessment,
      calendar,
    );
    expect(times.map((t) => t.toISOString())).toEqual(['2026-11-27T07:00:00.000Z']);
  });

  it('skips holidays: due after Christmas, reminded on the working day before it', () => {
    // Due end of Monday 28 December 2026; 25 and 26 December are holidays, 26/27 a weekend too.
    const times = reminderTimes(
      { startsAt: new Date('2026-10-19T10:00:00Z'), dueAt: new Date('2026-12-28T22:59:59Z') },
      DEFAULT_REMINDERS.investigation,
      calendar,
    );
    expect(times.map((t) => t.toISOString())).toEqual(['2026-12-21T22:59:59.000Z', '2026-12-24T07:00:00.000Z']);
  });

  it('drops reminders that would fall before the deadline started', () => {
    const times = reminderTimes(
      { startsAt: new Date('2026-11-30T12:00:00Z'), dueAt: new Date('2026-12-01T06:00:00Z') },
      DEFAULT_REMINDERS.action,
      calendar,
    );
    expect(times).toEqual([]);
  });
});

describe('latestDueRemindedBy', () => {
  it('covers every deadline with a reminder up to the moment, and not far beyond', () => {
    const until = new Date('2026-12-23T12:00:00Z');
    const latest = latestDueRemindedBy(until, DEFAULT_REMINDERS.investigation, calendar);
    // 7 days ahead is 30 December; a working day ahead of a due day after Christmas is later.
    expect(latest.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-30T12:00:00Z').getTime());
    expect(latest.getTime()).toBeLessThan(new Date('2027-01-06T00:00:00Z').getTime());
    for (let hour = 0; hour < 24 * 30; hour++) {
      const dueAt = new Date(until.getTime() + hour * 3_600_000);
      const startsAt = new Date(until.getTime() - 70 * 86_400_000);
      const remindedBy = reminderTimes({ startsAt, dueAt }, DEFAULT_REMINDERS.investigation, calendar).some(
        (at) => at <= until,
      );
      if (remindedBy) expect(dueAt.getTime()).toBeLessThanOrEqual(latest.getTime());
    }
  });

  it('is the moment itself without reminders', () => {
    const until = new Date('2026-12-23T12:00:00Z');
    expect(latestDueRemindedBy(until, [], calendar)).toEqual(until);
  });
});

describe('parseReminderLeads', () => {
  it('reads days and working days', () => {
    expect(parseReminderLeads('7d, 1wd')).toEqual([
      { amount: 7, unit: 'days' },
      { amount: 1, unit: 'working_days' },
    ]);
    expect(parseReminderLeads('')).toEqual([]);
  });
  it.each(['1w', '0d', 'd', '1d;2d', '-1d'])('refuses %p', (text) => expect(parseReminderLeads(text)).toBeNull());
});
