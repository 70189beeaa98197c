import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading2,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, download } from '../api';
import { DEADLINE_KINDS, formatDateTime, label, personsText, RISK_LEVELS } from '../labels';
import { AppLink, ColumnHeaders, DataTable, ScreenTitle } from '../ui';
import { PendingApprovals } from './PendingApprovals';
import { QuarterlyFigures } from './QuarterlyFigures';

interface Counts {
  open: number;
  atRisk: number;
  breached: number;
}

interface LeadTime {
  completed: number;
  withinTerm: number;
  withinTermShare: number | null;
  medianWorkingDays: number | null;
}

interface WaitingCase {
  caseId: string;
  reference: string;
  receivedAt: string;
  acute: boolean;
  riskLevel: string;
  reassessmentDue: boolean;
  waitingWorkingDays: number;
  persons: { role: string; firstName: string; lastName: string }[];
}

interface Dashboard extends Counts {
  byKind: Record<string, Counts>;
  pendingApprovals: number;
  waitingList: WaitingCase[];
  waitingListTotal: number;
  leadTimes: Record<'safetyAssessment' | 'investigation', LeadTime & { months: (LeadTime & { month: string })[] }>;
}

const LEAD_TIME_NAMES = { safetyAssessment: 'Veiligheidsbeoordeling', investigation: 'Onderzoek' } as const;
const percent = (share: number | null) => (share === null ? 'geen afgeronde termijnen' : `${Math.round(share * 100)}%`);
const monthName = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Per month the share within the legal term, as a bar with its figure written next to it. */
function LeadTimeChart({ name, figures }: { name: string; figures: Dashboard['leadTimes']['investigation'] }) {
  return (
    <DataTable>
      <TableCaption>
        {figures.withinTermShare === null
          ? `${name}: nog geen afgeronde termijnen`
          : `${name}: ${percent(figures.withinTermShare)} binnen de wettelijke termijn, mediaan ${figures.medianWorkingDays} werkdagen`}
      </TableCaption>
      <ColumnHeaders columns={['Maand', 'Afgerond', 'Binnen termijn']} />
      <TableBody>
        {figures.months.map((m) => (
          <TableRow key={m.month}>
            <TableCell>{monthName.format(new Date(`${m.month}-01T00:00:00Z`))}</TableCell>
            <TableCell>{m.completed}</TableCell>
            <TableCell>
              <span className="vt-bar" aria-hidden="true">
                <span style={{ width: `${Math.round((m.withinTermShare ?? 0) * 100)}%` }} />
              </span>{' '}
              {percent(m.withinTermShare)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );
}

export function DashboardScreen() {
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('GET', '/dashboard') });
  const exportCsv = useMutation({
    mutationFn: () => {
      const today = new Date().toISOString().slice(0, 10);
      const first = new Date();
      first.setUTCDate(1);
      first.setUTCMonth(first.getUTCMonth() - 11);
      const from = first.toISOString().slice(0, 10);
      return download(`/reports/lead-times.csv?from=${from}&to=${today}`, `doorlooptijden-${from}-${today}.csv`);
    },
  });

  if (dashboard.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (dashboard.isError) {
    return (
      <div className="vt-stack">
        <ScreenTitle title="Dashboard">Dashboard</ScreenTitle>
        <Alert type="error" role="alert">
          <Paragraph>Het dashboard kon niet worden geladen: {dashboard.error.message}</Paragraph>
        </Alert>
      </div>
    );
  }
  const d = dashboard.data;
  return (
    <div className="vt-stack">
      <ScreenTitle title="Dashboard">Dashboard termijnen</ScreenTitle>
      <DataList>
        <DataListItem>
          <DataListKey>Open termijnen</DataListKey>
          <DataListValue>{d.open}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Bijna verlopen</DataListKey>
          <DataListValue>{d.atRisk}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Verlopen</DataListKey>
          <DataListValue>{d.breached}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Op de wachtlijst</DataListKey>
          <DataListValue>{d.waitingListTotal}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Wachten op goedkeuring</DataListKey>
          <DataListValue>{d.pendingApprovals}</DataListValue>
        </DataListItem>
      </DataList>

      <PendingApprovals />

      <section aria-labelledby="per-soort" className="vt-stack">
        <Heading2 id="per-soort">Per soort termijn</Heading2>
        <DataTable>
          <ColumnHeaders columns={['Termijn', 'Open', 'Bijna verlopen', 'Verlopen']} />
          <TableBody>
            {Object.entries(d.byKind).map(([kind, counts]) => (
              <TableRow key={kind}>
                <TableHeaderCell scope="row">{label(DEADLINE_KINDS, kind)}</TableHeaderCell>
                <TableCell>{counts.open}</TableCell>
                <TableCell>{counts.atRisk}</TableCell>
                <TableCell>{counts.breached}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      </section>

      <section aria-labelledby="wachtlijst" className="vt-stack">
        <Heading2 id="wachtlijst">Wachtlijst (nog geen regisseur)</Heading2>
        <Paragraph>Hoogste risico eerst, daarna wie het langst wacht.</Paragraph>
        {d.waitingList.length === 0 ? (
          <Paragraph>Geen meldingen op de wachtlijst.</Paragraph>
        ) : (
          <DataTable>
            <ColumnHeaders columns={['Kenmerk', 'Risico', 'Betrokkenen', 'Ontvangen', 'Wacht']} />
            <TableBody>
              {d.waitingList.map((w) => (
                <TableRow key={w.caseId}>
                  <TableCell>
                    <AppLink to={`/casussen/${w.caseId}`}>{w.reference}</AppLink>
                    {w.acute && ' (acuut)'}
                  </TableCell>
                  <TableCell>
                    {label(RISK_LEVELS, w.riskLevel)}
                    {w.reassessmentDue && ' (herbeoordeling nodig)'}
                  </TableCell>
                  <TableCell>{personsText(w.persons)}</TableCell>
                  <TableCell>{formatDateTime(w.receivedAt)}</TableCell>
                  <TableCell>
                    {w.waitingWorkingDays} {w.waitingWorkingDays === 1 ? 'werkdag' : 'werkdagen'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        )}
      </section>

      <section aria-labelledby="doorlooptijden" className="vt-stack">
        <Heading2 id="doorlooptijden">Doorlooptijden, laatste 12 maanden</Heading2>
        {(Object.keys(LEAD_TIME_NAMES) as (keyof typeof LEAD_TIME_NAMES)[]).map((key) => (
          <LeadTimeChart key={key} name={LEAD_TIME_NAMES[key]} figures={d.leadTimes[key]} />
        ))}
        <Button appearance="secondary-action-button" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
          Doorlooptijden downloaden (CSV)
        </Button>
        {exportCsv.isError && (
          <Alert type="error" role="alert">
            <Paragraph>Downloaden is niet gelukt: {exportCsv.error.message}</Paragraph>
          </Alert>
        )}
      </section>

      <QuarterlyFigures />
    </div>
  );
}
