import { addCalendarDays, amsterdamDate, amsterdamOffsetMinutes, endOfAmsterdamDay } from './amsterdam-time';
import { DeadlinePolicy } from './deadline-policy';
import { WorkingDayCalendar } from './working-day-calendar';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

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
 * Kindcheck: by default within the safety assessment's term (the same due time); configured, the
 * end of the n-th working day after the day the child was reported.
 */
export function childCheckDueAt(
  receivedAt: Date,
  acute: boolean,
  calendar: WorkingDayCalendar,
  policy: DeadlinePolicy,
): Date {
  if (policy.childCheckWorkingDays === null) return safetyAssessmentDueAt(receivedAt, acute, calendar, policy);
  return endOfNthWorkingDayAfter(receivedAt, policy.childCheckWorkingDays, calendar);
}

/**
 * Onderzoek: N calendar weeks from the Amsterdam day of the decision; a term ending on a weekend
 * or holiday runs on to the end of the next working day (Atw art. 1).
 */
export function investigationDueAt(startedAt: Date, calendar: WorkingDayCalendar, policy: DeadlinePolicy): Date {
  const lastDay = addCalendarDays(amsterdamDate(startedAt), policy.investigationWeeks * 7);
  return endOfAmsterdamDay(calendar.nextWorkingDayOnOrAfter(lastDay));
}

/**
 * Opschorting: the working days a suspension touched, its start day and its end day included
 * (Amsterdam days). Any part of a working day spent suspended gives that whole day back, since
 * terms count whole days; a suspension that lies wholly in a weekend gives back nothing.
 */
export function suspendedWorkingDays(startedAt: Date, endedAt: Date, calendar: WorkingDayCalendar): number {
  if (validTime(endedAt) < validTime(startedAt)) {
    throw new RangeError('Einde ligt voor het begin / end before start');
  }
  const first = amsterdamDate(startedAt);
  return calendar.workingDaysBetween(first, amsterdamDate(endedAt)) + (calendar.isWorkingDay(first) ? 1 : 0);
}

/** A term moved on by n working days: the end of the n-th working day after its current due day. */
export function dueAtAfterWorkingDays(dueAt: Date, n: number, calendar: WorkingDayCalendar): Date {
  return endOfNthWorkingDayAfter(dueAt, n, calendar);
}

/**
 * Verlenging van het onderzoek: N calendar weeks after the current due day (which already holds
 * earlier suspensions and extensions), moved on to the next working day like the original term.
 */
export function extendedInvestigationDueAt(dueAt: Date, weeks: number, calendar: WorkingDayCalendar): Date {
  const lastDay = addCalendarDays(amsterdamDate(dueAt), weeks * 7);
  return endOfAmsterdamDay(calendar.nextWorkingDayOnOrAfter(lastDay));
}

/**
 * Tijdelijk huisverbod: the same Amsterdam wall-clock time `days` calendar days after imposition,
 * also across a clock change (imposed at 14:30, it ends at 14:30 ten days later). Calendar days:
 * weekends and holidays do not move it, the order simply runs out. Only a wall-clock time in the
 * 02:00-03:00 hour that a spring clock change skips lands an hour off.
 */
export function restrainingOrderDueAt(imposedAt: Date, days: number): Date {
  if (!Number.isInteger(days))
    throw new RangeError('Aantal dagen moet een geheel getal zijn / days must be an integer');
  const wallClock = validTime(imposedAt) + amsterdamOffsetMinutes(imposedAt) * 60_000 + days * DAY_MS;
  // Two steps, as the offset at the first guess can differ from the offset at the answer.
  const guess = wallClock - amsterdamOffsetMinutes(new Date(wallClock)) * 60_000;
  return new Date(wallClock - amsterdamOffsetMinutes(new Date(guess)) * 60_000);
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

/** Vier ogen: the end of the n-th working day after the approval was requested. */
export function approvalDueAt(requestedAt: Date, calendar: WorkingDayCalendar, policy: DeadlinePolicy): Date {
  return endOfNthWorkingDayAfter(requestedAt, policy.approvalWorkingDays, calendar);
}

function endOfNthWorkingDayAfter(instant: Date, n: number, calendar: WorkingDayCalendar): Date {
  return endOfAmsterdamDay(calendar.addWorkingDays(amsterdamDate(instant), n));
}

function validTime(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Ongeldig tijdstip / invalid instant');
  return time;
}
