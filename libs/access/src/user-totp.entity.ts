import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP secret, sealed with the data encryption keys; it counts once a first code confirmed it. */
@Entity({ name: 'user_totp' })
export class UserTotp {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'secret_ciphertext', type: 'bytea' })
  secretCiphertext!: Buffer;

  @Column({ name: 'secret_key_id', type: 'text' })
  secretKeyId!: string;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The newest time step a code was accepted for: a code is good once, also within its window. */
  @Column({ name: 'last_time_step', type: 'bigint', nullable: true })
  lastTimeStep!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
