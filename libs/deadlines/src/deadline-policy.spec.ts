import { ConfigError, EnvReader } from '@vt/common';
import { DEFAULT_DEADLINE_POLICY, loadDeadlinePolicy, readDeadlinePolicy } from './deadline-policy';
import { DEFAULT_REMINDERS } from './reminders';

describe('readDeadlinePolicy', () => {
  it('uses the statutory defaults', () => {
    const r = new EnvReader({});
    expect(readDeadlinePolicy(r)).toEqual({
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
      decreeNonWorkingDays: [],
      reminders: DEFAULT_REMINDERS,
      timerHorizonHours: 48,
      breachBatchSize: 500,
    });
    expect(r.problems).toEqual([]);
    expect(loadDeadlinePolicy({})).toEqual(DEFAULT_DEADLINE_POLICY);
  });

  it('reads every variable', () => {
    const policy = loadDeadlinePolicy({
      SAFETY_ASSESSMENT_WORKING_DAYS: '4',
      SAFETY_ASSESSMENT_ACUTE_HOURS: '12',
      INVESTIGATION_WEEKS: '8',
      INVESTIGATION_MAX_EXTENSION_WEEKS: '6',
      RESTRAINING_ORDER_ADVICE_DAY: '7',
      RESTRAINING_ORDER_DAYS: '9',
      RESTRAINING_ORDER_MAX_DAYS: '27',
      CHILD_CHECK_TERM_WORKING_DAYS: '3',
      ESCALATION_RESPONSE_WORKING_DAYS: '3',
      APPROVAL_TERM_WORKING_DAYS: '4',
      AT_RISK_WORKING_DAYS: '0',
      DECREE_NON_WORKING_DAYS: ' 2027-05-07, 2026-11-24,,2027-05-07 ',
      REMINDERS_INVESTIGATION: '14d,2wd',
      REMINDERS_ACTION: '',
      DEADLINE_TIMER_HORIZON_HOURS: '24',
      DEADLINE_BREACH_BATCH_SIZE: '100',
    });
    expect(policy).toEqual({
      safetyAssessmentWorkingDays: 4,
      safetyAssessmentAcuteHours: 12,
      investigationWeeks: 8,
      investigationMaxExtensionWeeks: 6,
      restrainingOrderAdviceDay: 7,
      restrainingOrderDays: 9,
      restrainingOrderMaxDays: 27,
      childCheckWorkingDays: 3,
      escalationResponseWorkingDays: 3,
      approvalWorkingDays: 4,
      atRiskWorkingDays: 0,
      decreeNonWorkingDays: ['2026-11-24', '2027-05-07'],
      reminders: {
        ...DEFAULT_REMINDERS,
        investigation: [
          { amount: 14, unit: 'days' },
          { amount: 2, unit: 'working_days' },
        ],
        action: [],
      },
      timerHorizonHours: 24,
      breachBatchSize: 100,
    });
  });

  it.each([
    ['SAFETY_ASSESSMENT_WORKING_DAYS', '0'],
    ['DEADLINE_TIMER_HORIZON_HOURS', '0'],
    ['DEADLINE_BREACH_BATCH_SIZE', '5000'],
    ['SAFETY_ASSESSMENT_WORKING_DAYS', 'five'],
    ['SAFETY_ASSESSMENT_ACUTE_HOURS', '1.5'],
    ['INVESTIGATION_WEEKS', '0'],
    ['INVESTIGATION_MAX_EXTENSION_WEEKS', '-1'],
    ['RESTRAINING_ORDER_ADVICE_DAY', '0'],
    ['RESTRAINING_ORDER_ADVICE_DAY', '11'], // after the order has ended
    ['RESTRAINING_ORDER_DAYS', '29'],
    ['RESTRAINING_ORDER_MAX_DAYS', '9'], // shorter than the order itself
    ['ESCALATION_RESPONSE_WORKING_DAYS', '0'],
    ['CHILD_CHECK_TERM_WORKING_DAYS', '0'],
    ['CHILD_CHECK_TERM_WORKING_DAYS', '21'],
    ['CHILD_CHECK_TERM_WORKING_DAYS', 'vijf'],
    ['APPROVAL_TERM_WORKING_DAYS', '0'],
    ['APPROVAL_TERM_WORKING_DAYS', '21'],
    ['REMINDERS_SAFETY_ASSESSMENT', '1w'],
    ['AT_RISK_WORKING_DAYS', '11'],
    ['DECREE_NON_WORKING_DAYS', '2026-02-30'],
    ['DECREE_NON_WORKING_DAYS', '2026-11-24;2026-11-25'],
    ['DECREE_NON_WORKING_DAYS', '24-11-2026'],
  ])('refuses %s=%s and names it', (name, value) => {
    const r = new EnvReader({ [name]: value });
    readDeadlinePolicy(r);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain(name);
    expect(() => loadDeadlinePolicy({ [name]: value })).toThrow(ConfigError);
  });

  it('names the bad date among good ones', () => {
    const r = new EnvReader({ DECREE_NON_WORKING_DAYS: '2026-11-24,2026-13-01' });
    expect(readDeadlinePolicy(r).decreeNonWorkingDays).toEqual([]);
    expect(r.problems[0]).toContain('"2026-13-01"');
    expect(r.problems[0]).not.toContain('2026-11-24');
  });
});
