import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A melding. The reporter's identity is encrypted and never leaves the receiving organisation. */
@Entity({ name: 'reports' })
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'boolean' })
  acute!: boolean;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  reporterKind!: string;

  @Column({ type: 'bytea' })
  reporterCiphertext!: Buffer;

  @Column({ type: 'text' })
  reporterKeyId!: string;

  @Column({ type: 'text', array: true })
  violenceTypes!: string[];

  @Column({ type: 'text', array: true })
  redFlags!: string[];

  @Column({ type: 'text', nullable: true })
  narrative!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
