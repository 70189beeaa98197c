import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

/** Sessions' refresh tokens, by family: rotation, reuse detection and revocation. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  /** The token with this hash, locked for the rest of the transaction. */
  lockByHash(transaction: Transaction, tokenHash: Buffer): Promise<RefreshToken | null> {
    const manager = managerOf(transaction);
    return manager
      .getRepository(RefreshToken)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :hash', { hash: tokenHash })
      .getOne();
  }

  findByHash(transaction: Transaction, tokenHash: Buffer): Promise<RefreshToken | null> {
    const manager = managerOf(transaction);
    return manager.getRepository(RefreshToken).findOne({ where: { tokenHash } });
  }

  async add(
    transaction: Transaction,
    token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'> &
      Partial<Pick<RefreshToken, 'secondFactorAt'>>,
  ): Promise<RefreshToken> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(RefreshToken);
    return repository.save(repository.create(token));
  }

  async markReplaced(transaction: Transaction, id: string, replacedBy: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(RefreshToken).update(id, { revokedAt: new Date(), replacedBy });
  }

  async revokeFamily(transaction: Transaction, familyId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** When the session last proved the second factor; null: never (or no such session). */
  async secondFactorAt(familyId: string, userId: string): Promise<Date | null> {
    const [row] = (await this.dataSource.query(
      `SELECT max(second_factor_at) AS at FROM refresh_tokens WHERE family_id = $1 AND user_id = $2`,
      [familyId, userId],
    )) as { at: Date | null }[];
    return row?.at ?? null;
  }

  /**
   * Records a proof of the second factor on every token of the session's family: one rotated at
   * the same moment still carries it, and the family's latest is read.
   */
  async markSecondFactor(familyId: string, userId: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(RefreshToken).update({ familyId, userId }, { secondFactorAt: at });
  }

  async revokeAllFor(transaction: Transaction, userId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
