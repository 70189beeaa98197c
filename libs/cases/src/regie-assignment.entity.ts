import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of regisseur: who, from whom, when, why. */
@Entity({ name: 'regie_assignments' })
export class RegieAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'from_user_id', type: 'uuid', nullable: true })
  fromUserId!: string | null;

  @Column({ name: 'from_organisation_id', type: 'uuid' })
  fromOrganisationId!: string;

  @Column({ name: 'to_user_id', type: 'uuid' })
  toUserId!: string;

  @Column({ name: 'to_organisation_id', type: 'uuid' })
  toOrganisationId!: string;

  @Column({ name: 'assigned_by', type: 'uuid' })
  assignedBy!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;
}
