import { addCalendarDays, amsterdamDate, endOfAmsterdamDay } from './amsterdam-time';
import { DeadlinePolicy } from './deadline-policy';
import { WorkingDayCalendar } from './working-day-calendar';

const HOUR_MS = 3_600_000;

/**
 * Veiligheidsbeoordeling. Acute: a fixed number of hours after receipt. Otherwise the term starts
 * on the Amsterdam day after receipt and ends at the end of its n-th working day, so a report
 * received on Saturday is due on the same day as one received on Friday.
 */
export function safetyAssessmentDueAt(
  receivedAt: Date,
  acute: boolean,
  calendar: WorkingDayCalendar,
  policy: DeadlinePolicy,
): Date {
  if (acute) return new Date(validTime(receivedAt) + policy.safetyAssessmentAcuteHours * HOUR_MS);
  return endOfNthWorkingDayAfter(receivedAt, policy.safetyAssessmentWorkingDays, calendar);
}

/**
 * Onderzoek: N calendar weeks from the Amsterdam day of the decision; a term ending on a weekend
 * or holiday runs on to the end of the next working day (Atw art. 1).
 */
export function investigationDueAt(startedAt: Date, calendar: WorkingDayCalendar, policy: DeadlinePolicy): Date {
  const lastDay = addCalendarDays(amsterdamDate(startedAt), policy.investigationWeeks * 7);
  return endOfAmsterdamDay(calendar.nextWorkingDayOnOrAfter(lastDay));
}

/** Doorzettingsmacht: the end of the n-th working day after the escalation was raised. */
export function escalationResponseDueAt(raisedAt: Date, calendar: WorkingDayCalendar, policy: DeadlinePolicy): Date {
  return endOfNthWorkingDayAfter(raisedAt, policy.escalationResponseWorkingDays, calendar);
}

/**
 * Working days late, recorded when a deadline is met or breached: 0 when met on time, otherwise
 * the working days after the due day up to and including the day met, and at least 1, so being
 * late by hours on the due day itself, or on a weekend right after it, still counts as late.
 */
export function workingDaysLate(dueAt: Date, metAt: Date, calendar: WorkingDayCalendar): number {
  if (validTime(metAt) <= validTime(dueAt)) return 0;
  return Math.max(1, calendar.workingDaysBetween(amsterdamDate(dueAt), amsterdamDate(metAt)));
}

/** Open deadlines due before this instant are "at risk": the end of the n-th working day after today. */
export function atRiskThreshold(now: Date, calendar: WorkingDayCalendar, policy: DeadlinePolicy): Date {
  return endOfNthWorkingDayAfter(now, policy.atRiskWorkingDays, calendar);
}

function endOfNthWorkingDayAfter(instant: Date, n: number, calendar: WorkingDayCalendar): Date {
  return endOfAmsterdamDay(calendar.addWorkingDays(amsterdamDate(instant), n));
}

function validTime(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Ongeldig tijdstip / invalid instant');
  return time;
}
