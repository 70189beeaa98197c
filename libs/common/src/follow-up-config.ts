import { EnvReader } from './config';

/** A follow-up interval after closing: `4w` (weeks) or `10d` (calendar days). */
export interface FollowUpInterval {
  /** As configured, kept with each check: `4w`. */
  label: string;
  days: number;
}

/** Feedback to professional reporters and follow-up after closing (docs/feedback-and-follow-up.md). */
export interface FollowUpConfig {
  /** Working days after the safety assessment for feedback to a professional reporter. */
  reporterFeedbackWorkingDays: number;
  /** When a closed case is checked on again, from the day it closed, in order. */
  followUpIntervals: FollowUpInterval[];
}

/**
 * The defaults: five working days for feedback, as the safety assessment's own term; checks four
 * and thirteen weeks after closing, a month and a quarter, when relapse after help ends is most
 * often reported (docs/feedback-and-follow-up.md gives the reasoning).
 */
export const DEFAULT_FOLLOW_UP_INTERVALS = '4w,13w';

/** `4w,13w` → intervals, ascending; null when the text is not such a list (1 to 6 items, up to 2 years). */
export function parseFollowUpIntervals(text: string): FollowUpInterval[] | null {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0 || items.length > 6) return null;
  const intervals: FollowUpInterval[] = [];
  for (const item of items) {
    const match = /^([1-9][0-9]{0,2})([dw])$/.exec(item);
    if (!match) return null;
    const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
    if (days > 730) return null;
    intervals.push({ label: item, days });
  }
  // Each check later than the one before: the same moment twice is one check.
  if (intervals.some((interval, i) => i > 0 && interval.days <= intervals[i - 1].days)) return null;
  return intervals;
}

/** Reads the settings; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readFollowUpConfig(r: EnvReader): FollowUpConfig {
  const raw = r.optional('FOLLOW_UP_INTERVALS') ?? DEFAULT_FOLLOW_UP_INTERVALS;
  const followUpIntervals = parseFollowUpIntervals(raw);
  if (followUpIntervals === null) {
    r.problems.push(
      `FOLLOW_UP_INTERVALS must be 1 to 6 ascending intervals like 4w,13w (weeks w or days d, at most 730 days; got "${raw}")`,
    );
  }
  return {
    reporterFeedbackWorkingDays: r.int('REPORTER_FEEDBACK_TERM_WORKING_DAYS', 5, 1, 20),
    followUpIntervals: followUpIntervals ?? [],
  };
}
