import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Expired ids removed per claim: enough to keep the table at the size of the traffic of a few minutes. */
const PURGE_BATCH = 10;

/** The hub token ids used so far, each kept until its token expires. */
@Injectable()
export class HubTokenIdsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds the id unless it is held; true when added. Removes a batch of expired ids on the way. */
  async add(issuer: string, tokenId: string, expiresAt: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `WITH purged AS (
         DELETE FROM hub_token_ids WHERE (issuer, jti) IN (
           SELECT issuer, jti FROM hub_token_ids WHERE expires_at < now()
            LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED))
       INSERT INTO hub_token_ids (issuer, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING jti`,
      [issuer, tokenId, expiresAt],
    )) as unknown[];
    return rows.length === 1;
  }
}
