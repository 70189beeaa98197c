import {
  Alert,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading4,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { components } from '../api-types';
import { label } from '../labels';
import { useFocusAfterRender } from '../forms';
import { NoteForm } from './CaseNotes';
import { noteDraft } from './DetailAnswerText';
import { Step } from './Steps';
import type { DetailRequestMade } from './DetailRequestForm';
import { DETAIL_CATEGORIES, DETAIL_FAILURES, DETAIL_STATUSES } from './LookupsLabels';

type DetailAnswer = components['schemas']['DetailRequestViewDto'];

const POLL_MS = 2000;

/** Asked again until the source has decided; a 4xx (not this organisation's) will not change. */
const stillPending = (data: DetailAnswer | undefined, error: Error | null) =>
  (!data || data.status === 'pending') && !(error instanceof ApiError && error.status < 500);

/** What a source released, as it sent it: nested objects as lists of name and value. */
function Released({ value }: { value: unknown }): ReactNode {
  if (Array.isArray(value)) {
    return (
      <UnorderedList>
        {value.map((item, index) => (
          <UnorderedListItem key={index}>
            <Released value={item} />
          </UnorderedListItem>
        ))}
      </UnorderedList>
    );
  }
  if (value && typeof value === 'object') {
    return (
      <DataList>
        {Object.entries(value).map(([key, item]) => (
          <DataListItem key={key}>
            <DataListKey>{key}</DataListKey>
            <DataListValue>
              <Released value={item} />
            </DataListValue>
          </DataListItem>
        ))}
      </DataList>
    );
  }
  return value === null || value === undefined ? '—' : String(value);
}

const time = (iso: string) =>
  new Date(iso).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/**
 * One detail request: polled while the source decides, then shown. The hub hands a decision out
 * once and deletes it, so the first answer that is not pending is kept here for as long as the
 * panel is open and never asked for again.
 */
export function DetailRequestStatus({
  caseId,
  request,
  noteCategories,
}: {
  caseId: string;
  request: DetailRequestMade;
  /** Where the user may record the answer as a note; empty: they may not. */
  noteCategories: Record<string, string>;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [recorded, setRecorded] = useState(false);
  const recordedRef = useRef<HTMLParagraphElement>(null);
  const focus = useFocusAfterRender();
  const answer = useQuery({
    // Not under ['case', …]: invalidating the case must not read (and so lose) this answer again.
    queryKey: ['detail-request', request.id],
    queryFn: () => api<DetailAnswer>('GET', `/cases/${caseId}/lookups/detail-requests/${request.id}`),
    refetchInterval: (query) => (stillPending(query.state.data, query.state.error) ? POLL_MS : false),
    // Never stale: no remount, focus or reconnect reads it again. Dropped once the panel closes.
    staleTime: Infinity,
    gcTime: 0,
  });
  // Focus follows the request just sent, so its status is read out and reachable.
  useEffect(() => heading.current?.focus(), []);
  const data = answer.data;
  const status = data ? label(DETAIL_STATUSES, data.status) : 'Wordt opgehaald…';
  return (
    <div className="vt-stack vt-person">
      <Heading4 ref={heading} tabIndex={-1}>
        Verzoek aan {request.organisationName}
      </Heading4>
      <Paragraph aria-live="polite">
        Status: <strong>{status}</strong>
        {data?.status === 'pending' && ' — de bron beslist; deze pagina kijkt vanzelf opnieuw.'}
      </Paragraph>
      {answer.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De status kon niet worden opgehaald: {answer.error.message}</Paragraph>
        </Alert>
      )}
      {data?.status === 'refused' && (
        <Paragraph>
          Geweigerd door {request.organisationName}
          {data.refusalReason ? `, met als reden: ${data.refusalReason}` : '.'}
        </Paragraph>
      )}
      {data?.status === 'failed' && (
        <Paragraph>Het verzoek is mislukt: {label(DETAIL_FAILURES, data.failure)}.</Paragraph>
      )}
      {data?.status === 'granted' && data.data && (
        <>
          <Alert type="warning">
            <Paragraph>
              <strong>Dit antwoord wordt maar één keer getoond.</strong> De hub heeft het na het ophalen verwijderd; na
              het verlaten of vernieuwen van deze pagina is het niet meer te zien.{' '}
              {Object.keys(noteCategories).length > 0
                ? 'Leg wat u nodig heeft vast als notitie in de casus.'
                : 'Uw organisatie kan in deze casus geen notitie vastleggen.'}
            </Paragraph>
          </Alert>
          <section aria-label={`Verstrekte gegevens van ${request.organisationName}`} className="vt-stack">
            {data.decidedAt && <Paragraph>Verstrekt op {time(data.decidedAt)}.</Paragraph>}
            {Object.keys(data.data).length === 0 && <Paragraph>De bron verstrekte geen gegevens.</Paragraph>}
            <DataList>
              {Object.entries(data.data).map(([category, value]) => (
                <DataListItem key={category}>
                  <DataListKey>{DETAIL_CATEGORIES[category]?.label ?? category}</DataListKey>
                  <DataListValue>
                    <Released value={value} />
                  </DataListValue>
                </DataListItem>
              ))}
            </DataList>
          </section>
          {recorded ? (
            <Paragraph ref={recordedRef} tabIndex={-1} role="status">
              Vastgelegd als notitie in de casus.
            </Paragraph>
          ) : (
            Object.keys(noteCategories).length > 0 && (
              <Step title={`Vastleggen als notitie: antwoord van ${request.organisationName}`}>
                <NoteForm
                  caseId={caseId}
                  categories={noteCategories}
                  title="Vastleggen als notitie"
                  initial={noteDraft(request.organisationName, data.decidedAt && time(data.decidedAt), data.data)}
                  onDone={() => {
                    setRecorded(true);
                    focus.to(recordedRef);
                  }}
                />
              </Step>
            )
          )}
        </>
      )}
      {data?.answerDeleted && (
        <Paragraph>Het antwoord is al eerder opgehaald en daarna verwijderd; het is niet meer te zien.</Paragraph>
      )}
    </div>
  );
}
