import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** Rotation keeps one family per login; reuse of a rotated token revokes the whole family. */
  @Column({ type: 'uuid' })
  familyId!: string;

  /** SHA-256 of the token; the token itself is never stored. */
  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  replacedBy!: string | null;

  /**
   * When the session last proved the second factor (sign-in, a confirmed factor, a step-up); NULL:
   * never. Read as the latest of the family's tokens, so a step-up racing a rotation is not lost.
   */
  @Column({ type: 'timestamptz', nullable: true })
  secondFactorAt!: Date | null;
}
