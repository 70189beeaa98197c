import { Injectable } from '@nestjs/common';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial, IsNull } from 'typeorm';
import { CasePartner } from './case-partner.entity';
import { ChildCheck, ChildProtectionReferral } from './child-check.entity';

/**
 * Children's checks, the board's referral and the board's membership, read and written on a case
 * the caller's membership already found (CaseStore), on the manager of that read or write.
 */
@Injectable()
export class ChildChecksRepository {
  /** The children of the case without a `child_check` deadline yet. */
  async childrenWithoutDeadline(transaction: Transaction, caseId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `SELECT DISTINCT cp.person_id FROM case_persons cp
        WHERE cp.case_id = $1 AND cp.role = 'child'
          AND NOT EXISTS (SELECT 1 FROM deadline_terms d
                           WHERE d.case_id = $1 AND d.kind = 'child_check' AND d.subject_id = cp.person_id)`,
      [caseId],
    )) as { person_id: string }[];
    return rows.map((row) => row.person_id);
  }

  async hasChildren(transaction: Transaction, caseId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    const children = (await manager.query(`SELECT 1 FROM case_persons WHERE case_id = $1 AND role = 'child' LIMIT 1`, [
      caseId,
    ])) as unknown[];
    return children.length > 0;
  }

  /** The person's roles in the case; none for a person outside it. */
  async roles(transaction: Transaction, caseId: string, personId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(`SELECT role FROM case_persons WHERE case_id = $1 AND person_id = $2`, [
      caseId,
      personId,
    ])) as { role: string }[];
    return rows.map((row) => row.role);
  }

  check(transaction: Transaction, caseId: string, personId: string): Promise<ChildCheck | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(ChildCheck).findOneBy({ caseId, personId });
  }

  checks(transaction: Transaction, caseId: string): Promise<ChildCheck[]> {
    const manager = managerOf(transaction);
    return manager.getRepository(ChildCheck).findBy({ caseId });
  }

  saveCheck(transaction: Transaction, check: DeepPartial<ChildCheck>): Promise<ChildCheck> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(ChildCheck);
    return repository.save(repository.create(check));
  }

  referral(transaction: Transaction, caseId: string): Promise<ChildProtectionReferral | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(ChildProtectionReferral).findOneBy({ caseId });
  }

  referred(transaction: Transaction, caseId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    return manager.getRepository(ChildProtectionReferral).existsBy({ caseId });
  }

  createReferral(transaction: Transaction, referral: DeepPartial<ChildProtectionReferral>) {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(ChildProtectionReferral);
    return repository.save(repository.create(referral));
  }

  /**
   * The board's membership raised to `grant`, or added with it; an expired one is ended first, as
   * when a partner is invited again. Whether the board had an active membership.
   */
  async joinNetwork(
    transaction: Transaction,
    member: { caseId: string; caseSeq: string; organisationId: string; by: string; at: Date },
    grant: Pick<CasePartner, 'legalBasis' | 'legalBasisRef' | 'categories' | 'expiresAt'>,
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    const partners = manager.getRepository(CasePartner);
    await manager.query(
      `UPDATE case_partners SET removed_at = now(), removed_by = $3
        WHERE case_id = $1 AND organisation_id = $2 AND removed_at IS NULL AND expires_at <= now()`,
      [member.caseId, member.organisationId, member.by],
    );
    const active = await partners.findOneBy({
      caseId: member.caseId,
      organisationId: member.organisationId,
      removedAt: IsNull(),
    });
    if (active) await partners.update(active.id, grant);
    else {
      await partners.insert({
        caseId: member.caseId,
        caseSeq: member.caseSeq,
        organisationId: member.organisationId,
        ...grant,
        addedBy: member.by,
        addedAt: member.at,
      });
    }
    return active !== null;
  }
}
