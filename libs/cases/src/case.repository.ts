import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner, DataCategory } from './case-partner.entity';
import { EventCategory } from './case-record.entity';

export const CASE_ALIAS = 'c';
export const PARTNER_ALIAS = 'partner';

/** SQL condition (on alias `p`) for a membership that is in force: not removed, not expired. */
export const ACTIVE_PARTNER = `p.removed_at IS NULL AND (p.expires_at IS NULL OR p.expires_at > now())`;

/**
 * The organisations that number cases (a counter row a year each): a lookup by reference goes
 * through them to probe the (organisation, reference) key of `cases` once each, where the reference
 * alone would scan every case. Intake numbers each case from its organisation's counter in the
 * case's own transaction, so every case's organisation is here.
 */
export const NUMBERING_ORGANISATIONS = `SELECT n.organisation_id FROM case_reference_counters n`;

/** A timeline event as the store decided it; who acted comes from the reach. */
export interface EventRow {
  caseId: string;
  type: string;
  category: EventCategory;
  data: Record<string, unknown>;
  actorRole: string | null;
}

/**
 * The case store's own SQL: the case row and its network, each read through the caller's reach
 * (the `read CasePartner` rule: an active membership of the caller's organisation).
 */
@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): Transaction {
    return transactionOf(this.dataSource.manager);
  }

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /** Cases joined to the reach's membership, as `c` and `partner`. */
  visibleCases(reach: CaseReach, transaction: Transaction): SelectQueryBuilder<Case> {
    const manager = managerOf(transaction);
    const partners = manager.getRepository(CasePartner);
    return manager
      .getRepository(Case)
      .createQueryBuilder(CASE_ALIAS)
      .innerJoin(CasePartner, PARTNER_ALIAS, `${PARTNER_ALIAS}.caseId = ${CASE_ALIAS}.id`)
      .where(reach.where('read', 'CasePartner', PARTNER_ALIAS, partners.metadata));
  }

  /** The cases among `caseIds` in the reach, each with its membership's data categories. */
  async visibleAmong(
    reach: CaseReach,
    transaction: Transaction,
    caseIds: string[],
  ): Promise<{ case: Case; categories: DataCategory[] }[]> {
    if (caseIds.length === 0) return [];
    const { entities, raw } = await this.visibleCases(reach, transaction)
      .andWhere(`${CASE_ALIAS}.id IN (:...caseIds)`, { caseIds })
      .addSelect(`${PARTNER_ALIAS}.categories`, 'categories')
      .getRawAndEntities<{ c_id: string; categories: DataCategory[] }>();
    const categories = new Map(raw.map((row) => [row.c_id, row.categories]));
    return entities.map((c) => ({ case: c, categories: categories.get(c.id) ?? [] }));
  }

  membership(reach: CaseReach, transaction: Transaction, caseId: string): Promise<CasePartner | null> {
    const manager = managerOf(transaction);
    const partners = manager.getRepository(CasePartner);
    return partners
      .createQueryBuilder(PARTNER_ALIAS)
      .where(`${PARTNER_ALIAS}.caseId = :caseId`, { caseId })
      .andWhere(reach.where('read', 'CasePartner', PARTNER_ALIAS, partners.metadata))
      .getOne();
  }

  /** The case with the reach's membership of it; null outside the reach. */
  async readable(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
  ): Promise<{ case: Case; membership: CasePartner } | null> {
    const manager = managerOf(transaction);
    const membership = await this.membership(reach, transaction, caseId);
    if (!membership) return null;
    return { case: await manager.getRepository(Case).findOneByOrFail({ id: caseId }), membership };
  }

  /**
   * The case row locked for a write, then the reach's membership read under that lock (a removal
   * of the membership locks the case too, so it cannot slip in between); null outside the reach.
   */
  async lockForWrite(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
  ): Promise<{ case: Case; membership: CasePartner } | null> {
    const manager = managerOf(transaction);
    const locked = await manager
      .getRepository(Case)
      .createQueryBuilder(CASE_ALIAS)
      // Not FOR UPDATE: radar links to this case from another intake need only a key-share lock.
      .setLock('for_no_key_update')
      .where(`${CASE_ALIAS}.id = :caseId`, { caseId })
      .getOne();
    if (!locked) return null;
    const membership = await this.membership(reach, transaction, caseId);
    return membership ? { case: locked, membership } : null;
  }

  /** Whether the organisation is an active partner of a case in the reach. */
  async isActivePartner(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    organisationId: string,
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    const params: unknown[] = [caseId, organisationId];
    const rows = (await manager.query(
      `SELECT 1 FROM case_partners p
        WHERE p.case_id = $1 AND p.organisation_id = $2 AND ${ACTIVE_PARTNER}
          AND EXISTS (SELECT 1 FROM case_partners own
                       WHERE own.case_id = p.case_id AND ${reach.sql('read', 'CasePartner', 'own', params)})`,
      params,
    )) as unknown[];
    return rows.length > 0;
  }

  /** Adds a timeline event; the store has checked the write, so the reach names who acted. */
  async insertEvent(reach: CaseReach, transaction: Transaction, event: EventRow): Promise<void> {
    const manager = managerOf(transaction);
    const { principal } = reach;
    await manager.query(
      `INSERT INTO case_events (case_id, type, category, data, actor_user_id, actor_organisation_id, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        event.caseId,
        event.type,
        event.category,
        JSON.stringify(event.data),
        principal.userId,
        principal.organisationId,
        event.actorRole,
      ],
    );
  }
}
