import {
  Alert,
  Button,
  Heading2,
  Paragraph,
  TableBody,
  TableCell,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, download } from '../api';
import type { components } from '../api-types';
import { ColumnHeaders, DataTable } from '../ui';

const share = (t: components['schemas']['TermFiguresDto']) =>
  t.withinTermShare === null ? '—' : `${Math.round(t.withinTermShare * 100)}%`;

/**
 * Kwartaalcijfers (docs/figures.md): the last eight quarters as bars of reports and advice requests,
 * with the other figures beside them, and the CSV for a spreadsheet.
 */
export function QuarterlyFigures() {
  const figures = useQuery({
    queryKey: ['figures'],
    queryFn: () => api<components['schemas']['FiguresDto']>('GET', '/reports/figures'),
  });
  const exportCsv = useMutation({
    mutationFn: () =>
      download(
        `/reports/figures?from=${figures.data!.from}&to=${figures.data!.to}`,
        `kwartaalcijfers-${figures.data!.from}-${figures.data!.to}.csv`,
        'text/csv',
      ),
  });
  const largest = Math.max(
    1,
    ...(figures.data?.quarters ?? []).map((q) => Math.max(q.reports.total, q.adviceRequests)),
  );
  const bar = (n: number) => (
    <>
      <span className="vt-bar" aria-hidden="true">
        <span style={{ width: `${Math.round((n / largest) * 100)}%` }} />
      </span>{' '}
      {n}
    </>
  );
  return (
    <section aria-labelledby="kwartaalcijfers" className="vt-stack">
      <Heading2 id="kwartaalcijfers">Kwartaalcijfers, laatste acht kwartalen</Heading2>
      {figures.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {figures.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De kwartaalcijfers konden niet worden geladen: {figures.error.message}</Paragraph>
        </Alert>
      )}
      {figures.data && (
        <>
          <DataTable>
            <ColumnHeaders
              columns={[
                'Kwartaal',
                'Meldingen',
                'Adviesvragen',
                'Met kinderen',
                'Veiligheidsbeoordeling binnen termijn',
                'Onderzoek binnen termijn',
                'Afgesloten',
                'Herhaald binnen 12 maanden',
              ]}
            />
            <TableBody>
              {figures.data.quarters.map((q) => (
                <TableRow key={q.quarter}>
                  <TableHeaderCell scope="row">{q.quarter}</TableHeaderCell>
                  <TableCell>{bar(q.reports.total)}</TableCell>
                  <TableCell>{bar(q.adviceRequests)}</TableCell>
                  <TableCell>{q.reports.withChildren}</TableCell>
                  <TableCell>
                    {share(q.safetyAssessments)} van {q.safetyAssessments.completed}
                  </TableCell>
                  <TableCell>
                    {share(q.investigations)} van {q.investigations.completed}
                  </TableCell>
                  <TableCell>{q.closedCases}</TableCell>
                  <TableCell>{q.repeatReports}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
          <Button
            appearance="secondary-action-button"
            disabled={exportCsv.isPending}
            onClick={() => exportCsv.mutate()}
          >
            Kwartaalcijfers downloaden (CSV)
          </Button>
          {exportCsv.isError && (
            <Alert type="error" role="alert">
              <Paragraph>Downloaden is niet gelukt: {exportCsv.error.message}</Paragraph>
            </Alert>
          )}
        </>
      )}
    </section>
  );
}
