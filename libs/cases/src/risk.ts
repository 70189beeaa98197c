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

/** An answer to an instrument item: unknown is recorded and scores nothing. */
export type RiskAnswer = boolean | 'unknown';

export interface RiskInstrumentItem {
  code: string;
  /** The question as the caseworker reads it (Dutch). */
  question: string;
  weight: number;
  /** A yes makes the level at least this, whatever the score. */
  atLeast?: RiskLevel;
  /** What the intake recorded that answers this item yes: a red flag, or a person in a role. */
  prefill: { redFlag: string } | { personRole: string };
}

/** A structured instrument (risk-instruments.ts): items with weights, and the score each level starts at. */
export interface RiskInstrument {
  code: string;
  version: number;
  name: string;
  description: string;
  items: readonly RiskInstrumentItem[];
  thresholds: readonly { level: RiskLevel; minScore: number }[];
}

/** The professional's own judgement: it sets the level, up or down, with a written reason. */
export interface ProfessionalJudgement {
  level: RiskLevel;
  reason: string;
}

export interface InstrumentScore {
  score: number;
  /** The level the answers give, before the professional's judgement. */
  calculatedLevel: RiskLevel;
  level: RiskLevel;
  /** Codes of the items answered yes, in the instrument's order, then the judgement's code if any. */
  reasons: string[];
}

const higher = (a: RiskLevel, b: RiskLevel) => (rank(a) >= rank(b) ? a : b);

/**
 * What is wrong with a set of answers for this instrument, as field errors (empty: fine). Every
 * item must be answered, and only the instrument's items.
 */
export function answerErrors(instrument: RiskInstrument, answers: Record<string, RiskAnswer>) {
  const codes = new Set(instrument.items.map((item) => item.code));
  const unknown = Object.keys(answers).filter((code) => !codes.has(code));
  const missing = instrument.items.filter((item) => !(item.code in answers)).map((item) => item.code);
  return [
    ...unknown.map((code) => ({
      field: `items.${code}`,
      message: `geen vraag van instrument ${instrument.code} / not an item of this instrument`,
    })),
    ...missing.map((code) => ({
      field: `items.${code}`,
      message: 'niet beantwoord (ja, nee of onbekend) / not answered',
    })),
  ];
}

/** Scores answers already checked by answerErrors; a judgement then sets the level, up or down. */
export function scoreInstrument(
  instrument: RiskInstrument,
  answers: Record<string, RiskAnswer>,
  judgement?: ProfessionalJudgement,
): InstrumentScore {
  const yes = instrument.items.filter((item) => answers[item.code] === true);
  const score = yes.reduce((sum, item) => sum + item.weight, 0);
  const byScore = instrument.thresholds.reduce<RiskLevel>(
    (level, t) => (score >= t.minScore ? higher(level, t.level) : level),
    'low',
  );
  const calculatedLevel = yes.reduce<RiskLevel>((level, item) => higher(level, item.atLeast ?? 'low'), byScore);
  const reasons = yes.map((item) => item.code);
  if (!judgement) return { score, calculatedLevel, level: calculatedLevel, reasons };
  const change = rank(judgement.level) - rank(calculatedLevel);
  reasons.push(
    change > 0
      ? 'professional_judgement_raised'
      : change < 0
        ? 'professional_judgement_lowered'
        : 'professional_judgement_confirmed',
  );
  return { score, calculatedLevel, level: judgement.level, reasons };
}

/**
 * The answers a case's intake already gives: yes for each item whose red flag was reported or
 * whose role is among the persons. The rest the caseworker answers.
 */
export function prefilledAnswers(
  instrument: RiskInstrument,
  recorded: { redFlags: readonly string[]; personRoles: readonly string[] },
): Record<string, RiskAnswer> {
  const answers: Record<string, RiskAnswer> = {};
  for (const item of instrument.items) {
    const given =
      'redFlag' in item.prefill
        ? recorded.redFlags.includes(item.prefill.redFlag)
        : recorded.personRoles.includes(item.prefill.personRole);
    if (given) answers[item.code] = true;
  }
  return answers;
}
