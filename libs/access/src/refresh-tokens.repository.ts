import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

/** Sessions' refresh tokens, by family: rotation, reuse detection and revocation. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The token with this hash, locked for the rest of the transaction. */
  lockByHash(manager: EntityManager, tokenHash: Buffer): Promise<RefreshToken | null> {
    return manager
      .getRepository(RefreshToken)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :hash', { hash: tokenHash })
      .getOne();
  }

  findByHash(manager: EntityManager, tokenHash: Buffer): Promise<RefreshToken | null> {
    return manager.getRepository(RefreshToken).findOne({ where: { tokenHash } });
  }

  async add(
    manager: EntityManager,
    token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<RefreshToken> {
    const repository = manager.getRepository(RefreshToken);
    return repository.save(repository.create(token));
  }

  async markReplaced(manager: EntityManager, id: string, replacedBy: string): Promise<void> {
    await manager.getRepository(RefreshToken).update(id, { revokedAt: new Date(), replacedBy });
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
