import { TableCell } from '@utrecht/component-library-react';
import type { AuditEntry } from '../api-models';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, AUDIT_SUBJECTS, formatDateTime, label } from '../labels';

export const AUDIT_ENTRY_COLUMNS = ['Tijdstip', 'Handeling', 'Onderwerp', 'Gebruiker', 'Uitkomst'];

/** Who acted: by name; without a user the system did, and a user since removed is unknown. */
function actorText(entry: AuditEntry): string {
  if (entry.actor) return `${entry.actor.name} (${entry.actor.organisationName})`;
  return entry.actorUserId ? 'onbekende gebruiker' : 'systeem';
}

/** The cells of `AUDIT_ENTRY_COLUMNS` for one regel, in Dutch; a refusal or failure in bold. */
export function AuditEntryCells({ entry }: { entry: AuditEntry }) {
  const outcome = label(AUDIT_OUTCOMES, entry.outcome);
  return (
    <>
      <TableCell>{formatDateTime(entry.occurredAt)}</TableCell>
      <TableCell>{label(AUDIT_ACTIONS, entry.action)}</TableCell>
      <TableCell>
        {label(AUDIT_SUBJECTS, entry.subjectType)}
        {entry.caseId ? ` (casus ${entry.caseId})` : ''}
      </TableCell>
      <TableCell>{actorText(entry)}</TableCell>
      <TableCell>{entry.outcome === 'success' ? outcome : <strong>{outcome}</strong>}</TableCell>
    </>
  );
}
