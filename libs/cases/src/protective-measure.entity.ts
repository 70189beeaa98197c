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

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  type!: ProtectiveMeasureType;

  /** The person the measure restricts (a ban, monitoring). */
  @Column({ type: 'uuid', nullable: true })
  subjectPersonId!: string | null;

  /** The person it protects (an alarm device, the other side of a ban). */
  @Column({ type: 'uuid', nullable: true })
  protectedPersonId!: string | null;

  /** Who imposed or provides it: the public prosecutor, the court, the mayor, the police. */
  @Column({ type: 'text' })
  authority!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'text' })
  status!: ProtectiveMeasureStatus;

  @Column({ type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedBy!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
