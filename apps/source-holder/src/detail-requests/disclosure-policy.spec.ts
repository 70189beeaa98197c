import { decideDisclosure, DisclosureQuestion, OUTSIDE_POLICY_REASON, PolicyRule } from './disclosure-policy';

let nextId = 1;
function rule(fields: Partial<PolicyRule> & Pick<PolicyRule, 'decision'>): PolicyRule {
  return {
    id: nextId++,
    organisationKind: null,
    requesterRole: null,
    reason: null,
    legalBasis: null,
    categories: fields.decision === 'TOEKENNEN' ? ['betrokkenheid'] : [],
    refusalReason: fields.decision === 'WEIGEREN' ? 'Nee.' : null,
    ...fields,
  };
}

const question: DisclosureQuestion = {
  organisationKind: 'veilig_thuis',
  requesterRole: 'caseworker',
  reason: 'veiligheidsbeoordeling',
  legalBasis: 'wettelijke_taak',
};

describe('decideDisclosure', () => {
  it('leaves a request no rule matches to a person at the source', () => {
    expect(decideDisclosure([], question)).toEqual({ decision: 'BEOORDELEN', ruleId: null });
    const police = rule({ organisationKind: 'police', decision: 'TOEKENNEN' });
    expect(decideDisclosure([police], question)).toEqual({ decision: 'BEOORDELEN', ruleId: null });
  });

  it('grants the categories of a matching rule', () => {
    const grant = rule({
      organisationKind: 'veilig_thuis',
      decision: 'TOEKENNEN',
      categories: ['betrokkenheid', 'maatregelen'],
    });
    expect(decideDisclosure([grant], question)).toEqual({
      decision: 'TOEKENNEN',
      categories: ['betrokkenheid', 'maatregelen'],
      ruleId: grant.id,
    });
  });

  it('grants only what was both allowed and asked for, and refuses when nothing remains', () => {
    const grant = rule({ decision: 'TOEKENNEN', categories: ['betrokkenheid', 'maatregelen'] });
    expect(decideDisclosure([grant], { ...question, questions: ['maatregelen', 'veiligheid'] })).toEqual({
      decision: 'TOEKENNEN',
      categories: ['maatregelen'],
      ruleId: grant.id,
    });
    expect(decideDisclosure([grant], { ...question, questions: ['veiligheid'] })).toEqual({
      decision: 'WEIGEREN',
      code: 'buiten_beleid',
      reason: OUTSIDE_POLICY_REASON,
      ruleId: grant.id,
    });
  });

  it('lets the most specific matching rule win, whatever its decision', () => {
    const refuseAll = rule({ decision: 'WEIGEREN', refusalReason: 'Alleen op wettelijke grondslag.' });
    const grantVt = rule({ organisationKind: 'veilig_thuis', legalBasis: 'wettelijke_taak', decision: 'TOEKENNEN' });
    const reviewCaseworker = rule({ organisationKind: 'veilig_thuis', decision: 'BEOORDELEN' });
    const rules = [refuseAll, grantVt, reviewCaseworker];
    expect(decideDisclosure(rules, question)).toMatchObject({ decision: 'TOEKENNEN', ruleId: grantVt.id });
    expect(decideDisclosure(rules, { ...question, legalBasis: 'toestemming' })).toEqual({
      decision: 'BEOORDELEN',
      ruleId: reviewCaseworker.id,
    });
    expect(decideDisclosure(rules, { ...question, organisationKind: 'police' })).toEqual({
      decision: 'WEIGEREN',
      code: 'beleid',
      reason: 'Alleen op wettelijke grondslag.',
      ruleId: refuseAll.id,
    });
  });

  it('lets the stricter of two equally specific rules win', () => {
    const grant = rule({ organisationKind: 'veilig_thuis', decision: 'TOEKENNEN' });
    const review = rule({ reason: 'veiligheidsbeoordeling', decision: 'BEOORDELEN' });
    const refuse = rule({ requesterRole: 'caseworker', decision: 'WEIGEREN' });
    expect(decideDisclosure([grant, review], question)).toEqual({ decision: 'BEOORDELEN', ruleId: review.id });
    expect(decideDisclosure([grant, review, refuse], question)).toMatchObject({
      decision: 'WEIGEREN',
      ruleId: refuse.id,
    });
  });

  it('matches every condition exactly: role, reason and legal basis', () => {
    const grant = rule({
      organisationKind: 'veilig_thuis',
      requesterRole: 'supervisor',
      reason: 'onderzoek',
      legalBasis: 'wettelijke_taak',
      decision: 'TOEKENNEN',
    });
    expect(decideDisclosure([grant], question).decision).toBe('BEOORDELEN');
    expect(decideDisclosure([grant], { ...question, requesterRole: 'supervisor', reason: 'onderzoek' })).toMatchObject({
      decision: 'TOEKENNEN',
    });
  });
});
