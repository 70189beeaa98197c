import { Alert, Button, FormFieldCheckbox, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { components } from '../api-types';
import { AlertRegion, fieldErrorsOf, useFocusAfterRender } from '../forms';
import { CheckboxGroup } from '../ui';

type Preferences = components['schemas']['NotificationPreferencesViewDto'];

/** Each kind as the user knows it; a kind the app does not know yet is shown by its code. */
const KINDS: Record<string, string> = {
  escalation_raised: 'Verzoek om een reactie op doorzettingsmacht',
  deadline_breached: 'Overschreden termijn',
  deadline_reminder: 'Herinnering aan een termijn',
  approval_requested: 'Verzoek om goedkeuring (vier ogen)',
  approval_approved: 'Uw verzoek is goedgekeurd',
  approval_rejected: 'Uw verzoek is afgewezen',
  child_protection_referral: 'Raad voor de Kinderbescherming ingeschakeld',
  reassessment_due: 'Risico opnieuw beoordelen',
  regie_assigned: 'U krijgt de regie over een casus',
  action_assigned: 'Nieuwe afspraak voor uw organisatie',
  action_updated: 'Voortgang op een afspraak in uw regie',
  meeting_decision: 'Besluit in een overleg over een casus in uw regie',
  order_breached: 'Overtreding van een huisverbod',
  partner_added: 'Netwerkpartner toegevoegd aan een casus (uw organisatie of in uw regie)',
  partner_removed: 'Netwerkpartner uit een casus gehaald (uw organisatie of in uw regie)',
  escalation_resolved: 'Doorzettingsmacht afgehandeld',
  audit_chain_broken: 'Breuk in de auditlog',
};

const PATH = '/me/notification-preferences';

/** Which notifications also arrive by e-mail (the e-mail itself never names a person or case). */
export function NotificationPreferencesForm() {
  const queries = useQueryClient();
  const saved = useQuery({ queryKey: ['notification-preferences'], queryFn: () => api<Preferences>('GET', PATH) });
  const [draft, setDraft] = useState<Preferences | null>(null);
  useEffect(() => {
    if (saved.data) setDraft(saved.data);
  }, [saved.data]);
  const doneRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const save = useMutation({
    mutationFn: (body: components['schemas']['NotificationPreferencesDto']) => api<Preferences>('PUT', PATH, body),
    onSuccess: (answer) => {
      queries.setQueryData(['notification-preferences'], answer);
      focus.to(doneRef);
    },
    onError: () => focus.to(doneRef),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate({ email: draft.email, emailKinds: draft.emailKinds });
  };
  const errors = fieldErrorsOf(save.error);

  return (
    <section aria-labelledby="email-voorkeuren" className="vt-stack">
      <Heading2 id="email-voorkeuren">E-mail bij berichten</Heading2>
      <Paragraph>
        U krijgt een korte e-mail dat er een nieuw bericht is, zonder namen of gegevens van een casus. Kies waarover.
      </Paragraph>
      {saved.isError && (
        <Alert type="error" role="alert">
          <Paragraph>Uw keuze kon niet worden geladen: {saved.error.message}</Paragraph>
        </Alert>
      )}
      {draft && (
        <form onSubmit={submit} noValidate className="vt-stack" aria-labelledby="email-voorkeuren">
          <FormFieldCheckbox
            label="E-mail ontvangen over nieuwe berichten"
            name="email"
            checked={draft.email}
            onChange={(event) => setDraft({ ...draft, email: event.target.checked })}
          />
          {draft.email && (
            <CheckboxGroup
              legend="Over deze berichten"
              name="emailKinds"
              options={Object.fromEntries(draft.kinds.map((kind) => [kind, KINDS[kind] ?? kind]))}
              selected={draft.emailKinds}
              onChange={(chosen) =>
                setDraft({ ...draft, emailKinds: draft.kinds.filter((kind) => chosen.includes(kind)) })
              }
              error={errors.emailKinds}
            />
          )}
          <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
            Keuze opslaan
          </Button>
        </form>
      )}
      <AlertRegion ref={doneRef} type="error" message={save.isError && `Opslaan is niet gelukt: ${save.error.message}`}>
        {save.isSuccess && <Paragraph role="status">Uw keuze is opgeslagen.</Paragraph>}
      </AlertRegion>
    </section>
  );
}
