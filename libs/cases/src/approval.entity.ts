import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The case operations that wait for a second pair of eyes (docs/approvals.md). */
export const APPROVAL_OPERATIONS = ['close', 'record_safety_assessment'] as const;
export type ApprovalOperation = (typeof APPROVAL_OPERATIONS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/**
 * Vier ogen: a requested step that a supervisor of the regie organisation other than the
 * requester approves (the step then happens) or rejects (the case stays as it was).
 */
@Entity({ name: 'approvals' })
export class Approval {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  /** The step that waits: closing the case, or the close decided by a safety assessment. */
  @Column({ type: 'text' })
  operation!: ApprovalOperation;

  /** The close reason the requester gave; null for a safety assessment (its summary is on the case). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  status!: ApprovalStatus;

  @Column({ type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
