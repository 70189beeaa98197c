import type { AuditEntryView } from './audit-query.service';

/**
 * Semicolons, as in the lead-time export: what a Dutch spreadsheet opens as columns. Quoting
 * follows RFC 4180 all the same.
 */
const SEPARATOR = ';';
/** Lets a spreadsheet read the file as UTF-8 (names with accents) instead of guessing. */
const BYTE_ORDER_MARK = '\uFEFF';
/** A spreadsheet runs a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Commas too: a program that takes the comma for the separator still reads one cell. */
const NEEDS_QUOTES = /[";,\r\n]/;

const COLUMNS: { heading: string; value: (e: AuditEntryView) => string | null }[] = [
  { heading: 'Keten', value: (e) => e.chainId },
  { heading: 'Volgnummer', value: (e) => e.seq },
  { heading: 'Tijdstip (UTC)', value: (e) => e.occurredAt.toISOString() },
  { heading: 'Handeling', value: (e) => e.action },
  { heading: 'Uitkomst', value: (e) => e.outcome },
  { heading: 'Onderwerp', value: (e) => e.subjectType },
  { heading: 'Onderwerp-id', value: (e) => e.subjectId },
  { heading: 'Organisatie van het onderwerp', value: (e) => e.subjectOrganisationId },
  { heading: 'Casus-id', value: (e) => e.caseId },
  { heading: 'Gebruiker', value: (e) => e.actor?.name ?? null },
  { heading: 'Organisatie van de gebruiker', value: (e) => e.actor?.organisationName ?? null },
  { heading: 'Gebruiker-id', value: (e) => e.actorUserId },
  { heading: 'Organisatie-id van de gebruiker', value: (e) => e.actorOrganisationId },
  { heading: 'Rollen', value: (e) => e.actorRoles.join(',') },
  { heading: 'Namens', value: (e) => e.onBehalfOf },
  { heading: 'Personen', value: (e) => e.personRefs.join(',') },
  { heading: 'Doel', value: (e) => e.purpose },
  { heading: 'Grondslag', value: (e) => e.legalBasis },
  { heading: 'Verzoek-id', value: (e) => e.requestId },
  { heading: 'Adres van de client', value: (e) => e.clientAddress },
  { heading: 'Hash', value: (e) => e.hash },
];

/** One cell: a formula start defused with a leading quote, then quoted where RFC 4180 asks. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const line = (cells: (string | null)[]) => `${cells.map(csvCell).join(SEPARATOR)}\r\n`;

/** The export's text: the header line first, then each chunk's lines as one piece. */
export async function* auditCsv(chunks: AsyncIterable<AuditEntryView[]>): AsyncGenerator<string> {
  yield BYTE_ORDER_MARK + line(COLUMNS.map((c) => c.heading));
  for await (const entries of chunks) {
    yield entries.map((e) => line(COLUMNS.map((c) => c.value(e)))).join('');
  }
}
