import { calendarRangeError, MAX_CALENDAR_RANGE_DAYS } from './calendar-range';

describe('calendarRangeError', () => {
  it.each([
    ['2026-05-05', '2026-05-05'],
    ['2026-01-01', '2026-12-31'],
    ['2027-01-01', '2029-12-31'], // 1,096 days with 29 February 2028
  ])('takes %s to %s', (from, to) => {
    expect(calendarRangeError(from, to)).toBeNull();
  });

  it('refuses a range that ends before it starts', () => {
    expect(calendarRangeError('2026-05-06', '2026-05-05')).toBe('niet vóór from / not before from');
  });

  it(`refuses more than ${MAX_CALENDAR_RANGE_DAYS} days`, () => {
    expect(calendarRangeError('2027-01-01', '2030-01-01')).toBe('hoogstens 1096 dagen / at most 1096 days');
  });
});
