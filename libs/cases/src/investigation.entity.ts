import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Opschorting of the investigation: the term stands still from its start until its end. */
@Entity({ name: 'investigation_suspensions' })
export class InvestigationSuspension {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'uuid' })
  startedBy!: string;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy!: string | null;

  /** Working days given back to the term when the suspension ended. */
  @Column({ type: 'integer', nullable: true })
  workingDays!: number | null;
}

/** Verlenging of the investigation by a supervisor of the regie organisation. */
@Entity({ name: 'investigation_extensions' })
export class InvestigationExtension {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  weeks!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  previousDueAt!: Date;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'uuid' })
  extendedBy!: string;

  @Column({ type: 'timestamptz' })
  extendedAt!: Date;
}
