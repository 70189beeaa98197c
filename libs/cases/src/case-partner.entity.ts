import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DATA_CATEGORIES = ['basic', 'safety', 'narrative'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export const LEGAL_BASES = ['statutory', 'consent'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** A netwerkpartner: an organisation's membership of one case network. Removal keeps the row. */
@Entity({ name: 'case_partners' })
export class CasePartner {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'case_seq', type: 'bigint' })
  caseSeq!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: LegalBasis;

  @Column({ name: 'legal_basis_ref', type: 'text' })
  legalBasisRef!: string;

  @Column({ type: 'text', array: true })
  categories!: DataCategory[];

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedBy!: string | null;
}
