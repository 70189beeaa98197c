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

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'follow_up', type: 'text' })
  followUp!: FeedbackFollowUp;

  /** How the feedback went, for the file (never sent). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'email_status', type: 'text' })
  emailStatus!: FeedbackEmailStatus;

  /** The reporter's address, sealed, only while the mail is still to be delivered. */
  @Column({ name: 'email_ciphertext', type: 'bytea', nullable: true, select: false })
  emailCiphertext!: Buffer | null;

  @Column({ name: 'email_key_id', type: 'text', nullable: true, select: false })
  emailKeyId!: string | null;

  @Column({ name: 'email_attempts', type: 'integer', default: 0 })
  emailAttempts!: number;

  /** The relay's code of the last failed attempt (never its text, which may repeat the address). */
  @Column({ name: 'email_error', type: 'text', nullable: true })
  emailError!: string | null;

  /** When the next attempt is due, while `pending`. */
  @Column({ name: 'email_next_at', type: 'timestamptz', nullable: true })
  emailNextAt!: Date | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

export const FOLLOW_UP_OUTCOMES = ['safe', 'concern', 'new_report_needed'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** A check on a closed case, at a configured interval after closing; its term is a deadline. */
@Entity({ name: 'follow_up_checks' })
export class FollowUpCheck {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The interval as configured at closing (`4w`). */
  @Column({ type: 'text' })
  interval!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', nullable: true })
  outcome!: FollowUpOutcome | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
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

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'asked_at', type: 'timestamptz' })
  askedAt!: Date;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  @Column({ name: 'requester_kind', type: 'text' })
  requesterKind!: RequesterKind;

  @Column({ name: 'requester_organisation_kind', type: 'text', nullable: true })
  requesterOrganisationKind!: string | null;

  @Column({ name: 'requester_ciphertext', type: 'bytea', nullable: true })
  requesterCiphertext!: Buffer | null;

  @Column({ name: 'requester_key_id', type: 'text', nullable: true })
  requesterKeyId!: string | null;

  @Column({ type: 'text', array: true })
  subjects!: string[];

  @Column({ type: 'text' })
  question!: string;

  @Column({ type: 'text' })
  advice!: string;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes!: number;

  @Column({ name: 'adviser_user_id', type: 'uuid' })
  adviserUserId!: string;

  /** The case the adviser turned it into, with its report. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;
}
