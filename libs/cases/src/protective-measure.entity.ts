import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Contactverbod, gebiedsverbod, enkelband, AWARE-alarm. */
export const PROTECTIVE_MEASURE_TYPES = ['contact_ban', 'area_ban', 'electronic_monitoring', 'victim_alarm'] as const;
export type ProtectiveMeasureType = (typeof PROTECTIVE_MEASURE_TYPES)[number];
export type ProtectiveMeasureStatus = 'active' | 'ended';

/** A protective measure other than the restraining order, registered on the case. */
@Entity({ name: 'protective_measures' })
export class ProtectiveMeasure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  type!: ProtectiveMeasureType;

  /** The person the measure restricts (a ban, monitoring). */
  @Column({ name: 'subject_person_id', type: 'uuid', nullable: true })
  subjectPersonId!: string | null;

  /** The person it protects (an alarm device, the other side of a ban). */
  @Column({ name: 'protected_person_id', type: 'uuid', nullable: true })
  protectedPersonId!: string | null;

  /** Who imposed or provides it: the public prosecutor, the court, the mayor, the police. */
  @Column({ type: 'text' })
  authority!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'text' })
  status!: ProtectiveMeasureStatus;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedBy!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
