import type { RiskInstrument } from './risk';

/**
 * The risk instruments the hub offers, as data: a new instrument or version is a new entry here,
 * scored by the same code (scoreInstrument in risk.ts). An item's `prefill` names the intake red
 * flag (or the person's role) it asks about, so what the intake recorded prefills an assessment;
 * `atLeast` makes an item decisive on its own, whatever the score.
 */
export const RISK_INSTRUMENTS: readonly RiskInstrument[] = [
  {
    code: 'vt_partnergeweld',
    version: 1,
    name: 'Risicotaxatie partnergeweld en kindveiligheid',
    description:
      'Twaalf risicofactoren uit de rode vlaggen van de meldcode. Beantwoord elke vraag met ja, nee of onbekend; ' +
      'onbekend telt niet mee in de score maar wordt wel vastgelegd.',
    items: [
      {
        code: 'strangulation',
        question: 'Heeft de pleger het slachtoffer ooit gewurgd, verstikt of dat geprobeerd?',
        weight: 4,
        atLeast: 'high',
        prefill: { redFlag: 'strangulation' },
      },
      {
        code: 'threat_to_kill',
        question: 'Heeft de pleger gedreigd het slachtoffer, de kinderen of zichzelf te doden?',
        weight: 4,
        atLeast: 'high',
        prefill: { redFlag: 'threat_to_kill' },
      },
      {
        code: 'weapon',
        question: 'Heeft de pleger een wapen gebruikt of ermee gedreigd, of heeft de pleger toegang tot een wapen?',
        weight: 4,
        atLeast: 'high',
        prefill: { redFlag: 'weapon' },
      },
      {
        code: 'separation',
        question: 'Is er een recente of op handen zijnde scheiding of breuk in de relatie?',
        weight: 2,
        prefill: { redFlag: 'separation' },
      },
      {
        code: 'stalking',
        question: 'Volgt, belaagt of bespiedt de pleger het slachtoffer (stalking)?',
        weight: 2,
        prefill: { redFlag: 'stalking' },
      },
      {
        code: 'coercive_control',
        question:
          'Is er sprake van dwingende controle: isoleren, geld afnemen, bepalen wat het slachtoffer doet of met wie het omgaat?',
        weight: 2,
        prefill: { redFlag: 'coercive_control' },
      },
      {
        code: 'escalation',
        question: 'Neemt het geweld de laatste tijd toe in ernst of in frequentie?',
        weight: 3,
        prefill: { redFlag: 'escalation' },
      },
      {
        code: 'pregnancy',
        question: 'Is het slachtoffer zwanger of kort geleden bevallen?',
        weight: 2,
        prefill: { redFlag: 'pregnancy' },
      },
      {
        code: 'forced_sex',
        question: 'Heeft de pleger het slachtoffer gedwongen tot seks of seksuele handelingen?',
        weight: 3,
        prefill: { redFlag: 'forced_sex' },
      },
      {
        code: 'victim_fear',
        question: 'Is het slachtoffer bang dat de pleger haar of hem ernstig letsel toebrengt of doodt?',
        weight: 3,
        prefill: { redFlag: 'victim_fear' },
      },
      {
        code: 'order_breached',
        question: 'Heeft de pleger een huisverbod, contactverbod of andere opgelegde maatregel overtreden?',
        weight: 3,
        prefill: { redFlag: 'order_breached' },
      },
      {
        code: 'children_present',
        question: 'Wonen er kinderen in het gezin, of waren kinderen aanwezig bij het geweld?',
        weight: 2,
        // Not an intake red flag: a child among the case's persons prefills it.
        prefill: { personRole: 'child' },
      },
    ],
    // The lowest score for each level; the highest level reached applies.
    thresholds: [
      { level: 'low', minScore: 0 },
      { level: 'elevated', minScore: 3 },
      { level: 'high', minScore: 8 },
      { level: 'critical', minScore: 14 },
    ],
  },
];
