import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP secret, sealed with the data encryption keys; it counts once a first code confirmed it. */
@Entity({ name: 'user_totp' })
export class UserTotp {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'bytea' })
  secretCiphertext!: Buffer;

  @Column({ type: 'text' })
  secretKeyId!: string;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The newest time step a code was accepted for: a code is good once, also within its window. */
  @Column({ type: 'bigint', nullable: true })
  lastTimeStep!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
