import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of regisseur: who, from whom, when, why. */
@Entity({ name: 'regie_assignments' })
export class RegieAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid', nullable: true })
  fromUserId!: string | null;

  @Column({ type: 'uuid' })
  fromOrganisationId!: string;

  @Column({ type: 'uuid' })
  toUserId!: string;

  @Column({ type: 'uuid' })
  toOrganisationId!: string;

  @Column({ type: 'uuid' })
  assignedBy!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  assignedAt!: Date;
}
