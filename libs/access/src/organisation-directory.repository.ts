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

@Injectable()
export class OrganisationDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The organisations with these ids, by name; inside the caller's transaction when given one. */
  byIds(ids: string[], transaction?: Transaction): Promise<OrganisationCard[]> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    return manager.query(`SELECT id, slug, name, kind FROM organisations WHERE id = ANY ($1) ORDER BY name`, [ids]);
  }
}
