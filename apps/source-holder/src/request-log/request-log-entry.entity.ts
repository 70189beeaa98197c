import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One protocol request as this source holder received it. The database refuses UPDATE, DELETE and
 * TRUNCATE. Refused requests are logged too, so all but the time and status may be unknown.
 */
@Entity({ name: 'request_log' })
export class RequestLogEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'transaction_id', type: 'uuid', nullable: true })
  transactionId!: string | null;

  /** Taken from the credential, never from a header. */
  @Column({ name: 'requesting_organisation', type: 'text', nullable: true })
  requestingOrganisation!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  /** A pseudonym or the case reference, never a plain BSN. */
  @Column({ name: 'subject_ref', type: 'text', nullable: true })
  subjectRef!: string | null;

  @Column({ name: 'answer_class', type: 'text', nullable: true })
  answerClass!: string | null;

  /** The HTTP status of the answer. */
  @Column({ type: 'int' })
  status!: number;
}
