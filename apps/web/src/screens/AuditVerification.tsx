import {
  Alert,
  Button,
  Heading2,
  Heading3,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../api';
import type { AuditEntry, AuditPage } from '../api-models';
import type { components } from '../api-types';
import { useFocusAfterRender } from '../forms';
import { AUDIT_BREAK_REASONS, formatDateTime, label, plural } from '../labels';
import { ColumnHeaders, DataTable } from '../ui';
import { AUDIT_ENTRY_COLUMNS, AuditEntryCells } from './AuditEntryCells';

type BrokenRange = components['schemas']['AuditChainBreakDto'];

/** `GET /audit/verify`: the caller's own chain. */
type Verification = components['schemas']['AuditChainVerificationDto'];

/** Regels a page of the range asks for at once (the api's most). */
const RANGE_PAGE = 200;

const span = (from: string, to: string) => (from === to ? `regel ${from}` : `regels ${from} tot en met ${to}`);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The positions of `from`..`to` (both included) that none of `present` holds, as ranges: a cut
 * of a million regels is one line, not a million.
 */
function missingRanges(from: string, to: string, present: string[]): { from: string; to: string }[] {
  const gaps: { from: string; to: string }[] = [];
  let next = BigInt(from);
  for (const seq of present.map(BigInt).sort(ascending)) {
    if (seq > next) gaps.push({ from: next.toString(), to: (seq - 1n).toString() });
    next = seq + 1n;
  }
  if (next <= BigInt(to)) gaps.push({ from: next.toString(), to });
  return gaps;
}

/** The regels a broken range covers as they are now, and those that are gone, in chain order. */
function BrokenRangeEntries({ range }: { range: BrokenRange }) {
  const entries = useInfiniteQuery({
    queryKey: ['audit-range', range.fromSeq, range.toSeq],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ fromSeq: range.fromSeq, toSeq: range.toSeq, limit: String(RANGE_PAGE) });
      if (pageParam) params.set('cursor', pageParam);
      return api<AuditPage>('GET', `/audit?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (entries.isPending) return <Paragraph>Regels laden…</Paragraph>;
  if (entries.isError) {
    return (
      <Alert type="error" role="alert">
        <Paragraph>De regels konden niet worden geladen: {entries.error.message}</Paragraph>
      </Alert>
    );
  }
  const found = entries.data.pages.flatMap((page) => page.items);
  // Only once every page is in can a position be said to be missing.
  const gaps = entries.hasNextPage
    ? []
    : missingRanges(
        range.fromSeq,
        range.toSeq,
        found.map((e) => e.seq),
      );
  const rows: ({ seq: bigint } & ({ entry: AuditEntry } | { gap: { from: string; to: string } }))[] = [
    ...found.map((entry) => ({ seq: BigInt(entry.seq), entry })),
    ...gaps.map((gap) => ({ seq: BigInt(gap.from), gap })),
  ].sort((a, b) => ascending(a.seq, b.seq));
  return (
    <>
      <DataTable>
        <TableCaption className="vt-visually-hidden">{capitalised(span(range.fromSeq, range.toSeq))}</TableCaption>
        <ColumnHeaders columns={['Regel', ...AUDIT_ENTRY_COLUMNS]} />
        <TableBody>
          {rows.map((row) =>
            'entry' in row ? (
              <TableRow key={row.entry.id}>
                <TableCell>{row.entry.seq}</TableCell>
                <AuditEntryCells entry={row.entry} />
              </TableRow>
            ) : (
              <TableRow key={`ontbreekt-${row.gap.from}`}>
                <TableCell>{row.gap.from === row.gap.to ? row.gap.from : `${row.gap.from}–${row.gap.to}`}</TableCell>
                <TableCell colSpan={AUDIT_ENTRY_COLUMNS.length}>
                  <strong>
                    {row.gap.from === row.gap.to ? 'Ontbreekt in de database' : 'Ontbreken in de database'}
                  </strong>
                </TableCell>
              </TableRow>
            ),
          )}
        </TableBody>
      </DataTable>
      {entries.hasNextPage && (
        <Button appearance="secondary-action-button" onClick={() => void entries.fetchNextPage()}>
          Meer laden van {span(range.fromSeq, range.toSeq)}
        </Button>
      )}
    </>
  );
}

/** The verdict on the whole chain and its checkpoint: what focus moves to after a check. */
function Summary({ result }: { result: Verification }) {
  const checkpoint = result.checkpoint ? (
    <Paragraph>
      Laatste ondertekende controlepunt dat bij de keten past: regel {result.checkpoint.seq}, ondertekend op{' '}
      {formatDateTime(result.checkpoint.signedAt)}
      {result.checkpoint.witnessed ? ', bevestigd door de getuige.' : ', nog niet bevestigd door de getuige.'}
    </Paragraph>
  ) : (
    <Paragraph>Er is (nog) geen ondertekend controlepunt dat bij de keten past.</Paragraph>
  );
  const witness = result.witness === 'unavailable' && (
    <Paragraph>De getuige was niet bereikbaar: de keten is alleen met de eigen controlepunten vergeleken.</Paragraph>
  );
  const checked = plural(result.checked, 'regel', 'regels');
  return (
    <Alert type={result.valid ? 'ok' : 'error'}>
      {result.valid ? (
        <Paragraph>De keten is intact: {checked} gecontroleerd.</Paragraph>
      ) : (
        <Paragraph>
          De keten is niet intact: {plural(result.broken.length, 'gedeelte is', 'gedeelten zijn')} niet te vertrouwen (
          {checked} gecontroleerd).
        </Paragraph>
      )}
      {checkpoint}
      {witness}
    </Alert>
  );
}

/** Verifies the organisation's own chain and shows what is broken, down to the regels. */
export function AuditVerification() {
  // Set with the focus request in one batch, so the result is drawn when focus moves to it.
  const [outcome, setOutcome] = useState<{ result: Verification } | { failure: string } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const verify = useMutation({
    mutationFn: () => api<Verification>('GET', '/audit/verify'),
    onMutate: () => setOutcome(null),
    onSuccess: (result) => {
      setOutcome({ result });
      focus.to(resultRef);
    },
    onError: (error) => {
      setOutcome({ failure: error.message });
      focus.to(resultRef);
    },
  });
  return (
    <section aria-labelledby="keten" className="vt-stack">
      <Heading2 id="keten">Controle van de keten</Heading2>
      {/* aria-disabled, not disabled: the button keeps focus while the chain is walked. */}
      <Button
        appearance="secondary-action-button"
        aria-disabled={verify.isPending}
        onClick={() => {
          if (!verify.isPending) verify.mutate();
        }}
      >
        Keten controleren
      </Button>
      <Paragraph role="status">{verify.isPending ? 'Bezig met controleren…' : ''}</Paragraph>
      {outcome && (
        <div ref={resultRef} tabIndex={-1}>
          {'failure' in outcome ? (
            <Alert type="error" role="alert">
              <Paragraph>Controleren is niet gelukt: {outcome.failure}</Paragraph>
            </Alert>
          ) : (
            <Summary result={outcome.result} />
          )}
        </div>
      )}
      {outcome &&
        'result' in outcome &&
        outcome.result.broken.map((range) => {
          const id = `breuk-${range.fromSeq}-${range.toSeq}-${range.reason}`;
          return (
            <section key={id} aria-labelledby={id} className="vt-stack">
              <Heading3 id={id}>{capitalised(span(range.fromSeq, range.toSeq))}</Heading3>
              <Paragraph>{label(AUDIT_BREAK_REASONS, range.reason)}</Paragraph>
              <BrokenRangeEntries range={range} />
            </section>
          );
        })}
    </section>
  );
}
