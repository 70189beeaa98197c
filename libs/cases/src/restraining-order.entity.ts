import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Tijdelijk huisverbod, imposed by the mayor and registered on the case. */
@Entity({ name: 'restraining_orders' })
export class RestrainingOrder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'imposed_at', type: 'timestamptz' })
  imposedAt!: Date;

  /** Who imposed it: the mayor, or the officer holding the mayor's mandate. */
  @Column({ name: 'imposed_by', type: 'text' })
  imposedBy!: string;

  /** The current end: day 10 after imposition, later when extended. */
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'extended_by', type: 'uuid', nullable: true })
  extendedBy!: string | null;

  @Column({ name: 'extended_at', type: 'timestamptz', nullable: true })
  extendedAt!: Date | null;
}
