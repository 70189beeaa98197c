import { Transaction } from '@vt/database';
import { DeadlineKind } from './deadline.entity';

/** What the alerts about a deadline need to know of its case. */
export interface DeadlineCase {
  reference: string;
  /** The organisation the case belongs to: the subject organisation of the breach's audit entry. */
  organisationId: string;
  regieOrganisationId: string;
  regisseurUserId: string | null;
}

/** A term that stands still: this case's open deadline of this kind is not breached meanwhile. */
export interface PausedTerm {
  caseId: string;
  kind: DeadlineKind;
}

/**
 * The case context's answers to the deadline alerts. Declared here and provided by the cases
 * context under DEADLINE_CASE_FACTS, so that deadlines need not import cases (which imports
 * deadlines). Both read in the caller's transaction.
 */
export interface DeadlineCaseFacts {
  /** The cases of these ids, by id. */
  cases(manager: Transaction, caseIds: readonly string[]): Promise<Map<string, DeadlineCase>>;
  /** The terms standing still, of the cases one organisation holds regie over, or of one case. */
  pausedTerms(manager: Transaction, of: { regieOrganisationId: string } | { caseId: string }): Promise<PausedTerm[]>;
}

export const DEADLINE_CASE_FACTS = Symbol('DEADLINE_CASE_FACTS');
