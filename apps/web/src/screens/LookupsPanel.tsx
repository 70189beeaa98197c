import {
  Alert,
  Button,
  FormField,
  FormLabel,
  Heading3,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import { ColumnHeaders } from '../ui';

interface Person {
  id: string;
  role: string;
  firstName: string;
  lastName: string;
  bsnLast4?: string;
}

interface KnownByResult {
  organisationId: string;
  organisationName: string;
  status: string;
  contact?: { name: string; phone?: string; email?: string };
  latencyMs: number;
}

interface CustodyAnswer {
  status: 'ok' | 'unavailable';
  custody?: {
    type: string;
    holders: { kind: string; name: string }[];
    underInvestigation: boolean;
    explanation?: string;
  };
}

const REASONS: Record<string, string> = {
  veiligheidsbeoordeling: 'Veiligheidsbeoordeling',
  onderzoek: 'Onderzoek',
  veiligheidsplan: 'Veiligheidsplan',
  acute_onveiligheid: 'Acute onveiligheid',
  casusoverleg: 'Casusoverleg',
};

// A source that did not answer is never "niet bekend": the person may well be known there.
const OUTCOMES: Record<string, string> = {
  known: 'Bekend',
  not_known: 'Niet bekend',
  undetermined: 'Niet te bepalen',
  timeout: 'Geen antwoord op tijd (onbekend of bekend)',
  unavailable: 'Bron niet bereikbaar (onbekend of bekend)',
  refused: 'Bron weigerde de vraag (onbekend of bekend)',
};

const CUSTODY_TYPES: Record<string, string> = {
  TweehoofdigOuderlijkGezag: 'Tweehoofdig ouderlijk gezag',
  EenhoofdigOuderlijkGezag: 'Eenhoofdig ouderlijk gezag',
  GezamenlijkGezag: 'Gezamenlijk gezag',
  Voogdij: 'Voogdij',
  TijdelijkGeenGezag: 'Tijdelijk geen gezag',
  GezagNietTeBepalen: 'Gezag niet te bepalen',
};

const dutch = (message: string) => message.split(' / ')[0];

function KnownBy({ caseId, person }: { caseId: string; person: Person }) {
  const [reason, setReason] = useState('veiligheidsbeoordeling');
  const ask = useMutation({
    mutationFn: () =>
      api<{ results: KnownByResult[] }>('POST', `/cases/${caseId}/lookups/known-by`, {
        personId: person.id,
        reasonCode: reason,
      }),
  });
  const selectId = `reden-${person.id}`;
  return (
    <div className="vt-stack">
      <div className="vt-row">
        <FormField type="select">
          <FormLabel htmlFor={selectId}>Reden van de vraag</FormLabel>
          <Select id={selectId} value={reason} onChange={(event) => setReason(event.target.value)}>
            {Object.entries(REASONS).map(([code, text]) => (
              <SelectOption key={code} value={code}>
                {text}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <Button appearance="secondary-action-button" disabled={ask.isPending} onClick={() => ask.mutate()}>
          Wie kent {person.firstName} {person.lastName}?
        </Button>
      </div>
      <div aria-live="polite">
        {ask.isPending && <Paragraph>Alle bronhouders worden bevraagd…</Paragraph>}
        {ask.isError && (
          <Alert type="error" role="alert">
            <Paragraph>De bekendheidsvraag is niet gelukt: {dutch(ask.error.message)}</Paragraph>
          </Alert>
        )}
        {ask.data && (
          <Table>
            <ColumnHeaders columns={['Bronhouder', 'Uitkomst', 'Contactpunt', 'Antwoordtijd']} />
            <TableBody>
              {ask.data.results.map((r) => (
                <TableRow key={r.organisationId}>
                  <TableCell>{r.organisationName}</TableCell>
                  <TableCell>{OUTCOMES[r.status] ?? r.status}</TableCell>
                  <TableCell>
                    {r.contact ? [r.contact.name, r.contact.phone, r.contact.email].filter(Boolean).join(', ') : '—'}
                  </TableCell>
                  <TableCell>{r.latencyMs} ms</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </div>
  );
}

function Custody({ caseId, person }: { caseId: string; person: Person }) {
  const ask = useMutation({
    mutationFn: () => api<CustodyAnswer>('POST', `/cases/${caseId}/lookups/custody`, { personId: person.id }),
  });
  const custody = ask.data?.custody;
  return (
    <div className="vt-stack">
      <Button appearance="secondary-action-button" disabled={ask.isPending} onClick={() => ask.mutate()}>
        Wie heeft het gezag over {person.firstName}?
      </Button>
      <div aria-live="polite">
        {ask.isPending && <Paragraph>Het gezagsregister wordt bevraagd…</Paragraph>}
        {ask.isError && (
          <Alert type="error" role="alert">
            <Paragraph>De gezagsvraag is niet gelukt: {dutch(ask.error.message)}</Paragraph>
          </Alert>
        )}
        {ask.data?.status === 'unavailable' && (
          <Paragraph>Het gezagsregister is nu niet bereikbaar; er is niets over het gezag bekend.</Paragraph>
        )}
        {custody && (
          <Paragraph>
            {CUSTODY_TYPES[custody.type] ?? custody.type}
            {custody.holders.length > 0 && `: ${custody.holders.map((h) => h.name).join(', ')}`}
            {custody.underInvestigation && ' (in onderzoek)'}
            {custody.explanation && ` — ${custody.explanation}`}
          </Paragraph>
        )}
      </div>
    </div>
  );
}

/** Samen onder Handbereik: the data stays at the source; the hub asks and shows the answer. */
export function LookupsPanel({ caseId, persons }: { caseId: string; persons: Person[] }) {
  const askable = persons.filter((p) => p.bsnLast4);
  if (askable.length === 0) return <Paragraph>Bevragen kan alleen voor betrokkenen met een BSN.</Paragraph>;
  return (
    <div className="vt-stack">
      {askable.map((person) => (
        <div key={person.id} className="vt-person vt-stack">
          <Heading3>
            {person.firstName} {person.lastName}
          </Heading3>
          <KnownBy caseId={caseId} person={person} />
          {person.role === 'child' && <Custody caseId={caseId} person={person} />}
        </div>
      ))}
    </div>
  );
}
