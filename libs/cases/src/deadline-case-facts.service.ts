import { Injectable } from '@nestjs/common';
import { DeadlineCase, DeadlineCaseFacts, PausedTerm } from '@vt/deadlines';
import { EntityManager, In } from 'typeorm';
import { Case } from './case.entity';
import { InvestigationSuspension } from './investigation.entity';

/** The cases context's side of DEADLINE_CASE_FACTS: what the deadline alerts need of a case. */
@Injectable()
export class DeadlineCaseFactsService implements DeadlineCaseFacts {
  async cases(manager: EntityManager, caseIds: readonly string[]): Promise<Map<string, DeadlineCase>> {
    const cases = await manager.getRepository(Case).find({
      select: { id: true, reference: true, organisationId: true, regieOrganisationId: true, regisseurUserId: true },
      where: { id: In([...caseIds]) },
    });
    return new Map(
      cases.map((found) => [
        found.id,
        {
          reference: found.reference,
          organisationId: found.organisationId,
          regieOrganisationId: found.regieOrganisationId,
          regisseurUserId: found.regisseurUserId,
        },
      ]),
    );
  }

  /** A suspended investigation's term stands still until the suspension ends (which moves it). */
  async pausedTerms(
    manager: EntityManager,
    of: { regieOrganisationId: string } | { caseId: string },
  ): Promise<PausedTerm[]> {
    const qb = manager
      .getRepository(InvestigationSuspension)
      .createQueryBuilder('s')
      .select('s.caseId', 'caseId')
      .where('s.endedAt IS NULL');
    if ('caseId' in of) qb.andWhere('s.caseId = :caseId', { caseId: of.caseId });
    else {
      qb.innerJoin(Case, 'c', 'c.id = s.caseId').andWhere('c.regieOrganisationId = :regie', {
        regie: of.regieOrganisationId,
      });
    }
    const rows = await qb.getRawMany<{ caseId: string }>();
    return rows.map(({ caseId }) => ({ caseId, kind: 'investigation' }));
  }
}
