import {
  Alert,
  Button,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api-types';
import { DEADLINE_KINDS, formatDateTime, label } from '../labels';
import type { DeadlineSet } from './DashboardScreen';
import { AppLink, ColumnHeaders, DataTable, DeadlineCountdown, ScreenTitle } from '../ui';

const SETS: Record<DeadlineSet, { title: string; query: Record<string, string> }> = {
  'op-tijd': { title: 'Lopende termijnen, nog niet verlopen', query: { status: 'open' } },
  'bijna-verlopen': { title: 'Termijnen die bijna verlopen', query: { atRisk: 'true' } },
  verlopen: { title: 'Verlopen termijnen, nog niet afgerond', query: { status: 'breached' } },
};

const PAGE_SIZE = 50;

/**
 * The terms behind one figure of the dashboard, soonest due first, each with its case: the
 * figure opened as a list. The set and the kind come from the address, so the link can be kept.
 */
export function DeadlinesScreen() {
  const params = new URLSearchParams(location.search);
  const set = (params.get('lijst') ?? 'op-tijd') as DeadlineSet;
  const { title, query } = SETS[set] ?? SETS['op-tijd'];
  const kind = params.get('soort');
  const heading = kind && kind in DEADLINE_KINDS ? `${title}: ${label(DEADLINE_KINDS, kind).toLowerCase()}` : title;
  const list = useInfiniteQuery({
    queryKey: ['deadlines', set, kind],
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ ...query, limit: String(PAGE_SIZE) });
      if (kind && kind in DEADLINE_KINDS) search.set('kind', kind);
      if (pageParam) search.set('cursor', pageParam);
      return api<components['schemas']['DeadlinePageDto']>('GET', `/deadlines?${search}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="vt-stack">
      <ScreenTitle title={heading}>{heading}</ScreenTitle>
      <Paragraph>
        <AppLink to="/dashboard">Terug naar het dashboard</AppLink>
      </Paragraph>
      {list.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {list.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De termijnen konden niet worden geladen: {list.error.message}</Paragraph>
        </Alert>
      )}
      {list.isSuccess && items.length === 0 && <Paragraph>Geen termijnen.</Paragraph>}
      {items.length > 0 && (
        <DataTable>
          <TableCaption className="vt-visually-hidden">{heading}, eerst wat het eerst afloopt</TableCaption>
          <ColumnHeaders columns={['Casus', 'Termijn', 'Uiterlijk']} />
          <TableBody>
            {items.map((d) => (
              <TableRow key={d.id}>
                <TableCell>
                  <AppLink to={`/casussen/${d.caseId}`}>{d.caseReference}</AppLink>
                </TableCell>
                <TableCell>
                  <DeadlineCountdown deadline={d} />
                </TableCell>
                <TableCell>{formatDateTime(d.dueAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
      {list.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Bezig met laden…' : 'Meer termijnen laden'}
        </Button>
      )}
    </div>
  );
}
