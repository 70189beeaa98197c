import { RISK_LEVELS } from './case.entity';
import { answerErrors, prefilledAnswers, RiskAnswer, scoreInstrument } from './risk';
import { RISK_INSTRUMENTS } from './risk-instruments';

/** The red flags the letters name; every instrument must ask about each. */
const NAMED_RED_FLAGS = [
  'strangulation',
  'threat_to_kill',
  'weapon',
  'separation',
  'stalking',
  'coercive_control',
  'escalation',
  'pregnancy',
  'forced_sex',
  'victim_fear',
  'order_breached',
  'children_present',
];

const [instrument] = RISK_INSTRUMENTS;
const answered = (yes: string[], rest: RiskAnswer = false) =>
  Object.fromEntries(instrument.items.map((item) => [item.code, yes.includes(item.code) ? true : rest]));

describe('risk instruments (data)', () => {
  it.each(RISK_INSTRUMENTS.map((i) => [i.code, i]))('%s is well formed', (_code, i) => {
    const codes = i.items.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(NAMED_RED_FLAGS));
    for (const item of i.items) {
      expect(item.question).toMatch(/\?$/);
      expect(item.weight).toBeGreaterThan(0);
    }
    // Thresholds rise with the levels and start at 0.
    expect(i.thresholds.map((t) => t.level)).toEqual([...RISK_LEVELS]);
    expect(i.thresholds[0].minScore).toBe(0);
    const scores = i.thresholds.map((t) => t.minScore);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });
});

describe('scoreInstrument', () => {
  it.each<[string, string[], number, string]>([
    ['nothing', [], 0, 'low'],
    ['one minor factor', ['pregnancy'], 2, 'low'],
    ['two minor factors', ['pregnancy', 'separation'], 4, 'elevated'],
    ['strangulation alone is decisive', ['strangulation'], 4, 'high'],
    ['score reaches high', ['separation', 'stalking', 'escalation', 'victim_fear'], 10, 'high'],
    ['score reaches critical', ['weapon', 'threat_to_kill', 'escalation', 'victim_fear'], 14, 'critical'],
  ])('%s', (_name, yes, score, level) => {
    const result = scoreInstrument(instrument, answered(yes));
    expect(result).toEqual({ score, calculatedLevel: level, level, reasons: [...yes].sort(byItemOrder) });
  });

  it('scores unknown as nothing', () => {
    expect(scoreInstrument(instrument, answered(['weapon'], 'unknown'))).toMatchObject({ score: 4, level: 'high' });
  });

  it('lets the professional judgement raise or lower the level, and says which', () => {
    const raised = scoreInstrument(instrument, answered([]), {
      level: 'high',
      reason: 'Slachtoffer durft niet te praten',
    });
    expect(raised).toMatchObject({ calculatedLevel: 'low', level: 'high', reasons: ['professional_judgement_raised'] });
    const lowered = scoreInstrument(instrument, answered(['weapon']), {
      level: 'elevated',
      reason: 'Wapen ingeleverd',
    });
    expect(lowered).toMatchObject({
      calculatedLevel: 'high',
      level: 'elevated',
      reasons: ['weapon', 'professional_judgement_lowered'],
    });
    const same = scoreInstrument(instrument, answered([]), { level: 'low', reason: 'Eens' });
    expect(same.reasons).toEqual(['professional_judgement_confirmed']);
  });
});

describe('answerErrors', () => {
  it('accepts every item answered', () => {
    expect(answerErrors(instrument, answered([], 'unknown'))).toEqual([]);
  });

  it('names an unknown item and each missing one', () => {
    const rest = Object.fromEntries(Object.entries(answered([])).filter(([code]) => code !== 'weapon'));
    const errors = answerErrors(instrument, { ...rest, hamster: true });
    expect(errors.map((e) => e.field)).toEqual(['items.hamster', 'items.weapon']);
  });
});

describe('prefilledAnswers', () => {
  it('answers yes for the red flags reported and for a child among the persons', () => {
    expect(
      prefilledAnswers(instrument, { redFlags: ['weapon', 'victim_fear'], personRoles: ['victim', 'child'] }),
    ).toEqual({ weapon: true, victim_fear: true, children_present: true });
    expect(prefilledAnswers(instrument, { redFlags: [], personRoles: ['victim', 'suspect'] })).toEqual({});
  });
});

function byItemOrder(a: string, b: string): number {
  const order = instrument.items.map((item) => item.code);
  return order.indexOf(a) - order.indexOf(b);
}
