import { assessRisk, RiskInput } from './risk';

const base: RiskInput = { acute: false, redFlags: [], violenceTypes: ['psychological'], repeatWithin12Months: false };

describe('assessRisk: one row per rule', () => {
  it.each<[string, Partial<RiskInput>, string, string[]]>([
    ['no red flags', {}, 'low', []],
    ['any red flag', { redFlags: ['pregnancy'] }, 'elevated', ['red_flag']],
    ['strangulation', { redFlags: ['strangulation'] }, 'high', ['red_flag', 'strangulation']],
    ['threat to kill', { redFlags: ['threat_to_kill'] }, 'high', ['red_flag', 'threat_to_kill']],
    ['weapon', { redFlags: ['weapon'] }, 'high', ['red_flag', 'weapon']],
    [
      'separation + coercive control + physical violence type',
      { redFlags: ['separation', 'coercive_control'], violenceTypes: ['partner_violence'] },
      'high',
      ['red_flag', 'separation_coercive_control_physical'],
    ],
    [
      'separation + coercive control + physical flag',
      { redFlags: ['separation', 'coercive_control', 'forced_sex'], violenceTypes: ['psychological'] },
      'high',
      ['red_flag', 'separation_coercive_control_physical'],
    ],
    [
      'separation + coercive control without physical violence',
      { redFlags: ['separation', 'coercive_control'], violenceTypes: ['psychological', 'financial'] },
      'elevated',
      ['red_flag'],
    ],
    ['acute', { acute: true }, 'critical', ['acute']],
    ['repeat raises low to elevated', { repeatWithin12Months: true }, 'elevated', ['repeat_within_12_months']],
    [
      'repeat raises high to critical',
      { redFlags: ['weapon'], repeatWithin12Months: true },
      'critical',
      ['red_flag', 'weapon', 'repeat_within_12_months'],
    ],
    [
      'repeat keeps critical critical',
      { acute: true, repeatWithin12Months: true },
      'critical',
      ['acute', 'repeat_within_12_months'],
    ],
  ])('%s', (_name, input, level, reasons) => {
    expect(assessRisk({ ...base, ...input })).toEqual({ level, reasons });
  });
});
