import { addCalendarDays } from './amsterdam-time';
import { WorkingDayCalendar } from './working-day-calendar';

describe('WorkingDayCalendar', () => {
  const calendar = WorkingDayCalendar.forYears(2026, 2028);

  it.each([
    ['2026-11-23', true], // Monday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-04-03', false], // Goede Vrijdag
    ['2026-05-05', false], // Bevrijdingsdag, a Tuesday
    ['2026-12-24', true],
    ['2026-12-25', false],
  ])('%s is a working day: %p', (day, expected) => {
    expect(calendar.isWorkingDay(day)).toBe(expected);
  });

  describe('addWorkingDays', () => {
    it.each([
      ['2026-11-23', 5, '2026-11-30'],
      ['2026-11-27', 1, '2026-11-30'], // Friday to Monday
      ['2026-11-28', 1, '2026-11-30'], // a Saturday itself does not count
      ['2026-12-24', 1, '2026-12-28'], // over Christmas and the weekend
      ['2026-04-02', 1, '2026-04-07'], // over Good Friday, Easter and Easter Monday
      ['2026-05-04', 1, '2026-05-06'], // over Bevrijdingsdag
      ['2026-11-28', 0, '2026-11-28'],
      ['2027-12-31', 1, '2028-01-03'],
    ])('%s + %i working days is %s', (day, n, expected) => {
      expect(calendar.addWorkingDays(day, n)).toBe(expected);
    });

    it.each([-1, 1.5, NaN])('refuses %p working days', (n) => {
      expect(() => calendar.addWorkingDays('2026-11-23', n)).toThrow(RangeError);
    });
  });

  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-11-28', '2026-11-30'],
    ['2026-12-25', '2026-12-28'],
    ['2026-05-14', '2026-05-15'], // Hemelvaartsdag
  ])('the first working day on or after %s is %s', (day, expected) => {
    expect(calendar.nextWorkingDayOnOrAfter(day)).toBe(expected);
  });

  describe('workingDaysBetween', () => {
    it.each([
      ['2026-11-23', '2026-11-30', 5],
      ['2026-11-23', '2026-11-23', 0],
      ['2026-11-27', '2026-11-29', 0], // only the weekend in between
      ['2026-12-24', '2026-12-28', 1],
      ['2026-11-30', '2026-11-23', -5],
      ['2026-01-01', '2026-12-31', 253],
    ])('from %s to %s is %i', (from, to, expected) => {
      expect(calendar.workingDaysBetween(from, to)).toBe(expected);
    });

    it('is the inverse of addWorkingDays for every day of 2026 and up to 30 working days', () => {
      for (let day = '2026-01-01'; day <= '2026-12-31'; day = addCalendarDays(day, 1)) {
        for (let n = 0; n <= 30; n++) {
          const later = calendar.addWorkingDays(day, n);
          expect(calendar.workingDaysBetween(day, later)).toBe(n);
          expect(calendar.workingDaysBetween(later, day) + n).toBe(0);
          if (n > 0) expect(calendar.isWorkingDay(later)).toBe(true);
        }
      }
    });
  });

  it('treats decree days as non-working', () => {
    const withDecree = WorkingDayCalendar.forYears(2026, 2026, ['2026-11-24']);
    expect(withDecree.isWorkingDay('2026-11-24')).toBe(false);
    expect(withDecree.addWorkingDays('2026-11-23', 5)).toBe('2026-12-01');
  });

  it('counts weekends as non-working without being told', () => {
    const bare = new WorkingDayCalendar([]);
    expect(bare.isWorkingDay('2026-11-28')).toBe(false);
    expect(bare.isWorkingDay('2026-12-25')).toBe(true);
  });

  it('refuses days outside the years it covers, also when a walk runs past them', () => {
    expect(() => calendar.isWorkingDay('2029-01-02')).toThrow('does not cover 2029-01-02');
    expect(() => calendar.isWorkingDay('2025-12-31')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2028-12-28', 5)).toThrow('does not cover 2029-01-01');
    expect(() => calendar.workingDaysBetween('2028-12-01', '2029-01-05')).toThrow(RangeError);
  });

  it('refuses malformed dates', () => {
    expect(() => new WorkingDayCalendar(['2026-5-5'])).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});
