import {
  Alert,
  Button,
  FormField,
  FormLabel,
  Heading2,
  Paragraph,
  Select,
  SelectOption,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import type { CasePage } from '../api-models';
import { label, personsText, PHASES, RISK_LEVELS } from '../labels';
import { useOrganisationKind } from '../session';
import { AppLink, ColumnHeaders, DataTable, DeadlineCountdown, ScreenTitle } from '../ui';

const PAGE_SIZE = 25;

export type DeadlineFilter = '' | 'at_risk' | 'breached';

/**
 * `me` or a user's id: one regisseur's cases; `none`: the waiting list; `all`: every case the
 * organisation is a network partner in.
 */
type Scope = 'me' | 'none' | 'all' | (string & {});

/**
 * The order of each list: one regisseur's cases by urgency (breached, then at risk, then soonest
 * due), the waiting list by risk (then longest waiting), the partner cases newest first.
 */
const sortOf = (scope: Scope) => (scope === 'all' ? undefined : scope === 'none' ? 'risk' : 'urgency');

export function CaseTable({ title, regisseur, filter }: { title: string; regisseur: Scope; filter: DeadlineFilter }) {
  const query = useInfiniteQuery({
    queryKey: ['cases', regisseur, filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (regisseur !== 'all') params.set('regisseur', regisseur);
      const sort = sortOf(regisseur);
      if (sort) params.set('sort', sort);
      if (filter) params.set('deadline', filter);
      if (pageParam) params.set('cursor', pageParam);
      return api<CasePage>('GET', `/cases?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const headingId = `kop-${regisseur}`;

  return (
    <section aria-labelledby={headingId} className="vt-stack">
      <Heading2 id={headingId}>{title}</Heading2>
      {query.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {query.isError && (
        <Alert type="error" role="alert">
          <Paragraph>Deze lijst kon niet worden geladen: {query.error.message}</Paragraph>
        </Alert>
      )}
      {query.isSuccess && items.length === 0 && <Paragraph>Geen casussen.</Paragraph>}
      {items.length > 0 && (
        <DataTable>
          <TableCaption className="vt-visually-hidden">{title}</TableCaption>
          <ColumnHeaders columns={['Kenmerk', 'Betrokkenen', 'Fase', 'Risico', 'Open termijnen']} />
          <TableBody>
            {items.map((item) => {
              const open = item.deadlines.filter((d) => d.status === 'open' || d.status === 'breached');
              return (
                <TableRow key={item.id}>
                  <TableCell>
                    <AppLink to={`/casussen/${item.id}`}>{item.reference}</AppLink>
                    {item.acute && <> (acuut)</>}
                  </TableCell>
                  <TableCell>{item.persons ? personsText(item.persons) : 'Niet zichtbaar'}</TableCell>
                  <TableCell>{label(PHASES, item.phase)}</TableCell>
                  <TableCell>{item.riskLevel ? label(RISK_LEVELS, item.riskLevel) : 'Niet zichtbaar'}</TableCell>
                  <TableCell>
                    {open.length === 0 ? (
                      'Geen'
                    ) : (
                      <ul>
                        {open.map((deadline) => (
                          <li key={deadline.id}>
                            <DeadlineCountdown deadline={deadline} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </DataTable>
      )}
      {query.hasNextPage && (
        <Button
          appearance="secondary-action-button"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? 'Bezig met laden…' : 'Meer casussen laden'}
        </Button>
      )}
    </section>
  );
}

export function WorkQueueScreen() {
  const [filter, setFilter] = useState<DeadlineFilter>('');
  const kind = useOrganisationKind();
  return (
    <div className="vt-stack">
      <ScreenTitle title="Mijn werkvoorraad">Mijn werkvoorraad</ScreenTitle>
      <FormField type="select">
        <FormLabel htmlFor="termijnfilter">Toon casussen met termijnen</FormLabel>
        <Select id="termijnfilter" value={filter} onChange={(event) => setFilter(event.target.value as DeadlineFilter)}>
          <SelectOption value="">Alle</SelectOption>
          <SelectOption value="at_risk">Bijna verlopen</SelectOption>
          <SelectOption value="breached">Verlopen</SelectOption>
        </Select>
      </FormField>
      <CaseTable title="Mijn casussen" regisseur="me" filter={filter} />
      {kind === 'veilig_thuis' && (
        <CaseTable title="Wachtlijst van mijn organisatie (nog geen regisseur)" regisseur="none" filter={filter} />
      )}
      <CaseTable title="Alle casussen waarin mijn organisatie netwerkpartner is" regisseur="all" filter={filter} />
    </div>
  );
}
