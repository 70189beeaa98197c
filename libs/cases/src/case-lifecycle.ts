import type { Phase } from './case.entity';
import { CasesException } from './cases.exception';

export type Transition =
  | 'assessment_close'
  | 'assessment_follow_up'
  | 'assessment_investigation'
  | 'investigation_follow_up'
  | 'investigation_close'
  | 'close';

/** DESIGN.md section 6: every allowed move, and nothing else. */
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

/** The phase after `transition`, or 409 naming the current phase. */
export function nextPhase(current: Phase, transition: Transition): Phase {
  const next = LIFECYCLE[current][transition];
  if (!next) throw CasesException.wrongPhase(current, PHASE_NAMES[current]);
  return next;
}

/** Writes on a closed case are refused the same way as a transition out of it. */
export function assertNotClosed(current: Phase): void {
  if (current === 'closed') throw CasesException.wrongPhase(current, PHASE_NAMES[current]);
}

/** Work that belongs to one phase (suspending or extending the investigation) is refused in any other. */
export function assertPhase(current: Phase, required: Phase): void {
  if (current !== required) throw CasesException.wrongPhase(current, PHASE_NAMES[current]);
}
