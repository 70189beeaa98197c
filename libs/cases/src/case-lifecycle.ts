import type { Phase } from './case.entity';
import { CasesException } from './cases.exception';

export type Transition =
  | 'assessment_close'
  | 'assessment_follow_up'
  | 'assessment_investigation'
  | 'investigation_follow_up'
  | 'investigation_close'
  | 'close';

/** The case lifecycle: every allowed move, and nothing else. */
export const LIFECYCLE: Readonly<Record<Phase, Partial<Record<Transition, Phase>>>> = {
  triage: { assessment_close: 'closed', assessment_follow_up: 'follow_up', assessment_investigation: 'investigation' },
  investigation: { investigation_follow_up: 'follow_up', investigation_close: 'closed' },
  follow_up: { close: 'closed' },
  closed: {},
};

const PHASE_NAMES: Record<Phase, string> = {
  triage: 'triage',
  investigation: 'onderzoek',
  follow_up: 'vervolg',
  closed: 'afgesloten',
};

/** 409 naming the current phase: for a transition or for work the phase does not allow. */
export function phaseRefusal(current: Phase): CasesException {
  return CasesException.wrongPhase(current, PHASE_NAMES[current]);
}

/** The phase after `transition`, or 409 naming the current phase. */
export function nextPhase(current: Phase, transition: Transition): Phase {
  const next = LIFECYCLE[current][transition];
  if (!next) throw phaseRefusal(current);
  return next;
}
