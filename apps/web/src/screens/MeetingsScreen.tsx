import { Alert, Paragraph, TableBody, TableCell, TableRow } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api-types';
import { formatDateTime } from '../labels';
import { hasRole, useSession } from '../session';
import { AppLink, ColumnHeaders, DataTable, ScreenTitle } from '../ui';

/** The meetings the caller's organisation takes part in; a chair plans new ones from here. */
export function MeetingsListScreen() {
  const { user } = useSession();
  const meetings = useQuery({
    queryKey: ['meetings'],
    queryFn: () => api<components['schemas']['MeetingPageDto']>('GET', '/meetings'),
  });
  return (
    <div className="vt-stack">
      <ScreenTitle title="Overleggen">Overleggen</ScreenTitle>
      {hasRole(user, 'chair') && (
        <Paragraph>
          <AppLink to="/overleg/nieuw">Overleg plannen</AppLink>
        </Paragraph>
      )}
      {meetings.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {meetings.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De overleggen konden niet worden geladen: {meetings.error.message}</Paragraph>
        </Alert>
      )}
      {meetings.data && meetings.data.items.length === 0 && <Paragraph>Geen overleggen.</Paragraph>}
      {meetings.data && meetings.data.items.length > 0 && (
        <DataTable>
          <ColumnHeaders columns={['Overleg', 'Gepland', 'Status']} />
          <TableBody>
            {meetings.data.items.map((m) => (
              <TableRow key={m.id}>
                <TableCell>
                  <AppLink to={`/overleg/${m.id}`}>
                    {m.kindName} van {formatDateTime(m.scheduledAt)}
                  </AppLink>
                </TableCell>
                <TableCell>{formatDateTime(m.scheduledAt)}</TableCell>
                <TableCell>{m.status === 'closed' ? 'Gesloten' : 'Open'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
    </div>
  );
}
