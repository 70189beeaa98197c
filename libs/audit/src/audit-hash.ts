import { hash } from 'node:crypto';

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
 * A record's fields after the chain id and sequence number, in the one order both the hash and the
 * insert use: what is hashed is exactly what is stored.
 */
export function recordFields(record: AuditRecord) {
  return [
    record.occurredAt,
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
  ] as const;
}

/**
 * Canonical serialisation computed here, not by the database: a fixed field order, and the
 * timestamp as the exact millisecond ISO text that round-trips through timestamptz.
 */
export function hashEntry(chainId: string, seq: bigint | string, record: AuditRecord, prevHash: string): string {
  const [occurredAt, ...rest] = recordFields(record);
  const canonical = JSON.stringify([chainId, String(seq), occurredAt.toISOString(), ...rest, prevHash]);
  return hash('sha256', canonical);
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
/** Text JSON writes as it stands between quotes: no quote, backslash or control character. */
// eslint-disable-next-line no-control-regex -- the control characters JSON escapes are the point
const PLAIN = /^[^"\\\u0000-\u001f]*$/;

function uncopied(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c) : field;
}

/** A COPY text field as the JSON text `JSON.stringify` writes for the value it holds. */
function jsonOfField(field: string): string {
  if (field === '\\N') return 'null';
  const value = uncopied(field);
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

/**
 * A JSON array as PostgreSQL writes it: identical to `JSON.stringify` when nothing in it is
 * escaped; anything escaped is parsed and written again, so the text is exactly the canonical one.
 */
function jsonOfArray(field: string): string {
  return field.includes('\\') ? JSON.stringify(JSON.parse(uncopied(field))) : field;
}

/** A uuid column's COPY text: PostgreSQL writes canonical hex or `\\N`, nothing to escape. */
function jsonOfUuid(field: string): string {
  return field === '\\N' ? 'null' : `"${field}"`;
}

/**
 * Checks entries as verification streams them (PostgreSQL's COPY text format, the columns of
 * `AuditChainRepository.streamEntries`): the same serialisation as `hashEntry`, built from the
 * stored text without constructing the record, as verification reads a million of them.
 */
export function copiedEntryChecker(
  chainId: string,
): (fields: string[]) => { seq: string; prevHash: string; hash: string; intact: boolean } {
  const chain = JSON.stringify(chainId);
  return (fields) => {
    const canonical =
      `[${chain},"${fields[0]}","${fields[1]}",${jsonOfUuid(fields[2])},${jsonOfUuid(fields[3])},` +
      `${jsonOfArray(fields[4])},${jsonOfField(fields[5])},${jsonOfField(fields[6])},${jsonOfField(fields[7])},` +
      `${jsonOfField(fields[8])},${jsonOfUuid(fields[9])},${jsonOfUuid(fields[10])},${jsonOfArray(fields[11])},` +
      `${jsonOfField(fields[12])},${jsonOfField(fields[13])},${jsonOfField(fields[14])},${jsonOfField(fields[15])},` +
      `${jsonOfField(fields[16])},${jsonOfField(fields[17])}]`;
    return { seq: fields[0], prevHash: fields[17], hash: fields[18], intact: hash('sha256', canonical) === fields[18] };
  };
}
