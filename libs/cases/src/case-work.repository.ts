import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, DeepPartial, IsNull, QueryDeepPartialEntity } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner } from './case-partner.entity';
import { CaseNote } from './case-record.entity';
import { ACTIVE_PARTNER } from './case-store';
import { RegieAssignment } from './regie-assignment.entity';

/**
 * The case row, its network (case_partners), regie assignments and notes, as the case's work
 * changes them. Methods on a case take the caller's reach first; the case itself was found and
 * locked through it by CaseStore, so statements by case id need no further condition.
 */
@Injectable()
export class CaseWorkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The pool's handle, for a read outside a transaction. */
  get manager(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  updateCase(reach: CaseReach, transaction: Transaction, caseId: string, changes: QueryDeepPartialEntity<Case>) {
    const manager = managerOf(transaction);
    return manager.getRepository(Case).update(caseId, changes);
  }

  /** The organisation holding regie may not drop out of its own case by expiry. */
  async keepMembershipOpen(reach: CaseReach, transaction: Transaction, caseId: string, organisationId: string) {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE case_partners SET expires_at = NULL WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL`,
      [caseId, organisationId],
    );
  }

  async recordRegieAssignment(reach: CaseReach, transaction: Transaction, assignment: Omit<RegieAssignment, 'id'>) {
    const manager = managerOf(transaction);
    await manager.getRepository(RegieAssignment).insert(assignment);
  }

  /**
   * The organisations active in the case's network: whose users may take its regie, which police
   * hear of a breach. The membership condition is on each partner, not the caller, so no rule of
   * the reach states it.
   */
  async activePartners(reach: CaseReach, transaction: Transaction, caseId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `SELECT p.organisation_id AS id FROM case_partners p WHERE p.case_id = $1 AND ${ACTIVE_PARTNER}`,
      [caseId],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Ends an expired membership, so the organisation can be invited again. */
  async endExpiredMembership(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    organisationId: string,
    userId: string,
  ) {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE case_partners SET removed_at = now(), removed_by = $3
        WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL AND expires_at <= now()`,
      [caseId, organisationId, userId],
    );
  }

  /** The organisation's membership that is not removed (expired or not). */
  currentMembership(reach: CaseReach, transaction: Transaction, caseId: string, organisationId: string) {
    const manager = managerOf(transaction);
    return manager.getRepository(CasePartner).findOneBy({ caseId, organisationId, removedAt: IsNull() });
  }

  addMembership(reach: CaseReach, transaction: Transaction, partner: DeepPartial<CasePartner>): Promise<CasePartner> {
    const manager = managerOf(transaction);
    const partners = manager.getRepository(CasePartner);
    return partners.save(partners.create(partner));
  }

  /** Ends the organisation's membership now; its id, or null when it had none. */
  async removeMembership(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    organisationId: string,
    userId: string,
  ): Promise<string | null> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `UPDATE case_partners SET removed_at = now(), removed_by = $3
        WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL RETURNING id`,
      [caseId, organisationId, userId],
    )) as [{ id: string }[], number];
    return rows[1] === 0 ? null : rows[0][0].id;
  }

  /** The actions the organisation owes the case and the escalations addressed to it. */
  async owedBy(reach: CaseReach, transaction: Transaction, caseId: string, organisationId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `SELECT id FROM case_actions WHERE case_id = $1 AND assignee_organisation_id = $2
       UNION SELECT id FROM escalations WHERE case_id = $1 AND target_organisation_id = $2`,
      [caseId, organisationId],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  addNote(reach: CaseReach, transaction: Transaction, note: DeepPartial<CaseNote>): Promise<CaseNote> {
    const manager = managerOf(transaction);
    const notes = manager.getRepository(CaseNote);
    return notes.save(notes.create(note));
  }
}
