import { hashEntry } from '../../libs/audit/src';

/** An `audit_entries` row as `SELECT *` reads it. */
export interface AuditEntryRow {
  chain_id: string;
  seq: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_roles: string[];
  on_behalf_of: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  subject_organisation_id: string | null;
  case_id: string | null;
  person_refs: string[];
  purpose: string | null;
  legal_basis: string | null;
  outcome: string;
  request_id: string | null;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash of a stored row from its stored fields, linked to `prevHash` (default its own link). */
export function rehash(row: AuditEntryRow, prevHash = row.prev_hash): string {
  return hashEntry(
    row.chain_id,
    row.seq,
    {
      occurredAt: row.occurred_at,
      actorUserId: row.actor_user_id,
      actorOrganisationId: row.actor_organisation_id,
      actorRoles: row.actor_roles,
      onBehalfOf: row.on_behalf_of,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      subjectOrganisationId: row.subject_organisation_id,
      caseId: row.case_id,
      personRefs: row.person_refs,
      purpose: row.purpose,
      legalBasis: row.legal_basis,
      outcome: row.outcome,
      requestId: row.request_id,
      clientAddress: row.client_address,
    },
    prevHash,
  );
}
