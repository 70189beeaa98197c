import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { DeadlineKind } from './deadline-kinds';

export { DEADLINE_KINDS, RECEIVING_ONLY_DEADLINE_KINDS } from './deadline-kinds';
export type { DeadlineKind } from './deadline-kinds';
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
