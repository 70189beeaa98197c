import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldTextbox,
  Heading2,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import type { OrganisationList } from '../api-models';
import type { components } from '../api-types';
import { AlertRegion, amsterdamIso, Errors, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { formatDateTime, plural } from '../labels';
import { useSession } from '../session';
import { AppLink, CheckboxGroup, ScreenTitle, valueOf } from '../ui';
import { caseHint, useAgendaCases, useCaseSearch, useNarrowing } from './MeetingAgendaForm';

/** The api's names of the meeting kinds (MEETING_KIND_NAMES in libs/meetings). */
const MEETING_KINDS: Record<string, string> = {
  action_meeting: 'Actie-overleg',
  zsm: 'ZSM-overleg',
  mda: 'MDA++-overleg',
  safety_house: 'Casusoverleg Zorg- en Veiligheidshuis',
};

/**
 * The api names a wrong list entry by its index (`caseIds.1`); the form shows it at the group,
 * naming the entry.
 */
function groupError(errors: Errors, field: string, nameOf: (index: number) => string): string | undefined {
  if (errors[field]) return errors[field];
  const entry = Object.entries(errors).find(([key]) => key.startsWith(`${field}.`));
  return entry && `${nameOf(Number(entry[0].split('.')[1]))}: ${entry[1]}`;
}

/** Plans a meeting (`POST /meetings`): kind, moment, participating organisations and the agenda. */
export function NewMeetingScreen() {
  const { user } = useSession();
  const queries = useQueryClient();
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => api<OrganisationList>('GET', '/organisations'),
  });
  const cases = useAgendaCases();
  const [kind, setKind] = useState('action_meeting');
  const [scheduledAt, setScheduledAt] = useState('');
  const [organisationIds, setOrganisationIds] = useState<string[]>([]);
  const [caseIds, setCaseIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();

  // The chair's own organisation always takes part; the others are chosen.
  const partners = (organisations.data?.items ?? []).filter(
    (o) => o.kind !== 'platform' && o.id !== user?.organisationId,
  );
  const agendaCases = cases.data ?? [];
  const search = useCaseSearch(agendaCases, caseIds);
  const partnerSearch = useNarrowing(partners, organisationIds, (o) => o.name, {
    label: 'Zoek een organisatie op naam',
    description: 'Bijvoorbeeld Politie of Raad voor de Kinderbescherming.',
    one: 'organisatie',
    many: 'organisaties',
  });
  // Sent in the order shown, so the agenda follows the list rather than the order of clicking.
  const ordered = <T extends { id: string }>(all: T[], chosen: string[]) =>
    all.filter((o) => chosen.includes(o.id)).map((o) => o.id);
  const body = {
    kind,
    organisationIds: ordered(partners, organisationIds),
    caseIds: ordered(agendaCases, caseIds),
  };

  const plan = useMutation({
    mutationFn: () =>
      api<components['schemas']['MeetingDto']>('POST', '/meetings', {
        ...body,
        scheduledAt: amsterdamIso(scheduledAt),
      }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['meetings'] }),
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      focus.firstError(formRef, summaryRef);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!scheduledAt) found.scheduledAt = 'Vul de datum en het tijdstip in.';
    if (body.caseIds.length === 0) found.caseIds = 'Kies minstens één casus voor de agenda.';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      plan.reset();
      focus.firstError(formRef);
      return;
    }
    plan.mutate();
  };

  if (plan.isSuccess) {
    const m = plan.data;
    return (
      <div className="vt-stack">
        <ScreenTitle title="Overleg gepland">Overleg gepland</ScreenTitle>
        <Alert type="ok" role="status">
          <Heading2>
            {m.kindName} van {formatDateTime(m.scheduledAt)}
          </Heading2>
          <Paragraph>
            {m.agenda.length} {m.agenda.length === 1 ? 'casus' : 'casussen'} op de agenda.
          </Paragraph>
        </Alert>
        <Paragraph>Deelnemers:</Paragraph>
        <UnorderedList>
          {m.participants.map((p) => (
            <UnorderedListItem key={p.organisationId}>
              {p.organisationName ?? 'Onbekende organisatie'}
            </UnorderedListItem>
          ))}
        </UnorderedList>
        <Paragraph>
          <AppLink to={`/overleg/${m.id}`}>Naar het overleg en de voorbereiding</AppLink>
        </Paragraph>
      </div>
    );
  }

  const errorCount = Object.keys(errors).length;
  const nameAt = (ids: string[], text: (id: string) => string) => (index: number) =>
    ids[index] ? text(ids[index]) : `Nummer ${index + 1}`;
  return (
    <div className="vt-stack">
      <ScreenTitle title="Overleg plannen">Overleg plannen</ScreenTitle>
      <AlertRegion
        ref={summaryRef}
        type="error"
        message={
          errorCount > 0
            ? `Controleer het overleg: ${plural(errorCount, 'veld klopt', 'velden kloppen')} nog niet.`
            : plan.isError && `Plannen is niet gelukt: ${plan.error.message}`
        }
      />
      <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Overleg plannen">
        <Fieldset>
          <FieldsetLegend>Overleg</FieldsetLegend>
          <SelectField
            id="overleg-soort"
            name="kind"
            label="Soort overleg"
            value={kind}
            options={Object.entries(MEETING_KINDS).map(([value, text]) => ({ value, label: text }))}
            error={errors.kind}
            onChange={setKind}
          />
          <FormFieldTextbox
            label="Datum en tijd (Nederlandse tijd)"
            name="scheduledAt"
            type="datetime-local"
            required
            value={scheduledAt}
            invalid={!!errors.scheduledAt}
            errorMessage={errors.scheduledAt}
            onChange={(event) => setScheduledAt(valueOf(event))}
          />
        </Fieldset>
        {(organisations.isError || cases.isError) && (
          <Alert type="error" role="alert">
            <Paragraph>De organisaties of casussen konden niet worden geladen. Probeer het later opnieuw.</Paragraph>
          </Alert>
        )}
        {partnerSearch.box('deelnemers-zoeken')}
        <CheckboxGroup
          legend="Deelnemende organisaties (uw eigen organisatie neemt altijd deel)"
          name="organisationIds"
          options={Object.fromEntries(partnerSearch.shown.map((o) => [o.id, o.name]))}
          selected={organisationIds}
          onChange={setOrganisationIds}
          error={groupError(
            errors,
            'organisationIds',
            nameAt(body.organisationIds, (id) => partners.find((o) => o.id === id)?.name ?? id),
          )}
        />
        {search.box('agenda-zoeken')}
        <CheckboxGroup
          legend="Casussen op de agenda (in deze volgorde)"
          name="caseIds"
          options={Object.fromEntries(search.shown.map((c) => [c.id, { label: c.reference, hint: caseHint(c) }]))}
          selected={caseIds}
          onChange={setCaseIds}
          error={groupError(
            errors,
            'caseIds',
            nameAt(body.caseIds, (id) => agendaCases.find((c) => c.id === id)?.reference ?? id),
          )}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" disabled={plan.isPending}>
            {plan.isPending ? 'Bezig met plannen…' : 'Overleg plannen'}
          </Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
