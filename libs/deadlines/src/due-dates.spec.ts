import { DEFAULT_DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';
import {
  atRiskThreshold,
  childCheckDueAt,
  dueAtAfterWorkingDays,
  escalationResponseDueAt,
  extendedInvestigationDueAt,
  investigationDueAt,
  restrainingOrderDueAt,
  safetyAssessmentDueAt,
  suspendedWorkingDays,
  workingDaysLate,
} from './due-dates';
import { WorkingDayCalendar } from './working-day-calendar';

const policy: DeadlinePolicy = { ...DEFAULT_DEADLINE_POLICY, decreeNonWorkingDays: [] };
const calendar = WorkingDayCalendar.forYears(2026, 2029);

// Independent of the code under test: holidays typed in by hand, dates walked with Date in UTC,
// and the Amsterdam offset from the EU rule (summer time from 01:00 UTC on the last Sunday of
// March to 01:00 UTC on the last Sunday of October).
const HOLIDAYS = new Set([
  ...['2026-01-01', '2026-04-03', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25'],
  ...['2026-12-25', '2026-12-26', '2027-01-01', '2027-03-26', '2027-03-29', '2027-04-27', '2027-05-05'],
  ...['2027-05-06', '2027-05-17', '2027-12-25', '2027-12-26', '2028-01-01', '2028-04-14', '2028-04-17'],
  ...['2028-04-27', '2028-05-05', '2028-05-25', '2028-06-05', '2028-12-25', '2028-12-26', '2029-01-01'],
]);

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function isWorking(day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(day);
}

function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return new Date(Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay())).toISOString().slice(0, 10);
}

/** "+01:00" or "+02:00" for wall-clock times after 03:00 on this day. */
function offset(day: string): string {
  const year = Number(day.slice(0, 4));
  return day >= lastSunday(year, 3) && day < lastSunday(year, 10) ? '+02:00' : '+01:00';
}

function amsterdam(day: string, time: string): Date {
  return new Date(`${day}T${time}${offset(day)}`);
}

describe('safetyAssessmentDueAt', () => {
  it('is due at the end of the fifth working day after the day of receipt', () => {
    const due = safetyAssessmentDueAt(new Date('2026-11-23T10:15:00+01:00'), false, calendar, policy);
    expect(due).toEqual(new Date('2026-11-30T23:59:59+01:00'));
  });

  it('is due 24 hours after receipt when acute, also across a clock change', () => {
    expect(safetyAssessmentDueAt(new Date('2026-11-27T16:00:00+01:00'), true, calendar, policy)).toEqual(
      new Date('2026-11-28T16:00:00+01:00'),
    );
    expect(safetyAssessmentDueAt(new Date('2026-03-28T12:00:00+01:00'), true, calendar, policy)).toEqual(
      new Date('2026-03-29T13:00:00+02:00'),
    );
  });

  it('counts from the Amsterdam day, not the UTC day', () => {
    // 00:30 on Tuesday in Amsterdam is still Monday in UTC.
    const due = safetyAssessmentDueAt(new Date('2026-11-24T00:30:00+01:00'), false, calendar, policy);
    expect(due).toEqual(new Date('2026-12-01T23:59:59+01:00'));
  });

  it('over every day of 2026 to 2028, at 00:30, 09:00 and 23:30, lands on the end of the fifth working day', () => {
    let checked = 0;
    for (let day = '2026-01-01'; day <= '2028-12-31'; day = nextDay(day)) {
      // Walk to the fifth working day after the day of receipt.
      let expected = day;
      for (let found = 0; found < 5;) {
        expected = nextDay(expected);
        if (isWorking(expected)) found++;
      }
      for (const time of ['00:30:00', '09:00:00', '23:30:00']) {
        const due = safetyAssessmentDueAt(amsterdam(day, time), false, calendar, policy);
        expect(isWorking(expected)).toBe(true);
        expect(due.toISOString()).toBe(amsterdam(expected, '23:59:59').toISOString());
        checked++;
      }
    }
    expect(checked).toBe(3 * 1096);
  });
});

describe('investigationDueAt', () => {
  it.each([
    ['a plain term', '2026-03-02T11:00:00+01:00', '2026-05-11T23:59:59+02:00'],
    ['an end on a Saturday', '2026-01-03T11:00:00+01:00', '2026-03-16T23:59:59+01:00'],
    ['an end on Tweede Kerstdag', '2028-10-17T14:00:00+02:00', '2028-12-27T23:59:59+01:00'],
    ['an end on Eerste Kerstdag', '2028-10-16T14:00:00+02:00', '2028-12-27T23:59:59+01:00'],
    ['an end on Hemelvaartsdag', '2026-03-05T09:00:00+01:00', '2026-05-15T23:59:59+02:00'],
    ['an end on Koningsdag', '2026-02-16T09:00:00+01:00', '2026-04-28T23:59:59+02:00'],
    ['a start just after midnight', '2026-03-03T00:10:00+01:00', '2026-05-12T23:59:59+02:00'],
  ])('takes 10 weeks, moved to the next working day, for %s', (_label, startedAt, due) => {
    expect(investigationDueAt(new Date(startedAt), calendar, policy)).toEqual(new Date(due));
  });

  it('follows the configured number of weeks', () => {
    const due = investigationDueAt(new Date('2026-03-02T11:00:00+01:00'), calendar, {
      ...policy,
      investigationWeeks: 1,
    });
    expect(due).toEqual(new Date('2026-03-09T23:59:59+01:00'));
  });
});

describe('escalationResponseDueAt', () => {
  it('is due at the end of the second working day after, skipping Christmas', () => {
    const due = escalationResponseDueAt(new Date('2026-12-24T15:00:00+01:00'), calendar, policy);
    expect(due).toEqual(new Date('2026-12-29T23:59:59+01:00'));
  });
});

describe('workingDaysLate', () => {
  const due = new Date('2026-11-27T23:59:59+01:00'); // Friday

  it.each([
    ['well before', '2026-11-25T10:00:00+01:00', 0],
    ['at the due instant', '2026-11-27T23:59:59+01:00', 0],
    ['a second after, on Saturday', '2026-11-28T00:00:00+01:00', 1],
    ['on Sunday', '2026-11-29T12:00:00+01:00', 1],
    ['on Monday', '2026-11-30T09:00:00+01:00', 1],
    ['on Tuesday', '2026-12-01T09:00:00+01:00', 2],
    ['a week later', '2026-12-04T09:00:00+01:00', 5],
  ])('is %i when met %s', (_label, metAt, expected) => {
    expect(workingDaysLate(due, new Date(metAt), calendar)).toBe(expected);
  });

  it('counts being hours late on the due day itself as late', () => {
    const acuteDue = new Date('2026-11-24T14:00:00+01:00');
    expect(workingDaysLate(acuteDue, new Date('2026-11-24T16:00:00+01:00'), calendar)).toBe(1);
  });
});

describe('atRiskThreshold', () => {
  it('is the end of the next working day by default', () => {
    expect(atRiskThreshold(new Date('2026-11-27T10:00:00+01:00'), calendar, policy)).toEqual(
      new Date('2026-11-30T23:59:59+01:00'),
    );
  });

  it('is the end of today with zero working days', () => {
    expect(
      atRiskThreshold(new Date('2026-11-28T10:00:00+01:00'), calendar, { ...policy, atRiskWorkingDays: 0 }),
    ).toEqual(new Date('2026-11-28T23:59:59+01:00'));
  });
});

describe('suspendedWorkingDays', () => {
  it.each([
    ['within one working day', '2026-11-23T09:00:00+01:00', '2026-11-23T16:00:00+01:00', 1],
    ['from Friday to Monday', '2026-11-27T15:00:00+01:00', '2026-11-30T10:00:00+01:00', 2],
    ['wholly in a weekend', '2026-11-28T10:00:00+01:00', '2026-11-29T20:00:00+01:00', 0],
    ['from Saturday to Monday', '2026-11-28T10:00:00+01:00', '2026-11-30T10:00:00+01:00', 1],
    ['over Christmas and a weekend', '2026-12-24T10:00:00+01:00', '2026-12-28T10:00:00+01:00', 2],
    ['over Easter', '2027-03-25T10:00:00+01:00', '2027-03-30T10:00:00+02:00', 2],
    ['two full weeks', '2026-11-23T09:00:00+01:00', '2026-12-04T17:00:00+01:00', 10],
    // 00:30 on Saturday in Amsterdam is still Friday in UTC: the Amsterdam day counts.
    ['from just after midnight on Saturday', '2026-11-28T00:30:00+01:00', '2026-11-29T12:00:00+01:00', 0],
  ])('is %s: %s to %s gives %i', (_label, startedAt, endedAt, expected) => {
    expect(suspendedWorkingDays(new Date(startedAt), new Date(endedAt), calendar)).toBe(expected);
  });

  it('refuses an end before the start', () => {
    expect(() =>
      suspendedWorkingDays(new Date('2026-11-24T10:00:00+01:00'), new Date('2026-11-23T10:00:00+01:00'), calendar),
    ).toThrow(RangeError);
  });
});

describe('dueAtAfterWorkingDays', () => {
  it.each([
    ['over Christmas and a weekend', '2026-12-24T23:59:59+01:00', 2, '2026-12-29T23:59:59+01:00'],
    ['over Good Friday and Easter Monday', '2027-03-25T23:59:59+01:00', 1, '2027-03-30T23:59:59+02:00'],
    ['from a Friday', '2026-11-27T23:59:59+01:00', 1, '2026-11-30T23:59:59+01:00'],
    ['by nothing', '2026-11-27T23:59:59+01:00', 0, '2026-11-27T23:59:59+01:00'],
  ])('moves a term %s', (_label, dueAt, n, expected) => {
    expect(dueAtAfterWorkingDays(new Date(dueAt), n, calendar)).toEqual(new Date(expected));
  });
});

describe('childCheckDueAt', () => {
  const monday = new Date('2026-11-23T10:00:00+01:00');
  it('falls on the safety assessment term by default, acute reports included', () => {
    expect(childCheckDueAt(monday, false, calendar, policy)).toEqual(new Date('2026-11-30T23:59:59+01:00'));
    expect(childCheckDueAt(monday, true, calendar, policy)).toEqual(new Date('2026-11-24T10:00:00+01:00'));
  });

  it('counts its own working days when configured, acute or not', () => {
    const configured = { ...policy, childCheckWorkingDays: 3 };
    expect(childCheckDueAt(monday, false, calendar, configured)).toEqual(new Date('2026-11-26T23:59:59+01:00'));
    expect(childCheckDueAt(new Date('2026-12-23T10:00:00+01:00'), true, calendar, configured)).toEqual(
      new Date('2026-12-29T23:59:59+01:00'),
    );
  });
});

describe('extendedInvestigationDueAt', () => {
  it.each([
    ['a plain extension', '2027-02-22T23:59:59+01:00', 2, '2027-03-08T23:59:59+01:00'],
    ['an end on Eerste Kerstdag', '2026-12-18T23:59:59+01:00', 1, '2026-12-28T23:59:59+01:00'],
    ['an end on Good Friday', '2027-03-19T23:59:59+01:00', 1, '2027-03-30T23:59:59+02:00'],
  ])('adds calendar weeks to the due day and moves on to a working day: %s', (_label, dueAt, weeks, expected) => {
    expect(extendedInvestigationDueAt(new Date(dueAt), weeks, calendar)).toEqual(new Date(expected));
  });
});

describe('restrainingOrderDueAt', () => {
  it.each([
    ['the advice, day 8', '2026-11-23T14:30:00+01:00', 8, '2026-12-01T14:30:00+01:00'],
    ['the end, day 10', '2026-11-23T14:30:00+01:00', 10, '2026-12-03T14:30:00+01:00'],
    ['an end on a Sunday, not moved', '2026-11-19T10:00:00+01:00', 10, '2026-11-29T10:00:00+01:00'],
    ['an end on Eerste Kerstdag, not moved', '2026-12-15T10:00:00+01:00', 10, '2026-12-25T10:00:00+01:00'],
    ['across the spring clock change', '2026-03-25T14:00:00+01:00', 10, '2026-04-04T14:00:00+02:00'],
    ['across the autumn clock change', '2026-10-20T09:00:00+02:00', 10, '2026-10-30T09:00:00+01:00'],
    ['from just after midnight', '2026-11-24T00:30:00+01:00', 10, '2026-12-04T00:30:00+01:00'],
    ['at most 28 days', '2026-11-23T14:30:00+01:00', 28, '2026-12-21T14:30:00+01:00'],
  ])('keeps the wall-clock time of imposition for %s', (_label, imposedAt, days, expected) => {
    expect(restrainingOrderDueAt(new Date(imposedAt), days)).toEqual(new Date(expected));
  });
});
