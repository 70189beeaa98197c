import {
  Alert,
  Button,
  FormFieldTextbox,
  Heading2,
  Paragraph,
  TableBody,
  TableCaption,
  TableRow,
} from '@utrecht/component-library-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { AuditPage } from '../api-models';
import { useFocusAfterRender } from '../forms';
import { ColumnHeaders, DataTable, ScreenTitle, valueOf } from '../ui';
import { AUDIT_ENTRY_COLUMNS, AuditEntryCells } from './AuditEntryCells';
import { AuditExportForm } from './AuditExportForm';
import { AuditVerification } from './AuditVerification';

interface Filter {
  reference: string;
  caseId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { reference: '', caseId: '', actorUserId: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A case's kenmerk as its receiving organisation numbers it. */
const REFERENCE = /^VT-[0-9]{4}-[0-9]{6}$/;

/** For privacy officers: who did what with which case, whether the hash chain is intact, and the export. */
export function AuditScreen() {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focus = useFocusAfterRender();
  const entries = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (filter.reference) params.set('reference', filter.reference);
      if (filter.caseId) params.set('caseId', filter.caseId);
      if (filter.actorUserId) params.set('actorUserId', filter.actorUserId);
      if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
      if (filter.to) params.set('to', new Date(`${filter.to}T23:59:59`).toISOString());
      if (pageParam) params.set('cursor', pageParam);
      return api<AuditPage>('GET', `/audit?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    // Typed as people say it: with spaces around, or in lower case.
    const chosen = {
      ...draft,
      reference: draft.reference.trim().toUpperCase(),
      caseId: draft.caseId.trim(),
      actorUserId: draft.actorUserId.trim(),
    };
    const found: Record<string, string> = {};
    if (chosen.reference && !REFERENCE.test(chosen.reference)) {
      found.reference = 'Geen geldig kenmerk. Een kenmerk ziet eruit als VT-2026-000123.';
    }
    if (chosen.caseId && !UUID.test(chosen.caseId)) found.caseId = 'Geen geldige casus-id.';
    if (chosen.actorUserId && !UUID.test(chosen.actorUserId)) found.actorUserId = 'Geen geldige gebruikers-id.';
    if (chosen.from && chosen.to && chosen.from > chosen.to) found.to = 'De einddatum ligt vóór de begindatum.';
    setErrors(found);
    if (Object.keys(found).length > 0) focus.firstError(formRef);
    else setFilter(chosen);
  };
  const apiErrors =
    entries.error instanceof ApiError ? Object.fromEntries(entries.error.details.map((d) => [d.field, d.message])) : {};
  const fieldError = (field: keyof Filter) => errors[field] ?? apiErrors[field];
  const field = (name: keyof Filter, text: string, type = 'text', description?: string) => (
    <FormFieldTextbox
      label={text}
      name={name}
      type={type}
      description={description}
      value={draft[name]}
      invalid={!!fieldError(name)}
      errorMessage={fieldError(name)}
      onChange={(event) => setDraft((d) => ({ ...d, [name]: valueOf(event) }))}
    />
  );
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="vt-stack">
      <ScreenTitle title="Auditlog">Auditlog</ScreenTitle>
      <AuditVerification />
      <section aria-labelledby="zoeken" className="vt-stack">
        <Heading2 id="zoeken">Zoeken</Heading2>
        <form ref={formRef} onSubmit={search} noValidate className="vt-stack" aria-label="Auditlog doorzoeken">
          {field('reference', 'Kenmerk van de casus (optioneel)', 'text', 'Bijvoorbeeld VT-2026-000123.')}
          {field('caseId', 'Casus-id (optioneel)')}
          {field('actorUserId', 'Gebruikers-id (optioneel)')}
          {field('from', 'Vanaf (optioneel)', 'date')}
          {field('to', 'Tot en met (optioneel)', 'date')}
          <Button type="submit" appearance="primary-action-button">
            Zoeken
          </Button>
        </form>
        {entries.isError && Object.keys(apiErrors).length === 0 && (
          <Alert type="error" role="alert">
            <Paragraph>Zoeken is niet gelukt: {entries.error.message}</Paragraph>
          </Alert>
        )}
        {entries.isSuccess && items.length === 0 && <Paragraph>Geen regels gevonden.</Paragraph>}
        {items.length > 0 && (
          <DataTable>
            <TableCaption className="vt-visually-hidden">Auditregels, nieuwste eerst</TableCaption>
            <ColumnHeaders columns={AUDIT_ENTRY_COLUMNS} />
            <TableBody>
              {items.map((e) => (
                <TableRow key={e.id}>
                  <AuditEntryCells entry={e} />
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        )}
        {entries.hasNextPage && (
          <Button appearance="secondary-action-button" onClick={() => void entries.fetchNextPage()}>
            Meer regels laden
          </Button>
        )}
      </section>
      <AuditExportForm />
    </div>
  );
}
