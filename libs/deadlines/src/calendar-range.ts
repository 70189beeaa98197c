import { dayNumber, IsoDate } from './amsterdam-time';

/** Three years, a leap day included: what a client needs around today, and a bounded answer. */
export const MAX_CALENDAR_RANGE_DAYS = 1096;

/**
 * Why `from`..`to` (real dates, both included) is not a range of days to list, in "Dutch / English";
 * null when it is one.
 */
export function calendarRangeError(from: IsoDate, to: IsoDate): string | null {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) return 'niet vóór from / not before from';
  if (days > MAX_CALENDAR_RANGE_DAYS) {
    return `hoogstens ${MAX_CALENDAR_RANGE_DAYS} dagen / at most ${MAX_CALENDAR_RANGE_DAYS} days`;
  }
  return null;
}
