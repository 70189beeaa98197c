import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeadlineKind } from '@vt/deadlines';
import { ACTIVE_PARTNER } from './case-store';

/** What a breach or reminder writes to and reads of the cases: their timelines, who owes the work, who is in the network. */
@Injectable()
export class DeadlineNoticesRepository {
  /** A `deadline_breached` event on each case's timeline, with the breach's time. */
  async recordBreaches(
    reach: CaseReach,
    transaction: Transaction,
    breaches: { caseId: string; data: string }[],
    breachedAt: Date,
  ): Promise<void> {
    const manager = managerOf(transaction);
    const params: unknown[] = [breaches.map((b) => b.caseId), breaches.map((b) => b.data), breachedAt];
    await manager.query(
      `INSERT INTO case_events (case_id, type, category, data, occurred_at)
       SELECT e.case_id, 'deadline_breached', 'basic', e.data::jsonb, $3 FROM unnest($1::uuid[], $2::text[]) AS e(case_id, data)
        WHERE ${reach.sql('read', 'Case', 'e', params)}`,
      params,
    );
  }

  /** The organisation owing an action (its assignee) or an escalation (its target); none for other kinds. */
  async owingOrganisation(
    reach: CaseReach,
    transaction: Transaction,
    kind: DeadlineKind,
    subjectId: string | null,
  ): Promise<string | null> {
    const manager = managerOf(transaction);
    const params: unknown[] = [kind, subjectId];
    const owing = (await manager.query(
      `SELECT assignee_organisation_id AS id FROM case_actions a WHERE $1 = 'action' AND id = $2 AND ${reach.sql('read', 'CaseAction', 'a', params)}
       UNION ALL SELECT target_organisation_id FROM escalations e WHERE $1 = 'escalation_response' AND id = $2 AND ${reach.sql('read', 'Escalation', 'e', params)}`,
      params,
    )) as { id: string }[];
    return owing[0]?.id ?? null;
  }

  /** Of these (case, organisation) pairs, those whose membership is in force, as `case/organisation`. */
  async activePartners(
    reach: CaseReach,
    transaction: Transaction,
    pairs: { caseId: string; organisationId: string }[],
  ): Promise<Set<string>> {
    const manager = managerOf(transaction);
    const params: unknown[] = [pairs.map((pair) => pair.caseId), pairs.map((pair) => pair.organisationId)];
    const active = (await manager.query(
      `SELECT DISTINCT p.case_id, p.organisation_id
         FROM unnest($1::uuid[], $2::uuid[]) AS a(case_id, organisation_id)
         JOIN case_partners p ON p.case_id = a.case_id AND p.organisation_id = a.organisation_id
        WHERE ${ACTIVE_PARTNER} AND ${reach.sql('read', 'CasePartner', 'p', params)}`,
      params,
    )) as { case_id: string; organisation_id: string }[];
    return new Set(active.map((row) => `${row.case_id}/${row.organisation_id}`));
  }
}
