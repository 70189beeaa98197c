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

  it('lets a rule that refines another win, whatever its decision', () => {
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

  it('never lets a grant on other conditions override a refusal, however many conditions it sets', () => {
    const neverOnConsent = rule({ legalBasis: 'toestemming', decision: 'WEIGEREN', refusalReason: 'Nooit.' });
    const grantResearch = rule({ organisationKind: 'veilig_thuis', reason: 'onderzoek', decision: 'TOEKENNEN' });
    const consent = { ...question, reason: 'onderzoek', legalBasis: 'toestemming' };
    expect(decideDisclosure([neverOnConsent, grantResearch], consent)).toMatchObject({
      decision: 'WEIGEREN',
      ruleId: neverOnConsent.id,
    });
    expect(
      decideDisclosure([neverOnConsent, grantResearch], { ...consent, legalBasis: 'wettelijke_taak' }),
    ).toMatchObject({
      decision: 'TOEKENNEN',
      ruleId: grantResearch.id,
    });
  });

  it('lets a rule that adds conditions to a refusal override it, as an explicit exception', () => {
    const neverOnConsent = rule({ legalBasis: 'toestemming', decision: 'WEIGEREN', refusalReason: 'Nooit.' });
    const exceptVt = rule({ legalBasis: 'toestemming', organisationKind: 'veilig_thuis', decision: 'TOEKENNEN' });
    const grantResearch = rule({ organisationKind: 'veilig_thuis', reason: 'onderzoek', decision: 'TOEKENNEN' });
    const consent = { ...question, legalBasis: 'toestemming' };
    expect(decideDisclosure([neverOnConsent, exceptVt], consent)).toMatchObject({
      decision: 'TOEKENNEN',
      ruleId: exceptVt.id,
    });
    expect(decideDisclosure([neverOnConsent, exceptVt], { ...consent, organisationKind: 'police' })).toMatchObject({
      decision: 'WEIGEREN',
      ruleId: neverOnConsent.id,
    });
    // Two grants that do not refine each other: only what both allow.
    const both = [
      neverOnConsent,
      { ...exceptVt, categories: ['betrokkenheid', 'maatregelen'] },
      { ...grantResearch, categories: ['maatregelen', 'veiligheid'] },
    ];
    expect(decideDisclosure(both, { ...consent, reason: 'onderzoek' })).toEqual({
      decision: 'TOEKENNEN',
      categories: ['maatregelen'],
      ruleId: exceptVt.id,
    });
  });

  it('lets the stricter of two rules that do not refine each other win', () => {
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
