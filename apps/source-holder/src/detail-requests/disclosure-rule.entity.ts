import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DisclosureDecision } from './disclosure-policy';

/** One row of the disclosure policy; a null condition matches anything. */
@Entity({ name: 'disclosure_rules' })
export class DisclosureRule {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ name: 'organisation_kind', type: 'text', nullable: true })
  organisationKind!: string | null;

  @Column({ name: 'requester_role', type: 'text', nullable: true })
  requesterRole!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text' })
  decision!: DisclosureDecision;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories!: string[];

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason!: string | null;
}
