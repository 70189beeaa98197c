import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommonException } from '@vt/common';
import { IsoDate } from './amsterdam-time';
import { DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';
import { NonWorkingDaysRepository } from './non-working-days.repository';
import { WorkingDayCalendar } from './working-day-calendar';

export const DECREE_DAY_NAME = 'Bij besluit aangewezen dag';

/** A day of table `non_working_days`; Saturdays and Sundays are never listed, they never count. */
export interface ListedNonWorkingDay {
  day: IsoDate;
  /** Dutch, e.g. 'Koningsdag', or DECREE_DAY_NAME for a configured decree day. */
  name: string;
  source: 'statute' | 'decree';
}

/**
 * Holds the working-day calendar built from table `non_working_days` (statutory days seeded by a
 * migration, decree days added from configuration). Loaded once at start-up; the days change only
 * with a migration or a configuration change, both of which come with a restart.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private current?: WorkingDayCalendar;
  private listed: readonly ListedNonWorkingDay[] = [];

  constructor(
    private readonly days: NonWorkingDaysRepository,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  /**
   * Adds the configured decree days, then reads every day. A decree day removed from the
   * configuration stays in the table: a term counted without it may already have been given out.
   */
  async reload(): Promise<WorkingDayCalendar> {
    for (const day of this.policy.decreeNonWorkingDays) await this.days.addDecreeDay(day, DECREE_DAY_NAME);
    const rows = await this.days.all();
    const statuteYears = rows.filter((row) => row.source === 'statute').map((row) => Number(row.day.slice(0, 4)));
    if (statuteYears.length === 0) {
      throw new Error('non_working_days holds no statutory days; run the migrations first');
    }
    // Only the statute's years count as covered: a year without its holidays would give wrong terms.
    this.current = new WorkingDayCalendar(
      rows.map((row) => row.day),
      { fromYear: Math.min(...statuteYears), toYear: Math.max(...statuteYears) },
    );
    this.listed = rows;
    return this.current;
  }

  calendar(): WorkingDayCalendar {
    if (!this.current) throw new Error('CalendarService used before the calendar was loaded');
    return this.current;
  }

  /**
   * The listed days from `from` to `to` (both included) as loaded with the calendar, not read from
   * the table again: a client counting with them counts as the api's terms do, also when a day was
   * written to the table since. Refuses days outside the covered years, which would lack holidays.
   */
  nonWorkingDays(from: IsoDate, to: IsoDate): ListedNonWorkingDay[] {
    const covered = this.calendar().covered;
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ]) {
      const year = Number(day.slice(0, 4));
      if (!covered || year < covered.fromYear || year > covered.toYear) {
        throw new CommonException('common.validation', 'Ongeldige invoer / invalid input', [
          { field, message: 'buiten de werkdagenkalender / outside the working-day calendar' },
        ]);
      }
    }
    return this.listed.filter((listed) => listed.day >= from && listed.day <= to);
  }
}
