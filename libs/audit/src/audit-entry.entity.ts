import { Column, Entity, PrimaryColumn } from 'typeorm';

export const AUDIT_ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'search',
  'export',
  'lookup',
  'login',
  'logout',
  'denied',
  'verify',
  'checkpoint',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One NEN 7513 style entry. The database refuses UPDATE and DELETE on this table. */
@Entity({ name: 'audit_entries' })
export class AuditEntry {
  @Column({ type: 'bigint', insert: false, update: false })
  id!: string;

  @PrimaryColumn({ name: 'chain_id', type: 'uuid' })
  chainId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles!: string[];

  @Column({ name: 'on_behalf_of', type: 'text', nullable: true })
  onBehalfOf!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'subject_organisation_id', type: 'uuid', nullable: true })
  subjectOrganisationId!: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'person_refs', type: 'text', array: true })
  personRefs!: string[];

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress!: string | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
