import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One protocol request as this source holder received it. The database refuses UPDATE, DELETE and
 * TRUNCATE. Refused requests are logged too, so all but the time and status may be unknown.
 */
@Entity({ name: 'request_log' })
export class RequestLogEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  transactionId!: string | null;

  /** Taken from the credential, never from a header. */
  @Column({ type: 'text', nullable: true })
  requestingOrganisation!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis!: string | null;

  /** A pseudonym or the case reference, never a plain BSN. */
  @Column({ type: 'text', nullable: true })
  subjectRef!: string | null;

  @Column({ type: 'text', nullable: true })
  answerClass!: string | null;

  /** Method and route pattern, e.g. `POST /bekendheid/v1/bevragingen`. */
  @Column({ type: 'text', nullable: true })
  operation!: string | null;

  /** The hub that signed the token, and the token's id. */
  @Column({ type: 'text', nullable: true })
  issuer!: string | null;

  @Column({ type: 'text', nullable: true })
  tokenId!: string | null;

  @Column({ type: 'text', nullable: true })
  requestingOrganisationKind!: string | null;

  @Column({ type: 'text', nullable: true })
  requesterRole!: string | null;

  /** redenVerzoek. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  caseReference!: string | null;

  /** The detail request this entry is about. */
  @Column({ type: 'uuid', nullable: true })
  interactionId!: string | null;

  /** The trace id of a valid `traceparent`. */
  @Column({ type: 'text', nullable: true })
  traceId!: string | null;

  /** Why a request was refused (which check of the credential failed, for example). */
  @Column({ type: 'text', nullable: true })
  denialReason!: string | null;

  @Column({ type: 'text', nullable: true })
  clientAddress!: string | null;

  /** The OIN header of a custody question (BRP API Gezag): the organisation asking, by its OIN. */
  @Column({ type: 'text', nullable: true })
  requesterOin!: string | null;

  /** The HTTP status of the answer. */
  @Column({ type: 'int' })
  status!: number;
}
