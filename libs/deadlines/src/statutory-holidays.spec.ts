import { WorkingDayCalendar1795700000000 } from '../../../migrations/1795700000000-WorkingDayCalendar';
import { easterSunday, statutoryNonWorkingDays } from './statutory-holidays';

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'], // latest possible
    [2285, '2285-03-22'], // earliest possible
  ])('Easter %i is %s', (year, day) => {
    expect(easterSunday(year)).toBe(day);
  });
});

describe('statutoryNonWorkingDays', () => {
  it.each([
    [
      2026,
      [
        ['2026-01-01', 'Nieuwjaarsdag'],
        ['2026-04-03', 'Goede Vrijdag'],
        ['2026-04-06', 'Tweede Paasdag'],
        ['2026-04-27', 'Koningsdag'],
        ['2026-05-05', 'Bevrijdingsdag'],
        ['2026-05-14', 'Hemelvaartsdag'],
        ['2026-05-25', 'Tweede Pinksterdag'],
        ['2026-12-25', 'Eerste Kerstdag'],
        ['2026-12-26', 'Tweede Kerstdag'],
      ],
    ],
    [
      2027,
      [
        ['2027-01-01', 'Nieuwjaarsdag'],
        ['2027-03-26', 'Goede Vrijdag'],
        ['2027-03-29', 'Tweede Paasdag'],
        ['2027-04-27', 'Koningsdag'],
        ['2027-05-05', 'Bevrijdingsdag'],
        ['2027-05-06', 'Hemelvaartsdag'],
        ['2027-05-17', 'Tweede Pinksterdag'],
        ['2027-12-25', 'Eerste Kerstdag'],
        ['2027-12-26', 'Tweede Kerstdag'],
      ],
    ],
    [
      2028,
      [
        ['2028-01-01', 'Nieuwjaarsdag'],
        ['2028-04-14', 'Goede Vrijdag'],
        ['2028-04-17', 'Tweede Paasdag'],
        ['2028-04-27', 'Koningsdag'],
        ['2028-05-05', 'Bevrijdingsdag'],
        ['2028-05-25', 'Hemelvaartsdag'],
        ['2028-06-05', 'Tweede Pinksterdag'],
        ['2028-12-25', 'Eerste Kerstdag'],
        ['2028-12-26', 'Tweede Kerstdag'],
      ],
    ],
  ])('lists the days of %i', (year, expected) => {
    expect(statutoryNonWorkingDays(year)).toEqual(expected.map(([day, name]) => ({ day, name })));
  });

  it('moves King’s Day to 26 April when 27 April is a Sunday', () => {
    const kingsDay = (year: number) => statutoryNonWorkingDays(year).find((d) => d.name === 'Koningsdag')?.day;
    expect(kingsDay(2025)).toBe('2025-04-26');
    expect(kingsDay(2031)).toBe('2031-04-26');
    expect(kingsDay(2026)).toBe('2026-04-27');
  });

  it('gives one entry per date when Ascension Day falls on 5 May', () => {
    const days = statutoryNonWorkingDays(2016);
    expect(days.filter((d) => d.day === '2016-05-05')).toEqual([
      { day: '2016-05-05', name: 'Bevrijdingsdag en Hemelvaartsdag' },
    ]);
    expect(days).toHaveLength(8);
  });

  it('refuses years before King’s Day existed', () => {
    expect(() => statutoryNonWorkingDays(2013)).toThrow(RangeError);
    expect(() => statutoryNonWorkingDays(2026.5)).toThrow(RangeError);
  });
});

describe('migration WorkingDayCalendar1795700000000', () => {
  async function sqlOf(step: 'up' | 'down'): Promise<string[]> {
    const sql: string[] = [];
    const runner = { query: async (text: string) => void sql.push(text) };
    await new WorkingDayCalendar1795700000000()[step](runner as never);
    return sql;
  }

  it('seeds exactly the statutory days of 2020 to 2060', async () => {
    const sql = (await sqlOf('up')).join('\n');
    const rows = [...sql.matchAll(/\('(\d{4}-\d{2}-\d{2})', '([^']+)'\)/g)].map(([, day, name]) => ({ day, name }));
    const expected = [];
    for (let year = 2020; year <= 2060; year++) expected.push(...statutoryNonWorkingDays(year));
    expect(rows).toEqual(expected);
  });

  it('drops the table on the way down', async () => {
    expect(await sqlOf('down')).toEqual(['DROP TABLE non_working_days']);
  });
});
