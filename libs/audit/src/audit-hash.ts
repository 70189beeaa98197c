import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
/** The chain for events without an organisation (for example a login with an unknown e-mail). */
export const ANONYMOUS_CHAIN = '00000000-0000-0000-0000-000000000000';

export interface AuditRecord {
  occurredAt: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  actorRoles: string[];
  onBehalfOf: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  subjectOrganisationId: string | null;
  caseId: string | null;
  personRefs: string[];
  purpose: string | null;
  legalBasis: string | null;
  outcome: string;
  requestId: string | null;
  clientAddress: string | null;
}

/**
 * Canonical serialisation computed here, not by the database: a fixed field order, and the
 * timestamp as the exact millisecond ISO text that round-trips through timestamptz.
 */
export function hashEntry(chainId: string, seq: bigint | string, record: AuditRecord, prevHash: string): string {
  const canonical = JSON.stringify([
    chainId,
    String(seq),
    record.occurredAt.toISOString(),
    record.actorUserId,
    record.actorOrganisationId,
    record.actorRoles,
    record.onBehalfOf,
    record.action,
    record.subjectType,
    record.subjectId,
    record.subjectOrganisationId,
    record.caseId,
    record.personRefs,
    record.purpose,
    record.legalBasis,
    record.outcome,
    record.requestId,
    record.clientAddress,
    prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
