import type { DetailRequestStatus } from '@vt/lookups-protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A detail request (verrijkingsverzoek) and its decision. It holds the subject's pseudonym, never
 * the BSN, and no data: granted categories are read from the person's record when the hub asks.
 */
@Entity({ name: 'detail_requests' })
export class DetailRequest {
  /** The interactieId the hub polls with. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'uuid' })
  transactionId!: string;

  @Column({ type: 'text' })
  requestingOrganisation!: string;

  @Column({ type: 'text' })
  requestingOrganisationKind!: string;

  @Column({ type: 'text' })
  requesterRole!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ type: 'text' })
  legalBasis!: string;

  @Column({ type: 'text' })
  caseReference!: string;

  /** The categories asked for; null means whatever the decision allows. */
  @Column({ type: 'text', array: true, nullable: true })
  questions!: string[] | null;

  @Column({ type: 'char', length: 64 })
  subjectPseudonym!: string;

  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ type: 'text' })
  status!: DetailRequestStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  grantedCategories!: string[];

  @Column({ type: 'text', nullable: true })
  refusalCode!: string | null;

  @Column({ type: 'text', nullable: true })
  refusalReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** `beleid:<rule id>`, `beleid:geen-regel` or `beheer:<reviewer>`. */
  @Column({ type: 'text', nullable: true })
  decidedBy!: string | null;
}
