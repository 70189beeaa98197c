import { addCalendarDays, amsterdamDate, endOfAmsterdamDay, IsoDate, startOfAmsterdamDay } from './amsterdam-time';
import {
  days,
  DEADLINE_KIND_DEFINITIONS,
  DEADLINE_KINDS,
  DeadlineKind,
  ReminderLead,
  workingDays,
} from './deadline-kinds';
import { WorkingDayCalendar } from './working-day-calendar';

export type { ReminderLead } from './deadline-kinds';

export type ReminderPolicy = Record<DeadlineKind, readonly ReminderLead[]>;

/** Each kind's default reminders, from its definition. */
export const DEFAULT_REMINDERS: Readonly<ReminderPolicy> = Object.freeze(
  Object.fromEntries(
    DEADLINE_KINDS.map((kind): [DeadlineKind, readonly ReminderLead[]] => [
      kind,
      DEADLINE_KIND_DEFINITIONS[kind].reminders,
    ]),
  ) as Record<DeadlineKind, readonly ReminderLead[]>,
);

/** `7d,1wd` → leads; null when the text is not such a list. */
export function parseReminderLeads(text: string): ReminderLead[] | null {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const leads = items.map((item) => /^([1-9][0-9]{0,2})(d|wd)$/.exec(item));
  if (leads.some((match) => match === null)) return null;
  return leads.map((match) => (match![2] === 'd' ? days(Number(match![1])) : workingDays(Number(match![1]))));
}

/** Reminders go out at the start of the office day: 08:00 Amsterdam. */
const OFFICE_START_MS = 8 * 3_600_000;

/**
 * When the reminders of a deadline go out, in lead order. `days`: that many times 24 hours
 * before it is due; `working_days`: 08:00 on the n-th working day before the due day. Only
 * moments after the deadline started and before it is due are kept.
 */
export function reminderTimes(
  deadline: { startsAt: Date; dueAt: Date },
  leads: readonly ReminderLead[],
  calendar: WorkingDayCalendar,
): Date[] {
  return leads
    .map((lead) =>
      lead.unit === 'days'
        ? new Date(deadline.dueAt.getTime() - lead.amount * 86_400_000)
        : new Date(
            startOfAmsterdamDay(workingDaysBefore(amsterdamDate(deadline.dueAt), lead.amount, calendar)).getTime() +
              OFFICE_START_MS,
          ),
    )
    .filter((at) => at > deadline.startsAt && at < deadline.dueAt);
}

/**
 * A moment no earlier than the latest due time whose reminders (any of `leads`) can fall at or
 * before `until`: deadlines due later have no reminder by then. It may overshoot, never fall short.
 */
export function latestDueRemindedBy(until: Date, leads: readonly ReminderLead[], calendar: WorkingDayCalendar): Date {
  return new Date(
    Math.max(
      until.getTime(),
      ...leads.map((lead) =>
        lead.unit === 'days'
          ? until.getTime() + lead.amount * 86_400_000
          : // The n-th working day before any day up to the (n+1)-th working day after until's day is until's day or earlier.
            endOfAmsterdamDay(calendar.addWorkingDays(amsterdamDate(until), lead.amount + 1)).getTime(),
      ),
    ),
  );
}

function workingDaysBefore(day: IsoDate, n: number, calendar: WorkingDayCalendar): IsoDate {
  let current = day;
  for (let left = n; left > 0;) {
    current = addCalendarDays(current, -1);
    if (calendar.isWorkingDay(current)) left--;
  }
  return current;
}
