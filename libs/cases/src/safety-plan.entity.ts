import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACTION_STATUSES = ['open', 'done', 'blocked'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An afspraak in the safety plan, assigned to a network organisation. */
@Entity({ name: 'case_actions' })
export class CaseAction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'assignee_organisation_id', type: 'uuid' })
  assigneeOrganisationId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: ActionStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Doorzettingsmacht: the regisseur escalates to a partner organisation's supervisors. */
@Entity({ name: 'escalations' })
export class Escalation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'action_id', type: 'uuid', nullable: true })
  actionId!: string | null;

  @Column({ name: 'target_organisation_id', type: 'uuid' })
  targetOrganisationId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'raised_by', type: 'uuid' })
  raisedBy!: string;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
