import { amsterdamDate, IsoDate } from '@vt/deadlines/amsterdam-time';
import { WorkingDayCalendar } from '@vt/deadlines/working-day-calendar';
import type { components } from './api-types';

type DeadlineView = components['schemas']['DeadlineViewDto'];

/** What a countdown reads of a deadline the api answers; how late, only where the answer says. */
export type Deadline = Pick<DeadlineView, 'id' | 'kind' | 'dueAt' | 'status'> &
  Partial<Pick<DeadlineView, 'lateWorkingDays'>>;

export type Tone = 'ok' | 'warning' | 'danger' | 'neutral';

export interface Countdown {
  text: string;
  tone: Tone;
}

// The api's own working-day arithmetic and statutory holidays, plus the decree days the api
// answers (calendar.ts), so a countdown counts as the api counts its terms. One calendar is kept:
// every countdown on a screen asks for the same one.
let cached: { key: string; calendar: WorkingDayCalendar } | undefined;
function calendarFor(year: number, decreeDays: readonly IsoDate[]): WorkingDayCalendar {
  const key = `${year} ${decreeDays.join(',')}`;
  if (cached?.key !== key) {
    cached = { key, calendar: WorkingDayCalendar.forYears(year - 1, year + 3, [...decreeDays]) };
  }
  return cached.calendar;
}

const time = new Intl.DateTimeFormat('nl-NL', { timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const day = new Intl.DateTimeFormat('nl-NL', {
  weekday: 'long',
  day: 'numeric',
  month: 'short',
  timeZone: 'Europe/Amsterdam',
});

/** The calendar day after an Amsterdam date ('YYYY-MM-DD'). */
function dayAfter(date: IsoDate): IsoDate {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Less than a working day left: the moment in words. A term in hours (acute: 24) can end on a
 * weekend or holiday, which counts no working day but is not today either.
 */
function lastMoment(due: Date, dueDay: IsoDate, today: IsoDate): string {
  const when = dueDay === today ? 'Vandaag' : dueDay === dayAfter(today) ? 'Morgen' : day.format(due);
  return `${when.charAt(0).toUpperCase()}${when.slice(1)} uiterlijk ${time.format(due)}`;
}

/**
 * The state of a deadline in words (never colour alone), counted in working days; without the
 * decree days (not yet answered) a countdown across one is a day high.
 */
export function countdown(deadline: Deadline, decreeDays: readonly IsoDate[] = [], now = new Date()): Countdown {
  if (deadline.status === 'met') return { text: 'Gehaald', tone: 'neutral' };
  if (deadline.status === 'cancelled') return { text: 'Vervallen', tone: 'neutral' };
  const due = new Date(deadline.dueAt);
  const today = amsterdamDate(now);
  const dueDay = amsterdamDate(due);
  const cal = calendarFor(Number(today.slice(0, 4)), decreeDays);
  if (deadline.status === 'breached' || due <= now) {
    const late = Math.max(cal.workingDaysBetween(dueDay, today), deadline.lateWorkingDays ?? 0);
    return {
      text: late > 0 ? `Verlopen: ${late} ${late === 1 ? 'werkdag' : 'werkdagen'} over tijd` : 'Verlopen: vandaag',
      tone: 'danger',
    };
  }
  const left = cal.workingDaysBetween(today, dueDay);
  if (left <= 0) return { text: lastMoment(due, dueDay, today), tone: 'danger' };
  if (left === 1) return { text: 'Nog 1 werkdag', tone: 'warning' };
  return { text: `Nog ${left} werkdagen`, tone: 'ok' };
}
