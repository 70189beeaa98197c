import { addCalendarDays, IsoDate, weekday } from './amsterdam-time';

export interface NonWorkingDay {
  day: IsoDate;
  name: string;
}

/** King's Day replaced Queen's Day (30 April) in 2014; earlier years follow other rules. */
export const FIRST_SUPPORTED_YEAR = 2014;

/** Easter Sunday in the Gregorian calendar (anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The general recognised holidays of the Algemene termijnenwet (art. 3) in a year, by date.
 * Saturdays and Sundays are non-working by definition, so Easter Sunday and Whit Sunday are not
 * listed; the others are listed even when they fall on a weekend, which is harmless. Days
 * designated by decree are configuration, not rules, and are not included.
 */
export function statutoryNonWorkingDays(year: number): NonWorkingDay[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9999) {
    throw new RangeError(`Jaar buiten bereik / year out of range: ${year} (${FIRST_SUPPORTED_YEAR} to 9999)`);
  }
  const easter = easterSunday(year);
  const kingsDay = weekday(`${year}-04-27`) === 0 ? `${year}-04-26` : `${year}-04-27`;
  const days: NonWorkingDay[] = [
    { day: `${year}-01-01`, name: 'Nieuwjaarsdag' },
    { day: addCalendarDays(easter, -2), name: 'Goede Vrijdag' },
    { day: addCalendarDays(easter, 1), name: 'Tweede Paasdag' },
    { day: kingsDay, name: 'Koningsdag' },
    // 5 May counts every year under the termijnenwet, not only in lustrum years.
    { day: `${year}-05-05`, name: 'Bevrijdingsdag' },
    { day: addCalendarDays(easter, 39), name: 'Hemelvaartsdag' },
    { day: addCalendarDays(easter, 50), name: 'Tweede Pinksterdag' },
    { day: `${year}-12-25`, name: 'Eerste Kerstdag' },
    { day: `${year}-12-26`, name: 'Tweede Kerstdag' },
  ];
  // Ascension Day falls on 5 May when Easter is on 27 March (e.g. 2016, 2157): one row per date.
  const byDay = new Map<IsoDate, string>();
  for (const { day, name } of days) {
    const other = byDay.get(day);
    byDay.set(day, other ? `${other} en ${name}` : name);
  }
  return [...byDay].map(([day, name]) => ({ day, name })).sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
}
