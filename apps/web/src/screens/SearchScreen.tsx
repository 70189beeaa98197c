import {
  Alert,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api-types';
import { formatDate, label, PHASES, plural } from '../labels';
import { AppLink, ColumnHeaders, DataTable, ScreenTitle } from '../ui';
import { useSearchQuery } from './HeaderSearch';

type SearchHit = components['schemas']['SearchHitDto'];

const MATCHES: Record<SearchHit['match'], string> = {
  reference: 'Kenmerk',
  name: 'Naam',
  dateOfBirth: 'Geboortedatum',
  bsn: 'BSN',
};

/** The kind of match within a sentence: lower case, except the abbreviation. */
const phraseOf = (match: SearchHit['match']) => (match === 'bsn' ? MATCHES.bsn : MATCHES[match].toLowerCase());

/** Results of the header's search: only cases in the networks of the user's organisation. */
export function SearchScreen() {
  const query = useSearchQuery();
  const results = useQuery({
    queryKey: ['search', query],
    queryFn: () => api<components['schemas']['SearchResultsDto']>('POST', '/search', { q: query, limit: 50 }),
    enabled: query !== '',
  });
  const items = results.data?.items ?? [];

  return (
    <div className="vt-stack">
      <ScreenTitle title="Zoekresultaten">Zoekresultaten</ScreenTitle>
      {query === '' && <Paragraph>Zoek met het zoekveld bovenaan op kenmerk, naam, geboortedatum of BSN.</Paragraph>}
      {results.isFetching && <Paragraph>Bezig met zoeken…</Paragraph>}
      {results.isError && (
        <Alert type="error" role="alert">
          <Paragraph>
            Zoeken is niet gelukt:{' '}
            {results.error instanceof Error ? (detailOf(results.error) ?? results.error.message) : ''}
          </Paragraph>
        </Alert>
      )}
      <Paragraph role="status">
        {results.isSuccess &&
          (items.length === 0
            ? 'Geen casussen gevonden binnen uw netwerk.'
            : `${plural(items.length, 'casus', 'casussen')} gevonden op ${phraseOf(items[0].match)}.`)}
      </Paragraph>
      {items.length > 0 && (
        <DataTable>
          <TableCaption className="vt-visually-hidden">Gevonden casussen</TableCaption>
          <ColumnHeaders columns={['Kenmerk', 'Fase', 'Betrokkenen', 'Gevonden op']} />
          <TableBody>
            {items.map((hit) => (
              <TableRow key={hit.caseId}>
                <TableCell>
                  <AppLink to={`/casussen/${hit.caseId}`}>{hit.reference}</AppLink>
                </TableCell>
                <TableCell>{label(PHASES, hit.phase)}</TableCell>
                <TableCell>
                  {hit.persons.length === 0 ? (
                    'Niet zichtbaar voor uw organisatie'
                  ) : (
                    <UnorderedList>
                      {hit.persons.map((p, i) => (
                        <UnorderedListItem key={i}>
                          {p.firstName} {p.lastName}
                          {p.dateOfBirth ? `, geboren ${formatDate(p.dateOfBirth)}` : ''}
                        </UnorderedListItem>
                      ))}
                    </UnorderedList>
                  )}
                </TableCell>
                <TableCell>{MATCHES[hit.match]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
    </div>
  );
}

/** A refused query's reason, as the api names it at `q` (e.g. an invalid BSN). */
function detailOf(error: Error): string | undefined {
  const details = (error as { details?: { field: string; message: string }[] }).details;
  return details?.find((d) => d.field === 'q')?.message;
}
