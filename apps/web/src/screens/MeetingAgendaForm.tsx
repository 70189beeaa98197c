import { Alert, Button, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import { Errors, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { label, PHASES } from '../labels';
import type { CaseSummary } from './WorkQueueScreen';

/**
 * The cases a chair can put on an agenda: those of the organisation's network that are not closed
 * (the api refuses any other with 404 at its field).
 */
export function useAgendaCases() {
  return useQuery({
    queryKey: ['cases', 'agenda'],
    queryFn: () => api<{ items: CaseSummary[] }>('GET', '/cases?limit=200'),
    select: (page) => page.items.filter((c) => c.phase !== 'closed'),
  });
}

export const caseHint = (c: CaseSummary) => `Fase: ${label(PHASES, c.phase)}${c.acute ? ' · acuut' : ''}`;

/** Puts one more case on an open meeting's agenda (`POST /meetings/{id}/items`). */
export function AddAgendaItemForm({ meetingId, onAgenda }: { meetingId: string; onAgenda: string[] }) {
  const queries = useQueryClient();
  const cases = useAgendaCases();
  const [caseId, setCaseId] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const focus = useFocusAfterRender();
  const add = useMutation({
    mutationFn: () => api('POST', `/meetings/${meetingId}/items`, { caseId }),
    onSuccess: () => {
      setCaseId('');
      void queries.invalidateQueries({ queryKey: ['meeting', meetingId] });
      focus.to(statusRef);
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      focus.firstError(formRef);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = caseId ? {} : { caseId: 'Kies een casus.' };
    setErrors(found);
    if (caseId) add.mutate();
    else focus.firstError(formRef);
  };
  const choices = (cases.data ?? []).filter((c) => !onAgenda.includes(c.id));
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Casus aan de agenda toevoegen">
      <SelectField
        id="agenda-casus"
        name="caseId"
        label="Casus"
        value={caseId}
        options={choices.map((c) => ({ value: c.id, label: `${c.reference} (${caseHint(c)})` }))}
        empty={choices.length ? 'Kies een casus' : 'Geen andere casussen'}
        error={errors.caseId}
        onChange={setCaseId}
      />
      {add.isError && !errors.caseId && (
        <Alert type="error" role="alert">
          <Paragraph>Toevoegen is niet gelukt: {add.error.message}</Paragraph>
        </Alert>
      )}
      {add.isSuccess && (
        <Paragraph ref={statusRef} tabIndex={-1} role="status">
          Casus op de agenda gezet.
        </Paragraph>
      )}
      <Button type="submit" appearance="secondary-action-button" disabled={add.isPending}>
        Op de agenda zetten
      </Button>
    </form>
  );
}
