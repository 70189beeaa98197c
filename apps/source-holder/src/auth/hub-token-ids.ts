import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HubPrincipal } from './hub-token.verifier';

/** Expired ids removed per claim: enough to keep the table at the size of the traffic of a few minutes. */
const PURGE_BATCH = 10;

/**
 * Single use of hub tokens: a token's id is claimed in the database on first use, and a second
 * use is refused until the token has expired (after which its signature check refuses it).
 */
@Injectable()
export class HubTokenIds {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True on the token's first use; false when its id was used before. Database errors propagate. */
  async claim(hub: HubPrincipal): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `WITH purged AS (
         DELETE FROM hub_token_ids WHERE (issuer, jti) IN (
           SELECT issuer, jti FROM hub_token_ids WHERE expires_at < now()
            LIMIT ${PURGE_BATCH} FOR UPDATE SKIP LOCKED))
       INSERT INTO hub_token_ids (issuer, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING jti`,
      [hub.issuer, hub.tokenId, hub.usableUntil],
    )) as unknown[];
    return rows.length === 1;
  }
}
