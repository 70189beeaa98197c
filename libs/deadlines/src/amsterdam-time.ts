/**
 * Calendar days and instants in Europe/Amsterdam. Statutory terms count Dutch calendar days, so a
 * report received at 00:30 local time (23:30 UTC the day before) belongs to the local day.
 * Offsets come from the runtime's time-zone data (Intl), so no dependency is needed.
 */

/** A calendar date as 'YYYY-MM-DD', without time or zone. */
export type IsoDate = string;

export const AMSTERDAM = 'Europe/Amsterdam';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// One formatter, reused: creating them is far slower than formatting.
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: AMSTERDAM,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Ongeldig tijdstip / invalid instant');
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of parts.formatToParts(instant)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** True for a real date written as 'YYYY-MM-DD' (so '2026-02-30' is refused). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Days since 1970-01-01 for a date; throws on anything that is not a real 'YYYY-MM-DD'. */
export function dayNumber(day: IsoDate): number {
  if (!isIsoDate(day)) throw new RangeError(`Ongeldige datum / invalid date: "${day}" (expected YYYY-MM-DD)`);
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

/** The date of a day number (inverse of dayNumber). */
export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in Amsterdam at this instant. */
export function amsterdamDate(instant: Date): IsoDate {
  const t = wallClock(instant);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** Minutes Amsterdam is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function amsterdamOffsetMinutes(instant: Date): number {
  const t = wallClock(instant);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of an Amsterdam wall-clock time on a day. Only meant for times outside the
 * 02:00-03:00 switch hour (midnight and 23:59:59 here), which exist exactly once every day.
 */
function amsterdamInstant(day: IsoDate, hour: number, minute: number, second: number): Date {
  const asUtc = dayNumber(day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  // Two steps: the offset at the first guess can differ from the offset at the answer near a switch.
  const guess = asUtc - amsterdamOffsetMinutes(new Date(asUtc)) * 60_000;
  return new Date(asUtc - amsterdamOffsetMinutes(new Date(guess)) * 60_000);
}

/** 00:00:00 Amsterdam time on this day. */
export function startOfAmsterdamDay(day: IsoDate): Date {
  return amsterdamInstant(day, 0, 0, 0);
}

/** 23:59:59.000 Amsterdam time on this day: the moment a term that ends on this day runs out. */
export function endOfAmsterdamDay(day: IsoDate): Date {
  return amsterdamInstant(day, 23, 59, 59);
}

/** The date n calendar days later (n may be negative). */
export function addCalendarDays(day: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Aantal dagen moet een geheel getal zijn / days must be an integer`);
  return fromDayNumber(dayNumber(day) + n);
}

/** Day of the week, 0 = Sunday to 6 = Saturday. */
export function weekday(day: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

const DUTCH_TIME = new Intl.DateTimeFormat('nl-NL', { timeZone: AMSTERDAM, dateStyle: 'long', timeStyle: 'short' });

/** How a moment reads to a Dutch professional in messages: "30 november 2026 om 23:59". */
export function dutchTime(instant: Date): string {
  return DUTCH_TIME.format(instant);
}
