import { dayNumber, fromDayNumber, IsoDate } from './amsterdam-time';
import { statutoryNonWorkingDays } from './statutory-holidays';

/** The years whose holidays a calendar knows; outside them it would silently count holidays as working days. */
export interface CoveredYears {
  fromYear: number;
  toYear: number;
}

/**
 * Working days under the Algemene termijnenwet: every day except Saturdays, Sundays and the listed
 * non-working days (statutory holidays and days designated by decree). Pure and immutable.
 *
 * Given `covered`, every method refuses a day outside those years instead of answering with a
 * calendar that lacks that year's holidays.
 */
export class WorkingDayCalendar {
  private readonly nonWorking: ReadonlySet<number>;
  private readonly firstDay: number;
  private readonly lastDay: number;

  constructor(
    nonWorkingDays: Iterable<IsoDate>,
    readonly covered?: CoveredYears,
  ) {
    this.nonWorking = new Set([...nonWorkingDays].map(dayNumber));
    if (covered && !(Number.isInteger(covered.fromYear) && covered.fromYear <= covered.toYear)) {
      throw new RangeError(`Ongeldige jaren / invalid covered years: ${covered.fromYear} to ${covered.toYear}`);
    }
    this.firstDay = covered ? dayNumber(`${String(covered.fromYear).padStart(4, '0')}-01-01`) : -Infinity;
    this.lastDay = covered ? dayNumber(`${String(covered.toYear).padStart(4, '0')}-12-31`) : Infinity;
  }

  /** Statutory holidays of the years, plus decree days; covers exactly those years. */
  static forYears(fromYear: number, toYear: number, decreeDays: IsoDate[] = []): WorkingDayCalendar {
    const days: IsoDate[] = [...decreeDays];
    for (let year = fromYear; year <= toYear; year++) {
      days.push(...statutoryNonWorkingDays(year).map((d) => d.day));
    }
    return new WorkingDayCalendar(days, { fromYear, toYear });
  }

  isWorkingDay(day: IsoDate): boolean {
    return this.isWorking(this.checked(day));
  }

  /**
   * The n-th working day after `day` (n an integer ≥ 0). `day` itself never counts, working or
   * not, as a term starts the day after the event; n = 0 returns `day` unchanged.
   */
  addWorkingDays(day: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Aantal werkdagen moet een geheel getal ≥ 0 zijn / working days must be an integer ≥ 0`);
    }
    let current = this.checked(day);
    for (let left = n; left > 0;) {
      current = this.step(current);
      if (this.isWorking(current)) left--;
    }
    return fromDayNumber(current);
  }

  /** `day` when it is a working day, else the first working day after it. */
  nextWorkingDayOnOrAfter(day: IsoDate): IsoDate {
    let current = this.checked(day);
    while (!this.isWorking(current)) current = this.step(current);
    return fromDayNumber(current);
  }

  /**
   * The number of working days d with from < d ≤ to: 0 when from = to, and the negative of
   * workingDaysBetween(to, from) when to is before from, so a - b = between(b, a) holds both ways.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const start = this.checked(from);
    const end = this.checked(to);
    if (end < start) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let current = start + 1; current <= end; current++) {
      if (this.isWorking(current)) count++;
    }
    return count;
  }

  private isWorking(n: number): boolean {
    // Day 0 (1970-01-01) was a Thursday: (n + 4) mod 7 is the weekday, 0 = Sunday, 6 = Saturday.
    const wd = (((n + 4) % 7) + 7) % 7;
    return wd !== 0 && wd !== 6 && !this.nonWorking.has(n);
  }

  private checked(day: IsoDate): number {
    const n = dayNumber(day);
    this.assertCovered(n);
    return n;
  }

  private step(n: number): number {
    this.assertCovered(n + 1);
    return n + 1;
  }

  private assertCovered(n: number): void {
    if (n < this.firstDay || n > this.lastDay) {
      throw new RangeError(
        `Werkdagenkalender kent ${fromDayNumber(n)} niet / working-day calendar does not cover ${fromDayNumber(n)}` +
          ` (${this.covered?.fromYear} to ${this.covered?.toYear})`,
      );
    }
  }
}
