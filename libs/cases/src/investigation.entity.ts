import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Opschorting of the investigation: the term stands still from its start until its end. */
@Entity({ name: 'investigation_suspensions' })
export class InvestigationSuspension {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'started_by', type: 'uuid' })
  startedBy!: string;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedBy!: string | null;

  /** Working days given back to the term when the suspension ended. */
  @Column({ name: 'working_days', type: 'integer', nullable: true })
  workingDays!: number | null;
}

/** Verlenging of the investigation by a supervisor of the regie organisation. */
@Entity({ name: 'investigation_extensions' })
export class InvestigationExtension {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  weeks!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'previous_due_at', type: 'timestamptz' })
  previousDueAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'extended_by', type: 'uuid' })
  extendedBy!: string;

  @Column({ name: 'extended_at', type: 'timestamptz' })
  extendedAt!: Date;
}
