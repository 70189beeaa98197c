import { PHASES } from './case.entity';
import { LIFECYCLE, nextPhase, Transition } from './case-lifecycle';
import { CasesException } from './cases.exception';

const TRANSITIONS: Transition[] = [
  'assessment_close',
  'assessment_follow_up',
  'assessment_investigation',
  'investigation_follow_up',
  'investigation_close',
  'close',
];

describe('case lifecycle', () => {
  it.each([
    ['triage', 'assessment_close', 'closed'],
    ['triage', 'assessment_follow_up', 'follow_up'],
    ['triage', 'assessment_investigation', 'investigation'],
    ['investigation', 'investigation_follow_up', 'follow_up'],
    ['investigation', 'investigation_close', 'closed'],
    ['follow_up', 'close', 'closed'],
  ] as const)('%s --%s--> %s', (from, transition, to) => {
    expect(nextPhase(from, transition)).toBe(to);
  });

  it('refuses every other move with 409 naming the phase', () => {
    for (const phase of PHASES) {
      for (const transition of TRANSITIONS.filter((t) => !LIFECYCLE[phase][t])) {
        let error: unknown;
        try {
          nextPhase(phase, transition);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(CasesException);
        expect((error as CasesException).code).toBe('cases.wrong_phase');
        expect((error as CasesException).details).toEqual([{ field: 'phase', message: phase }]);
      }
    }
  });
});
