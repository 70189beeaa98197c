import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DataSource } from 'typeorm';
import type { OrganisationKind } from './roles';

/** How other contexts name an organisation and tell its kind. */
export interface OrganisationCard {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
}

/** Whom to call at an organisation: its name and its desk. */
export interface OrganisationDesk {
  id: string;
  name: string;
  contact: string | null;
}

/** Where an organisation lies against another's region: the same region, or any other. */
export type RegionOf = { sameAs: string } | { otherThan: string };

@Injectable()
export class OrganisationDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The organisations with these ids, by name; inside the caller's transaction when given one. */
  byIds(ids: string[], transaction?: Transaction): Promise<OrganisationCard[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return manager.query(`SELECT id, slug, name, kind FROM organisations WHERE id = ANY ($1) ORDER BY name`, [ids]);
  }

  /** The desks of the organisations with these ids, by name; inside the caller's transaction when given one. */
  desks(ids: string[], transaction?: Transaction): Promise<OrganisationDesk[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return manager.query(`SELECT id, name, contact FROM organisations WHERE id = ANY ($1) ORDER BY name`, [ids]);
  }

  /**
   * The ids of the organisations of a kind in (or outside) another organisation's region, in id
   * order; none when that organisation does not exist.
   */
  async ofKind(kind: OrganisationKind, region: RegionOf, transaction?: Transaction): Promise<string[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const [operator, other] = 'sameAs' in region ? ['=', region.sameAs] : ['<>', region.otherThan];
    const rows = (await manager.query(
      `SELECT id FROM organisations
        WHERE kind = $1 AND region ${operator} (SELECT region FROM organisations WHERE id = $2) ORDER BY id`,
      [kind, other],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}
