import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { Passkey } from './passkey.entity';
import { RecoveryCode } from './recovery-code.entity';
import { UserTotp } from './user-totp.entity';

/** A user's second factors: the TOTP secret, passkeys and recovery codes (stored as hashes). */
@Injectable()
export class SecondFactorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- TOTP ----

  totpOf(userId: string): Promise<UserTotp | null> {
    return this.dataSource.getRepository(UserTotp).findOne({ where: { userId } });
  }

  hasConfirmedTotp(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(UserTotp).exists({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  /** Writes a new, unconfirmed secret over any earlier one. */
  async saveTotp(totp: Pick<UserTotp, 'userId' | 'secretCiphertext' | 'secretKeyId'>): Promise<void> {
    const repository = this.dataSource.getRepository(UserTotp);
    await repository.save(repository.create({ ...totp, confirmedAt: null, lastTimeStep: null }));
  }

  async confirmTotp(transaction: Transaction, userId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(UserTotp).update(userId, { confirmedAt: new Date() });
  }

  /**
   * Makes `timeStep` the last one accepted, when it comes after it: in one statement, so two
   * requests with the same code cannot both use it. True when it did.
   */
  async advanceTotpStep(userId: string, timeStep: number): Promise<boolean> {
    const [, updated] = (await this.dataSource.query(
      `UPDATE user_totp SET last_time_step = $2
        WHERE user_id = $1 AND (last_time_step IS NULL OR last_time_step < $2)`,
      [userId, timeStep],
    )) as [unknown, number];
    return updated === 1;
  }

  async deleteTotp(transaction: Transaction, userId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(UserTotp).delete({ userId });
  }

  // ---- passkeys ----

  /** Oldest first. */
  passkeysOf(userId: string): Promise<Passkey[]> {
    return this.dataSource.getRepository(Passkey).find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  passkeyOf(userId: string, credentialId: string): Promise<Passkey | null> {
    return this.dataSource.getRepository(Passkey).findOne({ where: { userId, credentialId } });
  }

  /** Whether anyone has registered this credential. */
  passkeyExists(credentialId: string): Promise<boolean> {
    return this.dataSource.getRepository(Passkey).existsBy({ credentialId });
  }

  /** Throws the driver's unique violation (code 23505) when the credential is registered already. */
  addPasskey(
    transaction: Transaction,
    passkey: Pick<Passkey, 'userId' | 'credentialId' | 'publicKey' | 'counter' | 'transports' | 'name'>,
  ): Promise<Passkey> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(Passkey);
    return repository.save(repository.create(passkey));
  }

  async recordPasskeyUse(id: string, counter: string): Promise<void> {
    await this.dataSource.getRepository(Passkey).update(id, { counter, lastUsedAt: new Date() });
  }

  async deletePasskey(transaction: Transaction, id: string, userId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(Passkey).delete({ id, userId });
  }

  // ---- recovery codes ----

  unusedRecoveryCodes(userId: string, transaction?: Transaction): Promise<number> {
    const manager = transaction && managerOf(transaction);
    return this.manager(manager)
      .getRepository(RecoveryCode)
      .count({ where: { userId, usedAt: IsNull() } });
  }

  /** Uses the code, in one statement: two requests with the same code cannot both use it. True when it did. */
  async useRecoveryCode(userId: string, codeHash: Buffer): Promise<boolean> {
    const [, used] = (await this.dataSource.query(
      `UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, codeHash],
    )) as [unknown, number];
    return used === 1;
  }

  /** The user's codes become these; the old ones stop working. */
  async replaceRecoveryCodes(transaction: Transaction, userId: string, codeHashes: Buffer[]): Promise<void> {
    const manager = managerOf(transaction);
    const repository = manager.getRepository(RecoveryCode);
    await repository.delete({ userId });
    await repository.save(codeHashes.map((codeHash) => repository.create({ userId, codeHash })));
  }

  /** Every factor of the user: TOTP, passkeys and recovery codes. */
  async deleteAllOf(transaction: Transaction, userId: string): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(UserTotp).delete({ userId });
    await manager.getRepository(Passkey).delete({ userId });
    await manager.getRepository(RecoveryCode).delete({ userId });
  }
}
