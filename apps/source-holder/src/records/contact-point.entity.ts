import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Whom a professional calls about a person: the person's own worker or a team. */
@Entity({ name: 'contact_points' })
export class ContactPoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The source's own key for it (the seed matches on it). */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;
}
