import { EnvReader } from '@vt/common';
import { IsoDate, isIsoDate } from './amsterdam-time';
import { DEADLINE_KINDS } from './deadline.entity';
import { DEFAULT_REMINDERS, parseReminderLeads, ReminderPolicy } from './reminders';

/** Injection token for the DeadlinePolicy, provided by a global module of the app. */
export const DEADLINE_POLICY = Symbol('DEADLINE_POLICY');

/** Statutory terms as configuration; defaults follow the statute. */
export interface DeadlinePolicy {
  /** Veiligheidsbeoordeling: working days after the day of receipt. */
  safetyAssessmentWorkingDays: number;
  /** Veiligheidsbeoordeling of an acute report: hours after receipt. */
  safetyAssessmentAcuteHours: number;
  /** Onderzoek: calendar weeks from the decision to investigate. */
  investigationWeeks: number;
  investigationMaxExtensionWeeks: number;
  /** Tijdelijk huisverbod: the day after imposition on which the advice is due. */
  restrainingOrderAdviceDay: number;
  restrainingOrderDays: number;
  /** Extension at most this many days after imposition. */
  restrainingOrderMaxDays: number;
  /**
   * Kindcheck: working days after the day of receipt; null (the default) puts it at the safety
   * assessment's own term, acute reports included.
   */
  childCheckWorkingDays: number | null;
  /** Doorzettingsmacht: working days for the escalated organisation to respond. */
  escalationResponseWorkingDays: number;
  /** Four eyes: working days for a supervisor to decide on a pending approval (not statute). */
  approvalWorkingDays: number;
  /** An open deadline due before the end of this many working days after today is "at risk". */
  atRiskWorkingDays: number;
  /** Extra non-working days designated by decree (Atw art. 3 lid 2). */
  decreeNonWorkingDays: IsoDate[];
  /** Reminder lead times per kind of deadline. */
  reminders: ReminderPolicy;
  /**
   * Timer mechanics, not statute: Redis holds jobs only for what falls due within this many hours;
   * the reconciler (every few minutes) adds the rest as it comes near.
   */
  timerHorizonHours: number;
  /** Deadlines that fall due together are breached this many to a transaction. */
  breachBatchSize: number;
}

export const DEFAULT_DEADLINE_POLICY: Readonly<DeadlinePolicy> = Object.freeze({
  safetyAssessmentWorkingDays: 5,
  safetyAssessmentAcuteHours: 24,
  investigationWeeks: 10,
  investigationMaxExtensionWeeks: 10,
  restrainingOrderAdviceDay: 8,
  restrainingOrderDays: 10,
  restrainingOrderMaxDays: 28,
  childCheckWorkingDays: null,
  escalationResponseWorkingDays: 2,
  approvalWorkingDays: 2,
  atRiskWorkingDays: 1,
  decreeNonWorkingDays: Object.freeze([]) as unknown as IsoDate[],
  reminders: DEFAULT_REMINDERS as ReminderPolicy,
  timerHorizonHours: 48,
  breachBatchSize: 500,
});

/** Reads the policy; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readDeadlinePolicy(r: EnvReader): DeadlinePolicy {
  const d = DEFAULT_DEADLINE_POLICY;
  const policy: DeadlinePolicy = {
    safetyAssessmentWorkingDays: r.int('SAFETY_ASSESSMENT_WORKING_DAYS', d.safetyAssessmentWorkingDays, 1, 20),
    safetyAssessmentAcuteHours: r.int('SAFETY_ASSESSMENT_ACUTE_HOURS', d.safetyAssessmentAcuteHours, 1, 72),
    investigationWeeks: r.int('INVESTIGATION_WEEKS', d.investigationWeeks, 1, 52),
    investigationMaxExtensionWeeks: r.int('INVESTIGATION_MAX_EXTENSION_WEEKS', d.investigationMaxExtensionWeeks, 0, 52),
    restrainingOrderAdviceDay: r.int('RESTRAINING_ORDER_ADVICE_DAY', d.restrainingOrderAdviceDay, 1, 28),
    restrainingOrderDays: r.int('RESTRAINING_ORDER_DAYS', d.restrainingOrderDays, 1, 28),
    restrainingOrderMaxDays: r.int('RESTRAINING_ORDER_MAX_DAYS', d.restrainingOrderMaxDays, 1, 56),
    childCheckWorkingDays:
      r.optional('CHILD_CHECK_TERM_WORKING_DAYS') === undefined
        ? null
        : r.int('CHILD_CHECK_TERM_WORKING_DAYS', 0, 1, 20),
    escalationResponseWorkingDays: r.int('ESCALATION_RESPONSE_WORKING_DAYS', d.escalationResponseWorkingDays, 1, 20),
    approvalWorkingDays: r.int('APPROVAL_TERM_WORKING_DAYS', d.approvalWorkingDays, 1, 20),
    atRiskWorkingDays: r.int('AT_RISK_WORKING_DAYS', d.atRiskWorkingDays, 0, 10),
    decreeNonWorkingDays: readDates(r, 'DECREE_NON_WORKING_DAYS'),
    reminders: readReminders(r),
    timerHorizonHours: r.int('DEADLINE_TIMER_HORIZON_HOURS', d.timerHorizonHours, 1, 720),
    breachBatchSize: r.int('DEADLINE_BREACH_BATCH_SIZE', d.breachBatchSize, 1, 1000),
  };
  // The advice is due while the order runs, and an extension cannot end before the order itself.
  if (policy.restrainingOrderAdviceDay > policy.restrainingOrderDays) {
    r.problems.push(
      `RESTRAINING_ORDER_ADVICE_DAY (${policy.restrainingOrderAdviceDay}) must not exceed RESTRAINING_ORDER_DAYS (${policy.restrainingOrderDays})`,
    );
  }
  if (policy.restrainingOrderDays > policy.restrainingOrderMaxDays) {
    r.problems.push(
      `RESTRAINING_ORDER_DAYS (${policy.restrainingOrderDays}) must not exceed RESTRAINING_ORDER_MAX_DAYS (${policy.restrainingOrderMaxDays})`,
    );
  }
  return policy;
}

/** The policy from an environment, throwing a ConfigError that names every bad variable. */
export function loadDeadlinePolicy(env: Record<string, string | undefined> = process.env): DeadlinePolicy {
  const r = new EnvReader(env);
  const policy = readDeadlinePolicy(r);
  r.done();
  return policy;
}

/** `REMINDERS_<KIND>` per kind of deadline, e.g. `REMINDERS_INVESTIGATION=7d,1wd`; empty: none. */
function readReminders(r: EnvReader): ReminderPolicy {
  const policy = { ...DEFAULT_REMINDERS } as ReminderPolicy;
  for (const kind of DEADLINE_KINDS) {
    const name = `REMINDERS_${kind.toUpperCase()}`;
    const raw = r.raw(name);
    if (raw === undefined) continue;
    const leads = parseReminderLeads(raw);
    if (leads === null) r.problems.push(`${name} must be a comma-separated list like 7d,1wd (got "${raw}")`);
    else policy[kind] = leads;
  }
  return policy;
}

/** A comma-separated list of real dates, sorted and without duplicates; empty when unset. */
function readDates(r: EnvReader, name: string): IsoDate[] {
  const raw = r.optional(name);
  if (raw === undefined) return [];
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const bad = items.filter((item) => !isIsoDate(item));
  if (bad.length > 0) {
    r.problems.push(`${name} must be a comma-separated list of dates YYYY-MM-DD (got "${bad.join('", "')}")`);
    return [];
  }
  return [...new Set(items)].sort();
}
