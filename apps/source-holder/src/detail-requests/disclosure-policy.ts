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
/** On a tie between equally specific rules the stricter wins. */
const STRICTNESS: Record<DisclosureDecision, number> = { WEIGEREN: 2, BEOORDELEN: 1, TOEKENNEN: 0 };

/**
 * Decides a detail request from the policy table. The most specific matching rule (most
 * conditions set) wins, the stricter on a tie. With no matching rule a person at the source
 * decides: nothing leaves without a rule that grants it or a person who does. A grant covers only
 * the categories both allowed and asked for; when none remain, the request is refused.
 */
export function decideDisclosure(rules: readonly PolicyRule[], question: DisclosureQuestion): PolicyOutcome {
  const matching = rules.filter((rule) =>
    CONDITIONS.every((field) => rule[field] === null || rule[field] === question[field]),
  );
  const specificity = (rule: PolicyRule) => CONDITIONS.filter((field) => rule[field] !== null).length;
  const [best] = [...matching].sort(
    (a, b) => specificity(b) - specificity(a) || STRICTNESS[b.decision] - STRICTNESS[a.decision] || a.id - b.id,
  );
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
  const categories = asked
    ? best.categories.filter((category) => asked.includes(category as DetailCategory))
    : best.categories;
  if (categories.length === 0) {
    return { decision: 'WEIGEREN', code: 'buiten_beleid', reason: OUTSIDE_POLICY_REASON, ruleId: best.id };
  }
  return { decision: 'TOEKENNEN', categories, ruleId: best.id };
}
