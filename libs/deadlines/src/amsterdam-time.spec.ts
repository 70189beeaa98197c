import {
  addCalendarDays,
  amsterdamDate,
  amsterdamOffsetMinutes,
  dayNumber,
  endOfAmsterdamDay,
  isIsoDate,
  startOfAmsterdamDay,
  weekday,
} from './amsterdam-time';

function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) days.push(day);
  return days;
}

describe('amsterdamDate', () => {
  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-29'], // 00:30 CET
    ['2026-03-28T22:59:59Z', '2026-03-28'],
    ['2026-06-30T21:59:59Z', '2026-06-30'], // 23:59:59 CEST
    ['2026-06-30T22:00:00Z', '2026-07-01'],
    ['2026-10-24T22:30:00Z', '2026-10-25'], // 00:30 CEST, the night the clocks go back
    ['2026-10-25T22:59:59Z', '2026-10-25'], // 23:59:59 CET
    ['2026-12-31T23:00:00Z', '2027-01-01'],
  ])('%s is %s in Amsterdam', (instant, day) => {
    expect(amsterdamDate(new Date(instant))).toBe(day);
  });

  it('refuses an invalid instant', () => {
    expect(() => amsterdamDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('start and end of an Amsterdam day', () => {
  it.each([
    ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T22:59:59.000Z'],
    // Clocks go forward at 02:00: the day starts in winter time and ends in summer time.
    ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.000Z'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-03-30T21:59:59.000Z'],
    ['2026-10-24', '2026-10-23T22:00:00.000Z', '2026-10-24T21:59:59.000Z'],
    // Clocks go back at 03:00: the day starts in summer time and ends in winter time.
    ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.000Z'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z', '2026-10-26T22:59:59.000Z'],
    ['2028-02-29', '2028-02-28T23:00:00.000Z', '2028-02-29T22:59:59.000Z'],
  ])('%s runs from %s to %s', (day, start, end) => {
    expect(startOfAmsterdamDay(day).toISOString()).toBe(start);
    expect(endOfAmsterdamDay(day).toISOString()).toBe(end);
  });

  it('makes the switch days 23 and 25 hours long', () => {
    const hours = (day: string) =>
      (endOfAmsterdamDay(day).getTime() + 1000 - startOfAmsterdamDay(day).getTime()) / 3.6e6;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-07-01')).toBe(24);
  });

  it('round-trips every day of 2020 to 2060 and borders on the neighbouring days', () => {
    for (const day of everyDay('2020-01-01', '2060-12-31')) {
      const start = startOfAmsterdamDay(day);
      const end = endOfAmsterdamDay(day);
      expect(amsterdamDate(start)).toBe(day);
      expect(amsterdamDate(end)).toBe(day);
      expect(amsterdamDate(new Date(start.getTime() - 1))).toBe(addCalendarDays(day, -1));
      expect(amsterdamDate(new Date(end.getTime() + 1000))).toBe(addCalendarDays(day, 1));
      expect(startOfAmsterdamDay(addCalendarDays(day, 1)).getTime()).toBe(end.getTime() + 1000);
    }
  });

  it('knows the offset on both sides of each switch', () => {
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
    expect(amsterdamOffsetMinutes(new Date('2026-10-25T00:59:59Z'))).toBe(120);
    expect(amsterdamOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(60);
  });
});

describe('calendar days', () => {
  it.each([
    ['2026-11-23', 7, '2026-11-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 0, '2026-03-29'],
  ])('%s + %i days is %s', (day, n, expected) => {
    expect(addCalendarDays(day, n)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['2026-03-29', 0],
    ['2026-11-23', 1],
    ['2026-11-28', 6],
  ])('%s is weekday %i', (day, expected) => {
    expect(weekday(day)).toBe(expected);
  });

  it('agrees with Date on the weekday of every day of 2026 to 2028', () => {
    for (const day of everyDay('2026-01-01', '2028-12-31')) {
      expect(weekday(day)).toBe(new Date(`${day}T12:00:00Z`).getUTCDay());
    }
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', ' 2026-01-01', '2026-01-01T00:00', '', 20260101])(
    'refuses %p as a date',
    (value) => {
      expect(isIsoDate(value)).toBe(false);
      expect(() => dayNumber(value as string)).toThrow(RangeError);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
  });
});
