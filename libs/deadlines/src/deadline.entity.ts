import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DEADLINE_KINDS = [
  'safety_assessment',
  'investigation',
  'restraining_order_advice',
  'restraining_order_end',
  'action',
  'escalation_response',
  'child_check',
  'approval',
  'protective_measure_end',
  'reporter_feedback',
  'follow_up_check',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/**
 * Terms only the receiving organisation sees: feedback is owed to a professional reporter, and
 * that a report came from a professional is the reporter's data, which never leaves it.
 */
export const RECEIVING_ONLY_DEADLINE_KINDS: readonly DeadlineKind[] = ['reporter_feedback'];
export const DEADLINE_STATUSES = ['open', 'met', 'breached', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** A termijn. The row is the truth; timers (next issue) are derived from its id, version and dueAt. */
@Entity({ name: 'deadlines' })
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  kind!: DeadlineKind;

  /** The action, escalation or order the deadline belongs to; null for the case's own terms. */
  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: DeadlineStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Working days between dueAt and completion; 0 when met in time. */
  @Column({ type: 'integer', nullable: true })
  lateWorkingDays!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  breachedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;
}
