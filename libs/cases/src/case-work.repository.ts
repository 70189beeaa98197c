import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach, Organisation, User } from '@vt/access';
import { DataSource, DeepPartial, EntityManager, IsNull, QueryDeepPartialEntity } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner } from './case-partner.entity';
import { CaseNote } from './case-record.entity';
import { ACTIVE_PARTNER } from './case-store';
import { RegieAssignment } from './regie-assignment.entity';

/** The roles a regisseur holds one of. */
export const REGIE_ROLES = ['caseworker', 'supervisor'];

export interface RegisseurCandidateRow {
  userId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  roles: string[];
}

/**
 * The case row, its network (case_partners), regie assignments and notes, as the case's work
 * changes them. Methods on a case take the caller's reach first; the case itself was found and
 * locked through it by CaseStore, so statements by case id need no further condition.
 */
@Injectable()
export class CaseWorkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The pool's manager, for a read outside a transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  updateCase(reach: CaseReach, manager: EntityManager, caseId: string, changes: QueryDeepPartialEntity<Case>) {
    return manager.getRepository(Case).update(caseId, changes);
  }

  /** The organisation holding regie may not drop out of its own case by expiry. */
  async keepMembershipOpen(reach: CaseReach, manager: EntityManager, caseId: string, organisationId: string) {
    await manager.query(
      `UPDATE case_partners SET expires_at = NULL WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL`,
      [caseId, organisationId],
    );
  }

  async recordRegieAssignment(reach: CaseReach, manager: EntityManager, assignment: Omit<RegieAssignment, 'id'>) {
    await manager.getRepository(RegieAssignment).insert(assignment);
  }

  eligibleRegisseur(reach: CaseReach, manager: EntityManager, caseId: string, userId: string): Promise<User | null> {
    return this.eligibleUsers(manager, caseId).andWhere('u.id = :userId', { userId }).getOne();
  }

  /** The eligible users other than the current regisseur, by organisation name and name. */
  async regisseurCandidates(
    reach: CaseReach,
    manager: EntityManager,
    caseId: string,
    currentUserId: string | null,
  ): Promise<RegisseurCandidateRow[]> {
    return (await this.eligibleUsers(manager, caseId)
      .innerJoin(Organisation, 'o', 'o.id = u.organisationId')
      .andWhere('u.id IS DISTINCT FROM :current', { current: currentUserId })
      .select(['u.id AS "userId"', 'u.name AS name', 'u.organisationId AS "organisationId"'])
      .addSelect('o.name', 'organisationName')
      .addSelect('u.roles', 'roles')
      .orderBy('o.name')
      .addOrderBy('u.name')
      .getRawMany()) as RegisseurCandidateRow[];
  }

  /**
   * Active caseworkers and supervisors of the case's active network organisations. The membership
   * condition is on each user's organisation, not the caller's, so no rule of the reach states it.
   */
  private eligibleUsers(manager: EntityManager, caseId: string) {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.active')
      .andWhere('u.roles && CAST(:regieRoles AS text[])', { regieRoles: REGIE_ROLES })
      .andWhere(
        `EXISTS (SELECT 1 FROM case_partners p WHERE p.case_id = :caseId AND p.organisation_id = u.organisation_id AND ${ACTIVE_PARTNER})`,
        { caseId },
      );
  }

  /** An organisation's kind and name (OrganisationsService offers no read of one organisation). */
  async organisation(manager: EntityManager, id: string): Promise<{ kind: string; name: string } | undefined> {
    const [org] = (await manager.query(`SELECT kind, name FROM organisations WHERE id = $1`, [id])) as {
      kind: string;
      name: string;
    }[];
    return org;
  }

  /** Ends an expired membership, so the organisation can be invited again. */
  async endExpiredMembership(
    reach: CaseReach,
    manager: EntityManager,
    caseId: string,
    organisationId: string,
    userId: string,
  ) {
    await manager.query(
      `UPDATE case_partners SET removed_at = now(), removed_by = $3
        WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL AND expires_at <= now()`,
      [caseId, organisationId, userId],
    );
  }

  /** The organisation's membership that is not removed (expired or not). */
  currentMembership(reach: CaseReach, manager: EntityManager, caseId: string, organisationId: string) {
    return manager.getRepository(CasePartner).findOneBy({ caseId, organisationId, removedAt: IsNull() });
  }

  addMembership(reach: CaseReach, manager: EntityManager, partner: DeepPartial<CasePartner>): Promise<CasePartner> {
    const partners = manager.getRepository(CasePartner);
    return partners.save(partners.create(partner));
  }

  /** Ends the organisation's membership now; its id, or null when it had none. */
  async removeMembership(
    reach: CaseReach,
    manager: EntityManager,
    caseId: string,
    organisationId: string,
    userId: string,
  ): Promise<string | null> {
    const rows = (await manager.query(
      `UPDATE case_partners SET removed_at = now(), removed_by = $3
        WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL RETURNING id`,
      [caseId, organisationId, userId],
    )) as [{ id: string }[], number];
    return rows[1] === 0 ? null : rows[0][0].id;
  }

  /** The actions the organisation owes the case and the escalations addressed to it. */
  async owedBy(reach: CaseReach, manager: EntityManager, caseId: string, organisationId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM case_actions WHERE case_id = $1 AND assignee_organisation_id = $2
       UNION SELECT id FROM escalations WHERE case_id = $1 AND target_organisation_id = $2`,
      [caseId, organisationId],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  addNote(reach: CaseReach, manager: EntityManager, note: DeepPartial<CaseNote>): Promise<CaseNote> {
    const notes = manager.getRepository(CaseNote);
    return notes.save(notes.create(note));
  }
}
