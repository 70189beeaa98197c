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

  @PrimaryColumn({ type: 'uuid' })
  chainId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  @Column({ type: 'text', array: true })
  actorRoles!: string[];

  @Column({ type: 'text', nullable: true })
  onBehalfOf!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ type: 'text' })
  subjectType!: string;

  @Column({ type: 'text', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  subjectOrganisationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'text', array: true })
  personRefs!: string[];

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  clientAddress!: string | null;

  @Column({ type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
