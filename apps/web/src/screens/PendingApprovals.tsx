import { Heading2, Paragraph, TableBody, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api-types';
import { APPROVAL_OPERATIONS, formatDateTime, label } from '../labels';
import { AppLink, ColumnHeaders, DataTable } from '../ui';

/**
 * The approvals waiting in the supervisor's organisation, oldest first; each is decided on its
 * case's page (the requester's own requests are listed too, but only another supervisor decides).
 */
export function PendingApprovals() {
  const pending = useQuery({
    queryKey: ['approvals', 'pending'],
    queryFn: () => api<components['schemas']['PendingApprovalPageDto']>('GET', '/approvals?status=pending'),
  });
  return (
    <section aria-labelledby="goedkeuringen" className="vt-stack">
      <Heading2 id="goedkeuringen">Wachten op goedkeuring</Heading2>
      {pending.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {pending.isError && (
        <Paragraph>De verzoeken om goedkeuring konden niet worden geladen: {pending.error.message}</Paragraph>
      )}
      {pending.data?.items.length === 0 && <Paragraph>Er wacht niets op goedkeuring.</Paragraph>}
      {pending.data && pending.data.items.length > 0 && (
        <DataTable>
          <ColumnHeaders columns={['Casus', 'Verzoek', 'Gevraagd door', 'Beslissen vóór']} />
          <TableBody>
            {pending.data.items.map((a) => (
              <TableRow key={a.id}>
                <TableCell>
                  <AppLink to={`/casussen/${a.caseId}`}>{a.caseReference}</AppLink>
                </TableCell>
                <TableCell>{label(APPROVAL_OPERATIONS, a.operation)}</TableCell>
                <TableCell>
                  {a.requestedByName ?? '—'}, {formatDateTime(a.requestedAt)}
                </TableCell>
                <TableCell>{formatDateTime(a.dueAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
      {pending.data?.nextCursor && <Paragraph>Er wachten meer verzoeken; de oudste staan hierboven.</Paragraph>}
    </section>
  );
}
