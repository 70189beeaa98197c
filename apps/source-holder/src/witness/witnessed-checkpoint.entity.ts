import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One audit checkpoint the hub handed this source holder to witness: a chain head (chain, seq,
 * hash) at the moment the hub signed it. Kept per hub (the token's issuer); the database refuses
 * UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'witnessed_checkpoints' })
export class WitnessedCheckpoint {
  /** The hub whose token brought the checkpoint, never a field of the body. */
  @PrimaryColumn({ type: 'text' })
  issuer!: string;

  @PrimaryColumn({ type: 'uuid' })
  chainId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'text' })
  keyId!: string;

  @Column({ type: 'text' })
  signature!: string;

  /** By this source holder's clock, not the hub's. */
  @Column({ type: 'timestamptz' })
  receivedAt!: Date;
}
