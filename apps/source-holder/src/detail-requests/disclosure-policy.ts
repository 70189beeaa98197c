import type { DetailCategory } from '@vt/lookups-protocol';

export const DISCLOSURE_DECISIONS = ['TOEKENNEN', 'WEIGEREN', 'BEOORDELEN'] as const;
export type DisclosureDecision = (typeof DISCLOSURE_DECISIONS)[number];

export interface PolicyRule {
  id: number;
  organisationKind: string | null;
  requesterRole: string | null;
  reason: string | null;
  legalBasis: string | null;
  decision: DisclosureDecision;
  categories: string[];
  refusalReason: string | null;
}

export interface DisclosureQuestion {
  organisationKind: string;
  requesterRole: string;
  reason: string;
  legalBasis: string;
  /** The categories asked for; undefined means all the rule allows. */
  questions?: DetailCategory[];
}

export type PolicyOutcome =
  | { decision: 'TOEKENNEN'; categories: string[]; ruleId: number }
  | { decision: 'WEIGEREN'; code: 'beleid' | 'buiten_beleid'; reason: string; ruleId: number }
  | { decision: 'BEOORDELEN'; ruleId: number | null };

export const OUTSIDE_POLICY_REASON =
  'De gevraagde gegevens vallen buiten wat het beleid van deze bronhouder toestaat / ' +
  'the data asked for is outside what this source holder’s policy allows';

const CONDITIONS = ['organisationKind', 'requesterRole', 'reason', 'legalBasis'] as const;
/** Among rules that do not refine one another, the stricter wins. */
const STRICTNESS: Record<DisclosureDecision, number> = { WEIGEREN: 2, BEOORDELEN: 1, TOEKENNEN: 0 };

/**
 * Whether `a` refines `b`: it sets every condition `b` sets, and more. Both match the same
 * question, so where both set a condition they agree.
 */
function refines(a: PolicyRule, b: PolicyRule): boolean {
  const setA = CONDITIONS.filter((field) => a[field] !== null);
  const setB = CONDITIONS.filter((field) => b[field] !== null);
  return setA.length > setB.length && setB.every((field) => setA.includes(field));
}

/**
 * Decides a detail request from the policy table. A matching rule that refines another matching
 * rule (sets all of its conditions and more) overrides it: that is an explicit exception. Rules
 * that constrain different conditions do not override each other, however many conditions they
 * set; among the matching rules no other rule refines, the stricter decision wins (a refusal over
 * a review over a grant), and several grants release only the categories they all allow. With no
 * matching rule a person at the source decides: nothing leaves without a rule that grants it or a
 * person who does. A grant covers only the categories both allowed and asked for; when none
 * remain, the request is refused.
 */
export function decideDisclosure(rules: readonly PolicyRule[], question: DisclosureQuestion): PolicyOutcome {
  const matching = rules.filter((rule) =>
    CONDITIONS.every((field) => rule[field] === null || rule[field] === question[field]),
  );
  const deciding = matching
    .filter((rule) => !matching.some((other) => refines(other, rule)))
    .sort((a, b) => STRICTNESS[b.decision] - STRICTNESS[a.decision] || a.id - b.id);
  const [best] = deciding;
  if (!best) return { decision: 'BEOORDELEN', ruleId: null };
  if (best.decision === 'BEOORDELEN') return { decision: 'BEOORDELEN', ruleId: best.id };
  if (best.decision === 'WEIGEREN') {
    return {
      decision: 'WEIGEREN',
      code: 'beleid',
      reason: best.refusalReason ?? OUTSIDE_POLICY_REASON,
      ruleId: best.id,
    };
  }
  const asked = question.questions;
  const grants = deciding.filter((rule) => rule.decision === 'TOEKENNEN');
  const categories = best.categories.filter(
    (category) =>
      grants.every((grant) => grant.categories.includes(category)) &&
      (!asked || asked.includes(category as DetailCategory)),
  );
  if (categories.length === 0) {
    return { decision: 'WEIGEREN', code: 'buiten_beleid', reason: OUTSIDE_POLICY_REASON, ruleId: best.id };
  }
  return { decision: 'TOEKENNEN', categories, ruleId: best.id };
}
