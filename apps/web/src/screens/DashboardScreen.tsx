import {
  Alert,
  Button,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading2,
  Link,
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
import type { Dashboard } from '../api-models';

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

/** Which terms a dashboard figure stands for, as the address of its list names them. */
export type DeadlineSet = 'op-tijd' | 'bijna-verlopen' | 'verlopen';

/** The address of a figure's list: the set, and a kind when the figure is one row's. */
const deadlinesLink = (set: DeadlineSet, kind?: string) =>
  `/termijnen?${new URLSearchParams({ lijst: set, ...(kind ? { soort: kind } : {}) })}`;

/** A figure that opens the list it counts. */
function Figure({ value, to }: { value: number; to: string }) {
  return to.startsWith('#') ? <Link href={to}>{value}</Link> : <AppLink to={to}>{String(value)}</AppLink>;
}

/** The organisation's workers with their open cases as regisseur, busiest first. */
function CaseloadTable({ caseload }: { caseload: Dashboard['caseload'] }) {
  return (
    <section aria-labelledby="caseload" className="vt-stack">
      <Heading2 id="caseload">Caseload per medewerker</Heading2>
      <Paragraph>
        Open casussen waarvan de medewerker regisseur is; wie de meeste heeft eerst. Een naam opent de casussen van die
        medewerker.
      </Paragraph>
      <DataTable>
        <ColumnHeaders
          columns={['Medewerker', 'Open casussen', 'Met een verlopen termijn', 'Met een termijn die bijna verloopt']}
        />
        <TableBody>
          {caseload.map((w) => (
            <TableRow key={w.userId}>
              <TableHeaderCell scope="row">
                <AppLink to={`/dashboard/medewerkers/${w.userId}`}>{w.name}</AppLink>
              </TableHeaderCell>
              <TableCell>{w.cases}</TableCell>
              <TableCell>{w.withBreached}</TableCell>
              <TableCell>{w.withAtRisk}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
    </section>
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
      {/* Two groups that do not overlap: terms still running and terms already past. */}
      <DataList>
        <DataListItem>
          <DataListKey>Lopende termijnen, nog niet verlopen</DataListKey>
          <DataListValue>
            <Figure value={d.open} to={deadlinesLink('op-tijd')} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>waarvan bijna verlopen (uiterlijk de volgende werkdag)</DataListKey>
          <DataListValue>
            <Figure value={d.atRisk} to={deadlinesLink('bijna-verlopen')} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Verlopen termijnen, nog niet afgerond</DataListKey>
          <DataListValue>
            <Figure value={d.breached} to={deadlinesLink('verlopen')} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Meldingen op de wachtlijst (nog geen regisseur)</DataListKey>
          <DataListValue>
            <Figure value={d.waitingListTotal} to="#wachtlijst" />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>Verzoeken die wachten op goedkeuring</DataListKey>
          <DataListValue>
            <Figure value={d.pendingApprovals} to="#goedkeuringen" />
          </DataListValue>
        </DataListItem>
      </DataList>

      <PendingApprovals />

      <section aria-labelledby="per-soort" className="vt-stack">
        <Heading2 id="per-soort">Per soort termijn</Heading2>
        <DataTable>
          <ColumnHeaders columns={['Termijn', 'Lopend, nog niet verlopen', 'waarvan bijna verlopen', 'Verlopen']} />
          <TableBody>
            {Object.entries(d.byKind).map(([kind, counts]) => (
              <TableRow key={kind}>
                <TableHeaderCell scope="row">{label(DEADLINE_KINDS, kind)}</TableHeaderCell>
                <TableCell>
                  <Figure value={counts.open} to={deadlinesLink('op-tijd', kind)} />
                </TableCell>
                <TableCell>
                  <Figure value={counts.atRisk} to={deadlinesLink('bijna-verlopen', kind)} />
                </TableCell>
                <TableCell>
                  <Figure value={counts.breached} to={deadlinesLink('verlopen', kind)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      </section>

      <CaseloadTable caseload={d.caseload} />

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
