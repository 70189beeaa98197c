import {
  Alert,
  Button,
  FormField,
  FormLabel,
  Heading3,
  Paragraph,
  Select,
  SelectOption,
  TableBody,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, apiStream } from '../api';
import type { components } from '../api-types';
import type { CaseView } from '../case-view';
import { ColumnHeaders, DataTable } from '../ui';
import { DetailRequestForm, DetailRequestMade, DetailRequestTarget } from './DetailRequestForm';
import { DetailRequestStatus } from './DetailRequestStatus';
import { OUTCOMES, REASONS } from './LookupsLabels';
import { dutch } from '../labels';
import {
  applyEvent,
  KnownByProgress,
  ndjsonLines,
  progressSummary,
  SourceRow,
  STARTED,
  streamEnded,
} from './LookupsStream';

type Person = CaseView['persons'][number];

const CUSTODY_TYPES: Record<string, string> = {
  TweehoofdigOuderlijkGezag: 'Tweehoofdig ouderlijk gezag',
  EenhoofdigOuderlijkGezag: 'Eenhoofdig ouderlijk gezag',
  GezamenlijkGezag: 'Gezamenlijk gezag',
  Voogdij: 'Voogdij',
  TijdelijkGeenGezag: 'Tijdelijk geen gezag',
  GezagNietTeBepalen: 'Gezag niet te bepalen',
};

/** A source's row: "bezig…" until its line arrives, then its outcome in words. */
function SourceResultRow({ row, onAsk }: { row: SourceRow; onAsk?: (target: DetailRequestTarget) => void }) {
  const { result } = row;
  return (
    <TableRow>
      <TableCell>{row.organisationName}</TableCell>
      <TableCell>{result ? (OUTCOMES[result.status] ?? result.status) : 'Bezig…'}</TableCell>
      <TableCell>
        {result?.contact
          ? [result.contact.name, result.contact.phone, result.contact.email].filter(Boolean).join(', ')
          : '—'}
      </TableCell>
      <TableCell>{result ? `${result.latencyMs} ms` : '—'}</TableCell>
      <TableCell>
        {result?.status === 'known' && row.detailRequests && onAsk ? (
          <Button
            appearance="subtle-button"
            onClick={() => onAsk({ organisationId: row.organisationId, organisationName: row.organisationName })}
          >
            Gegevens opvragen<span className="vt-visually-hidden"> bij {row.organisationName}</span>
          </Button>
        ) : (
          '—'
        )}
      </TableCell>
    </TableRow>
  );
}

/**
 * Known-by, streamed: every source asked is listed at once and filled in as its answer arrives.
 * Asking again, or leaving the case, stops reading the previous lookup.
 */
function KnownBy({
  caseId,
  person,
  reason,
  onReason,
  onAsk,
}: {
  caseId: string;
  person: Person;
  reason: string;
  onReason: (reason: string) => void;
  onAsk: (target: DetailRequestTarget) => void;
}) {
  const [progress, setProgress] = useState<KnownByProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const current = useRef<AbortController | null>(null);
  useEffect(() => () => current.current?.abort(), []);

  const ask = async () => {
    current.current?.abort();
    const run = new AbortController();
    current.current = run;
    setFailure(null);
    setProgress(STARTED);
    try {
      const body = await apiStream('POST', `/cases/${caseId}/lookups/known-by`, {
        personId: person.id,
        reasonCode: reason,
      });
      for await (const event of ndjsonLines(body, run.signal))
        setProgress((before) => applyEvent(before ?? STARTED, event));
      if (!run.signal.aborted) setProgress((before) => streamEnded(before ?? STARTED));
    } catch (error) {
      if (run.signal.aborted) return;
      setProgress(null);
      setFailure(error instanceof ApiError ? error.message : 'De verbinding met de server is verbroken.');
    }
  };

  const running = progress !== null && !progress.end;
  const selectId = `reden-${person.id}`;
  return (
    <div className="vt-stack">
      <div className="vt-row">
        <FormField type="select">
          <FormLabel htmlFor={selectId}>Reden van de vraag</FormLabel>
          <Select id={selectId} value={reason} onChange={(event) => onReason(event.target.value)}>
            {Object.entries(REASONS).map(([code, text]) => (
              <SelectOption key={code} value={code}>
                {text}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        {/* aria-disabled, not disabled: the button keeps focus while the sources answer. */}
        <Button
          appearance="secondary-action-button"
          aria-disabled={running}
          onClick={() => {
            if (!running) void ask();
          }}
        >
          Wie kent {person.firstName} {person.lastName}?
        </Button>
      </div>
      {/* Polite, and only at the start and the end: not a message for every row that fills in. */}
      <Paragraph role="status">{progress ? progressSummary(progress) : ''}</Paragraph>
      {failure && (
        <Alert type="error" role="alert">
          <Paragraph>De bekendheidsvraag is niet gelukt: {failure}</Paragraph>
        </Alert>
      )}
      {progress?.end === 'failed' && (
        <Alert type="error">
          <Paragraph>
            {progress.message ? dutch(progress.message) : 'De bevraging is afgebroken'}. Bronhouders zonder antwoord
            zijn niet als &quot;niet bekend&quot; te lezen.
          </Paragraph>
        </Alert>
      )}
      {progress && progress.rows.length > 0 && (
        <DataTable
          aria-busy={running}
          aria-label={`Bekendheid van ${person.firstName} ${person.lastName} per bronhouder`}
        >
          <ColumnHeaders columns={['Bronhouder', 'Uitkomst', 'Contactpunt', 'Antwoordtijd', 'Verrijking']} />
          <TableBody>
            {progress.rows.map((row) => (
              <SourceResultRow key={row.sourceHolderId} row={row} onAsk={onAsk} />
            ))}
          </TableBody>
        </DataTable>
      )}
    </div>
  );
}

function Custody({ caseId, person }: { caseId: string; person: Person }) {
  const ask = useMutation({
    mutationFn: () =>
      api<components['schemas']['CustodyLookupDto']>('POST', `/cases/${caseId}/lookups/custody`, {
        personId: person.id,
      }),
  });
  const custody = ask.data?.custody;
  return (
    <div className="vt-stack">
      <Button
        appearance="secondary-action-button"
        aria-disabled={ask.isPending}
        onClick={() => {
          if (!ask.isPending) ask.mutate();
        }}
      >
        Wie heeft het gezag over {person.firstName}?
      </Button>
      <div aria-live="polite">
        {ask.isPending && <Paragraph>Het gezagsregister wordt bevraagd…</Paragraph>}
        {ask.isError && (
          <Alert type="error" role="alert">
            <Paragraph>De gezagsvraag is niet gelukt: {ask.error.message}</Paragraph>
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
            {custody.explanation && ` — ${dutch(custody.explanation)}`}
          </Paragraph>
        )}
      </div>
    </div>
  );
}

/** The note categories the user may record a granted answer in (none: no recording offered). */
type NoteCategories = Record<string, string>;

/**
 * One person's lookups. The detail requests made here, and the answers they got, live as long as
 * the panel does: an answer is handed out once, so it is not in any store that outlives it.
 */

function PersonLookups({
  caseId,
  person,
  noteCategories,
}: {
  caseId: string;
  person: Person;
  noteCategories: NoteCategories;
}) {
  const [reason, setReason] = useState('veiligheidsbeoordeling');
  const [asking, setAsking] = useState<DetailRequestTarget | null>(null);
  const [made, setMade] = useState<DetailRequestMade[]>([]);
  const opener = useRef<HTMLElement | null>(null);
  const open = (target: DetailRequestTarget) => {
    opener.current = document.activeElement as HTMLElement | null;
    setAsking(target);
  };
  const cancel = () => {
    setAsking(null);
    // Back to the button that opened the form, so the keyboard user keeps their place.
    opener.current?.focus();
  };
  return (
    <div className="vt-person vt-stack">
      <Heading3>
        {person.firstName} {person.lastName}
      </Heading3>
      <KnownBy caseId={caseId} person={person} reason={reason} onReason={setReason} onAsk={open} />
      {asking && (
        <DetailRequestForm
          key={asking.organisationId}
          caseId={caseId}
          personId={person.id}
          target={asking}
          defaultReason={reason}
          onMade={(request) => {
            setAsking(null);
            setMade((before) => [request, ...before]);
          }}
          onCancel={cancel}
        />
      )}
      {made.map((request) => (
        <DetailRequestStatus key={request.id} caseId={caseId} request={request} noteCategories={noteCategories} />
      ))}
      {person.minor && <Custody caseId={caseId} person={person} />}
    </div>
  );
}

/** Samen onder Handbereik: the data stays at the source; the hub asks and shows the answer. */
export function LookupsPanel({
  caseId,
  persons,
  noteCategories,
}: {
  caseId: string;
  persons: Person[];
  noteCategories: NoteCategories;
}) {
  const askable = persons.filter((p) => p.bsnLast4);
  if (askable.length === 0) return <Paragraph>Bevragen kan alleen voor betrokkenen met een BSN.</Paragraph>;
  return (
    <div className="vt-stack">
      {askable.map((person) => (
        <PersonLookups key={person.id} caseId={caseId} person={person} noteCategories={noteCategories} />
      ))}
    </div>
  );
}
