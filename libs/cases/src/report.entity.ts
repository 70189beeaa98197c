import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A melding. The reporter's identity is encrypted and never leaves the receiving organisation. */
@Entity({ name: 'reports' })
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'boolean' })
  acute!: boolean;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'reporter_kind', type: 'text' })
  reporterKind!: string;

  @Column({ name: 'reporter_ciphertext', type: 'bytea' })
  reporterCiphertext!: Buffer;

  @Column({ name: 'reporter_key_id', type: 'text' })
  reporterKeyId!: string;

  @Column({ name: 'violence_types', type: 'text', array: true })
  violenceTypes!: string[];

  @Column({ name: 'red_flags', type: 'text', array: true })
  redFlags!: string[];

  @Column({ type: 'text', nullable: true })
  narrative!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
