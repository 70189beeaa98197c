import { Alert, Button, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import type { CaseListItem, CasePage } from '../api-models';
import { Errors, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { label, personsText, PHASES, plural } from '../labels';
import { valueOf } from '../ui';

/**
 * The cases a chair can put on an agenda: those of the organisation's network that are not closed
 * (the api refuses any other with 404 at its field).
 */
export function useAgendaCases() {
  return useQuery({
    queryKey: ['cases', 'agenda'],
    queryFn: () => api<CasePage>('GET', '/cases?limit=200'),
    select: (page) => page.items.filter((c) => c.phase !== 'closed'),
  });
}

export const caseHint = (c: CaseListItem) =>
  [`Fase: ${label(PHASES, c.phase)}${c.acute ? ', acuut' : ''}`, c.persons?.length && personsText(c.persons)]
    .filter(Boolean)
    .join(' · ');

/** Shown at most while searching: a longer list is no longer something to pick from. */
const SHOWN = 20;

/** The items whose text holds every word typed, case-insensitively. */
function matching<T>(items: T[], text: (item: T) => string, query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((item) => {
    const haystack = text(item).toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** How a narrowing search speaks of what it finds. */
export interface SearchWords {
  label: string;
  description: string;
  /** The noun, one and many: "casus", "casussen". */
  one: string;
  many: string;
}

/**
 * A search box over a list to pick from: as one types, the list narrows to the items whose text
 * holds every word, at most SHOWN of them; chosen items stay in view whatever is typed. A picker
 * over every organisation of the country, or every case of a network, stays a list one can read.
 */
export function useNarrowing<T extends { id: string }>(
  items: T[],
  chosen: string[],
  text: (item: T) => string,
  words: SearchWords,
) {
  const [query, setQuery] = useState('');
  const found = matching(items, text, query);
  const first = new Set(found.slice(0, SHOWN).map((item) => item.id));
  const shown = items.filter((item) => chosen.includes(item.id) || first.has(item.id));
  const status =
    found.length === 0
      ? `Geen ${words.one} gevonden.`
      : found.length > SHOWN
        ? `${found.length} ${words.many} gevonden; de eerste ${SHOWN} staan hieronder. Typ meer om te zoeken.`
        : `${plural(found.length, words.one, words.many)} gevonden.`;
  const box = (id: string) => (
    <div className="vt-stack">
      <FormFieldTextbox
        id={id}
        label={words.label}
        description={words.description}
        type="search"
        name={`${id}-zoekterm`}
        autoComplete="off"
        value={query}
        onChange={(event) => setQuery(valueOf(event))}
      />
      <Paragraph role="status">{status}</Paragraph>
    </div>
  );
  return { shown, box };
}

/** The agenda candidates narrowed by reference or a person's name. */
export function useCaseSearch(cases: CaseListItem[], chosen: string[]) {
  return useNarrowing(
    cases,
    chosen,
    (c) => [c.reference, ...(c.persons ?? []).map((p) => `${p.firstName} ${p.lastName}`)].join(' '),
    {
      label: 'Zoek een casus op kenmerk of naam',
      description: 'Bijvoorbeeld VT-2026-00012 of De Vries.',
      one: 'casus',
      many: 'casussen',
    },
  );
}

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
  const search = useCaseSearch(choices, caseId ? [caseId] : []);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Casus aan de agenda toevoegen">
      {search.box('agenda-zoeken')}
      <SelectField
        id="agenda-casus"
        name="caseId"
        label="Casus"
        value={caseId}
        options={search.shown.map((c) => ({ value: c.id, label: `${c.reference} (${caseHint(c)})` }))}
        empty={search.shown.length ? 'Kies een casus' : 'Geen casus gevonden'}
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
