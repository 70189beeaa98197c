import {
  Alert,
  Button,
  FormFieldTextbox,
  Heading2,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { useFocusAfterRender } from '../forms';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, dutch, formatDateTime, label } from '../labels';
import { ColumnHeaders, DataTable, ScreenTitle, valueOf } from '../ui';

interface AuditEntry {
  id: string;
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRoles: string[];
  action: string;
  subjectType: string;
  caseId: string | null;
  purpose: string | null;
  outcome: string;
}

interface Filter {
  caseId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { caseId: '', actorUserId: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** For privacy officers: who did what with which case, and whether the hash chain is intact. */
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
      if (filter.caseId) params.set('caseId', filter.caseId);
      if (filter.actorUserId) params.set('actorUserId', filter.actorUserId);
      if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
      if (filter.to) params.set('to', new Date(`${filter.to}T23:59:59`).toISOString());
      if (pageParam) params.set('cursor', pageParam);
      return api<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/audit?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({
    mutationFn: () => api<{ valid: boolean; checked: number; firstBrokenSeq?: string }>('GET', '/audit/verify'),
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (draft.caseId && !UUID.test(draft.caseId.trim())) found.caseId = 'Geen geldige casus-id.';
    if (draft.actorUserId && !UUID.test(draft.actorUserId.trim())) found.actorUserId = 'Geen geldige gebruikers-id.';
    if (draft.from && draft.to && draft.from > draft.to) found.to = 'De einddatum ligt vóór de begindatum.';
    setErrors(found);
    if (Object.keys(found).length > 0) focus.firstError(formRef);
    else setFilter({ ...draft, caseId: draft.caseId.trim(), actorUserId: draft.actorUserId.trim() });
  };
  const apiErrors =
    entries.error instanceof ApiError
      ? Object.fromEntries(entries.error.details.map((d) => [d.field, dutch(d.message)]))
      : {};
  const fieldError = (field: keyof Filter) => errors[field] ?? apiErrors[field];
  const field = (name: keyof Filter, text: string, type = 'text') => (
    <FormFieldTextbox
      label={text}
      name={name}
      type={type}
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
      <section aria-labelledby="keten" className="vt-stack">
        <Heading2 id="keten">Controle van de keten</Heading2>
        <Button appearance="secondary-action-button" disabled={verify.isPending} onClick={() => verify.mutate()}>
          Keten controleren
        </Button>
        <div aria-live="polite">
          {verify.isPending && <Paragraph>Bezig met controleren…</Paragraph>}
          {verify.data?.valid === true && (
            <Alert type="ok">
              <Paragraph>De keten is intact: {verify.data.checked} regels gecontroleerd.</Paragraph>
            </Alert>
          )}
          {verify.data?.valid === false && (
            <Alert type="error">
              <Paragraph>
                De keten is verbroken bij regel {verify.data.firstBrokenSeq} (na {verify.data.checked} goede regels).
              </Paragraph>
            </Alert>
          )}
          {verify.isError && (
            <Alert type="error" role="alert">
              <Paragraph>Controleren is niet gelukt: {dutch(verify.error.message)}</Paragraph>
            </Alert>
          )}
        </div>
      </section>
      <section aria-labelledby="zoeken" className="vt-stack">
        <Heading2 id="zoeken">Zoeken</Heading2>
        <form ref={formRef} onSubmit={search} noValidate className="vt-stack" aria-label="Auditlog doorzoeken">
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
            <Paragraph>Zoeken is niet gelukt: {dutch(entries.error.message)}</Paragraph>
          </Alert>
        )}
        {entries.isSuccess && items.length === 0 && <Paragraph>Geen regels gevonden.</Paragraph>}
        {items.length > 0 && (
          <DataTable>
            <TableCaption className="vt-visually-hidden">Auditregels, nieuwste eerst</TableCaption>
            <ColumnHeaders columns={['Tijdstip', 'Handeling', 'Onderwerp', 'Gebruiker', 'Uitkomst']} />
            <TableBody>
              {items.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>{formatDateTime(e.occurredAt)}</TableCell>
                  <TableCell>{label(AUDIT_ACTIONS, e.action)}</TableCell>
                  <TableCell>
                    {e.subjectType}
                    {e.caseId ? ` (casus ${e.caseId})` : ''}
                  </TableCell>
                  <TableCell>{e.actorUserId ?? 'systeem'}</TableCell>
                  <TableCell>
                    {e.outcome === 'success' ? (
                      label(AUDIT_OUTCOMES, e.outcome)
                    ) : (
                      <strong>{label(AUDIT_OUTCOMES, e.outcome)}</strong>
                    )}
                  </TableCell>
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
    </div>
  );
}
