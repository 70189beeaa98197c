import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Transaction } from '@vt/database';
import { DeadlineCase, DeadlineCaseFacts, PausedTerm } from '@vt/deadlines';
import { DeadlineCaseFactsRepository } from './deadline-case-facts.repository';

/** The deadline alerts run as the system: the timers decide which cases they cover. */
const DEADLINE_ALERTS = CaseReach.system('deadline alerts');

/** The cases context's side of DEADLINE_CASE_FACTS: what the deadline alerts need of a case. */
@Injectable()
export class DeadlineCaseFactsService implements DeadlineCaseFacts {
  constructor(private readonly repository: DeadlineCaseFactsRepository) {}

  async cases(manager: Transaction, caseIds: readonly string[]): Promise<Map<string, DeadlineCase>> {
    const cases = await this.repository.cases(DEADLINE_ALERTS, manager, caseIds);
    return new Map(
      cases.map((found) => [
        found.id,
        {
          reference: found.reference,
          organisationId: found.organisation_id,
          regieOrganisationId: found.regie_organisation_id,
          regisseurUserId: found.regisseur_user_id,
        },
      ]),
    );
  }

  /** A suspended investigation's term stands still until the suspension ends (which moves it). */
  async pausedTerms(
    manager: Transaction,
    of: { regieOrganisationId: string } | { caseId: string },
  ): Promise<PausedTerm[]> {
    const caseIds = await this.repository.suspendedCases(DEADLINE_ALERTS, manager, of);
    return caseIds.map((caseId) => ({ caseId, kind: 'investigation' }));
  }
}
