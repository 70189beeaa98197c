import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DisclosureDecision } from './disclosure-policy';

/** One row of the disclosure policy; a null condition matches anything. */
@Entity({ name: 'disclosure_rules' })
export class DisclosureRule {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text', nullable: true })
  organisationKind!: string | null;

  @Column({ type: 'text', nullable: true })
  requesterRole!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text' })
  decision!: DisclosureDecision;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories!: string[];

  @Column({ type: 'text', nullable: true })
  refusalReason!: string | null;
}
