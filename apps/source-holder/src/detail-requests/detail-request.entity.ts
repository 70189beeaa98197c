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

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId!: string;

  @Column({ name: 'requesting_organisation', type: 'text' })
  requestingOrganisation!: string;

  @Column({ name: 'requesting_organisation_kind', type: 'text' })
  requestingOrganisationKind!: string;

  @Column({ name: 'requester_role', type: 'text' })
  requesterRole!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  purpose!: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  @Column({ name: 'case_reference', type: 'text' })
  caseReference!: string;

  /** The categories asked for; null means whatever the decision allows. */
  @Column({ type: 'text', array: true, nullable: true })
  questions!: string[] | null;

  @Column({ name: 'subject_pseudonym', type: 'char', length: 64 })
  subjectPseudonym!: string;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ type: 'text' })
  status!: DetailRequestStatus;

  @Column({ name: 'granted_categories', type: 'text', array: true, default: () => "'{}'" })
  grantedCategories!: string[];

  @Column({ name: 'refusal_code', type: 'text', nullable: true })
  refusalCode!: string | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** `beleid:<rule id>`, `beleid:geen-regel` or `beheer:<reviewer>`. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;
}
