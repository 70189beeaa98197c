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

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'bigint' })
  caseSeq!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  legalBasis!: LegalBasis;

  @Column({ type: 'text' })
  legalBasisRef!: string;

  @Column({ type: 'text', array: true })
  categories!: DataCategory[];

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ type: 'timestamptz' })
  addedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedBy!: string | null;
}
