import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource } from 'typeorm';
import type { Capability } from './source-holder-registry.service';

export interface SourceHolderRow {
  id: string;
  source_id: string;
  organisation_id: string;
  base_url: string;
  capabilities: Capability[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
  pseudonym_key_ciphertext: Buffer;
  pseudonym_key_key_id: string;
}

/** The columns a registration sets, its key sealed. */
export interface SourceHolderValues {
  organisationId: string;
  baseUrl: string;
  capabilities: Capability[];
  active: boolean;
  pseudonymKeyCiphertext: Buffer;
  pseudonymKeyKeyId: string;
}

/** The registry of source holders (table source_holders). */
@Injectable()
export class SourceHoldersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  all(): Promise<SourceHolderRow[]> {
    return this.dataSource.query(`SELECT s.* FROM source_holders s ORDER BY s.source_id`);
  }

  withCapability(capability: Capability): Promise<SourceHolderRow[]> {
    return this.dataSource.query(
      `SELECT s.* FROM source_holders s WHERE s.active AND $1 = ANY (s.capabilities) ORDER BY s.source_id`,
      [capability],
    );
  }

  async byId(id: string, transaction?: Transaction, lock = false): Promise<SourceHolderRow | undefined> {
    const manager = transaction ? managerOf(transaction) : this.dataSource.manager;
    const [row] = (await manager.query(
      `SELECT s.* FROM source_holders s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
      [id],
    )) as SourceHolderRow[];
    return row;
  }

  /** The organisation's first active holder that takes detail requests. */
  async detailHolderOf(organisationId: string): Promise<string | undefined> {
    const [holder] = (await this.dataSource.query(
      `SELECT id FROM source_holders
        WHERE organisation_id = $1 AND active AND 'detail' = ANY (capabilities)
        ORDER BY source_id LIMIT 1`,
      [organisationId],
    )) as { id: string }[];
    return holder?.id;
  }

  async organisationOf(transaction: Transaction, id: string): Promise<string> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(`SELECT organisation_id FROM source_holders WHERE id = $1`, [id])) as {
      organisation_id: string;
    }[];
    return row.organisation_id;
  }

  async sourceIdTaken(transaction: Transaction, sourceId: string): Promise<boolean> {
    const manager = managerOf(transaction);
    const taken = (await manager.query(`SELECT 1 FROM source_holders WHERE source_id = $1`, [sourceId])) as [];
    return taken.length > 0;
  }

  async insert(transaction: Transaction, sourceId: string, values: SourceHolderValues): Promise<string> {
    const manager = managerOf(transaction);
    const [created] = (await manager.query(
      `INSERT INTO source_holders
         (source_id, organisation_id, base_url, capabilities, pseudonym_key_ciphertext, pseudonym_key_key_id, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        sourceId,
        values.organisationId,
        values.baseUrl,
        values.capabilities,
        values.pseudonymKeyCiphertext,
        values.pseudonymKeyKeyId,
        values.active,
      ],
    )) as { id: string }[];
    return created.id;
  }

  async update(transaction: Transaction, id: string, values: SourceHolderValues): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `UPDATE source_holders
          SET organisation_id = $2, base_url = $3, capabilities = $4, active = $5,
              pseudonym_key_ciphertext = $6, pseudonym_key_key_id = $7, updated_at = now()
        WHERE id = $1`,
      [
        id,
        values.organisationId,
        values.baseUrl,
        values.capabilities,
        values.active,
        values.pseudonymKeyCiphertext,
        values.pseudonymKeyKeyId,
      ],
    );
  }
}
