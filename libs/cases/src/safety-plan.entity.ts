import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACTION_STATUSES = ['open', 'done', 'blocked'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An afspraak in the safety plan, assigned to a network organisation. */
@Entity({ name: 'case_actions' })
export class CaseAction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  assigneeOrganisationId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: ActionStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Doorzettingsmacht: the regisseur escalates to a partner organisation's supervisors. */
@Entity({ name: 'escalations' })
export class Escalation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid', nullable: true })
  actionId!: string | null;

  @Column({ type: 'uuid' })
  targetOrganisationId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  raisedBy!: string;

  @Column({ type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
