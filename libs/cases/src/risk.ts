import type { RiskLevel } from './case.entity';
import { RISK_LEVELS } from './case.entity';

export interface RiskInput {
  acute: boolean;
  redFlags: readonly string[];
  violenceTypes: readonly string[];
  repeatWithin12Months: boolean;
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: string[];
}

/** Forms and flags that mean physical violence took place (for the separation rule). */
const PHYSICAL_FLAGS = ['strangulation', 'weapon', 'forced_sex'];
const NON_PHYSICAL_TYPES = ['psychological', 'financial', 'stalking', 'other'];

const has = (input: RiskInput, flag: string) => input.redFlags.includes(flag);

interface RiskRule {
  code: string;
  applies: (input: RiskInput) => boolean;
  atLeast: RiskLevel;
}

/** The rules, one row each; the level is the highest any applying row demands. */
export const RISK_RULES: readonly RiskRule[] = [
  { code: 'red_flag', applies: (i) => i.redFlags.length > 0, atLeast: 'elevated' },
  { code: 'strangulation', applies: (i) => has(i, 'strangulation'), atLeast: 'high' },
  { code: 'threat_to_kill', applies: (i) => has(i, 'threat_to_kill'), atLeast: 'high' },
  { code: 'weapon', applies: (i) => has(i, 'weapon'), atLeast: 'high' },
  {
    code: 'separation_coercive_control_physical',
    applies: (i) =>
      has(i, 'separation') &&
      has(i, 'coercive_control') &&
      (PHYSICAL_FLAGS.some((flag) => has(i, flag)) || i.violenceTypes.some((t) => !NON_PHYSICAL_TYPES.includes(t))),
    atLeast: 'high',
  },
  { code: 'acute', applies: (i) => i.acute, atLeast: 'critical' },
];

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

/** Red flags give a level with its reasons; a repeat within 12 months raises it one step. */
export function assessRisk(input: RiskInput): RiskAssessment {
  const applying = RISK_RULES.filter((rule) => rule.applies(input));
  let level = applying.reduce<RiskLevel>((max, rule) => (rank(rule.atLeast) > rank(max) ? rule.atLeast : max), 'low');
  const reasons = applying.map((rule) => rule.code);
  if (input.repeatWithin12Months) {
    level = RISK_LEVELS[Math.min(rank(level) + 1, RISK_LEVELS.length - 1)];
    reasons.push('repeat_within_12_months');
  }
  return { level, reasons };
}
