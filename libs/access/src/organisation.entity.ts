import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationKind } from './roles';

@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganisationKind;

  @Column({ type: 'text' })
  region!: string;

  /** Whom other organisations call about its cases (the regie holder's desk, the radar's hits). */
  @Column({ type: 'text', nullable: true })
  contact!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
