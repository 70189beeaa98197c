import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A WebAuthn credential of a user; a user may have several. */
@Entity({ name: 'user_passkeys' })
export class Passkey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** base64url, as the browser reports it. */
  @Column({ type: 'text' })
  credentialId!: string;

  @Column({ type: 'bytea' })
  publicKey!: Buffer;

  /** The authenticator's signature counter; one that goes back betrays a cloned authenticator. */
  @Column({ type: 'bigint' })
  counter!: string;

  @Column({ type: 'text', array: true })
  transports!: string[];

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
