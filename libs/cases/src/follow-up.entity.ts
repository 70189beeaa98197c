import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What the reporter is told of the follow-up: derived from the safety assessment's decision. */
export const FEEDBACK_FOLLOW_UPS = ['none', 'voluntary_help', 'investigation'] as const;
export type FeedbackFollowUp = (typeof FEEDBACK_FOLLOW_UPS)[number];
/** `none`: the reporter left no address; `skipped`: no SMTP configured. */
export type FeedbackEmailStatus = 'none' | 'pending' | 'sent' | 'failed' | 'skipped';

/** Terugkoppeling aan een professionele melder: that the report was taken up, and the kind of follow-up. */
@Entity({ name: 'reporter_feedback' })
export class ReporterFeedback {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  reportId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  followUp!: FeedbackFollowUp;

  /** How the feedback went, for the file (never sent). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text' })
  emailStatus!: FeedbackEmailStatus;

  /** The reporter's address, sealed, only while the mail is still to be delivered. */
  @Column({ type: 'bytea', nullable: true, select: false })
  emailCiphertext!: Buffer | null;

  @Column({ type: 'text', nullable: true, select: false })
  emailKeyId!: string | null;

  @Column({ type: 'integer', default: 0 })
  emailAttempts!: number;

  /** The relay's code of the last failed attempt (never its text, which may repeat the address). */
  @Column({ type: 'text', nullable: true })
  emailError!: string | null;

  /** When the next attempt is due, while `pending`. */
  @Column({ type: 'timestamptz', nullable: true })
  emailNextAt!: Date | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}

export const FOLLOW_UP_OUTCOMES = ['safe', 'concern', 'new_report_needed'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** A check on a closed case, at a configured interval after closing; its term is a deadline. */
@Entity({ name: 'follow_up_checks' })
export class FollowUpCheck {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  /** The interval as configured at closing (`4w`). */
  @Column({ type: 'text' })
  interval!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', nullable: true })
  outcome!: FollowUpOutcome | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  recordedAt!: Date | null;
}

export const REQUESTER_KINDS = ['professional', 'citizen', 'police'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

/** Adviesvraag: a consultation without a case; the requester's identity sealed, or none (anonymous). */
@Entity({ name: 'advice_requests' })
export class AdviceRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'timestamptz' })
  askedAt!: Date;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  @Column({ type: 'text' })
  requesterKind!: RequesterKind;

  @Column({ type: 'text', nullable: true })
  requesterOrganisationKind!: string | null;

  @Column({ type: 'bytea', nullable: true })
  requesterCiphertext!: Buffer | null;

  @Column({ type: 'text', nullable: true })
  requesterKeyId!: string | null;

  @Column({ type: 'text', array: true })
  subjects!: string[];

  @Column({ type: 'text' })
  question!: string;

  @Column({ type: 'text' })
  advice!: string;

  @Column({ type: 'integer' })
  durationMinutes!: number;

  @Column({ type: 'uuid' })
  adviserUserId!: string;

  /** The case the adviser turned it into, with its report. */
  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;
}
