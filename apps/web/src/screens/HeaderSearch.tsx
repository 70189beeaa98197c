import { Button, FormFieldErrorMessage, FormLabel, Textbox } from '@utrecht/component-library-react';
import { FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { navigate } from '../router';
import { valueOf } from '../ui';

/**
 * The query being searched. Kept in memory only, never in the address bar: a BSN or a name does
 * not belong in the browser's history or a proxy's log.
 */
let current = '';
const listeners = new Set<() => void>();

function setSearchQuery(query: string): void {
  current = query;
  listeners.forEach((notify) => notify());
}

export function useSearchQuery(): string {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => current,
  );
}

/** At least this many characters, as the api asks. */
const MIN_LENGTH = 3;

/** The search box in the header: cases within reach by kenmerk, name, date of birth or BSN. */
export function HeaderSearch() {
  const [draft, setDraft] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The next user of this browser starts without the previous one's query.
  useEffect(() => () => setSearchQuery(''), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = draft.trim();
    if (query.length < MIN_LENGTH) {
      setError(`Vul minstens ${MIN_LENGTH} tekens in.`);
      input.current?.focus();
      return;
    }
    setError(null);
    setSearchQuery(query);
    navigate('/zoeken');
  };

  return (
    <form role="search" aria-label="Casussen zoeken" onSubmit={submit} noValidate className="vt-search">
      <FormLabel htmlFor="zoekterm">Zoeken</FormLabel>
      <div className="vt-search__row">
        <Textbox
          ref={input}
          id="zoekterm"
          name="q"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          invalid={!!error}
          aria-describedby={error ? 'zoekterm-uitleg zoekterm-fout' : 'zoekterm-uitleg'}
          onChange={(event) => setDraft(valueOf(event))}
        />
        <Button type="submit" appearance="secondary-action-button">
          Zoeken
        </Button>
      </div>
      <span id="zoekterm-uitleg" className="vt-visually-hidden">
        Kenmerk, naam, geboortedatum (JJJJ-MM-DD) of BSN.
      </span>
      {error && <FormFieldErrorMessage id="zoekterm-fout">{error}</FormFieldErrorMessage>}
    </form>
  );
}
