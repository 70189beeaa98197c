import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldTextarea,
  FormFieldTextbox,
  Paragraph,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import type { RegisseurCandidates } from '../api-models';
import type { CaseView } from '../case-view';
import {
  AlertRegion,
  amsterdamToday,
  endOfAmsterdamDayIso,
  Errors,
  fieldErrorsOf,
  SelectField,
  useFocusAfterRender,
} from '../forms';
import { valueOf } from '../ui';

interface ActionRow {
  key: number;
  assigneeOrganisationId: string;
  description: string;
  dueDate: string;
}

const ROLE_NAMES: Record<string, string> = { caseworker: 'medewerker', supervisor: 'leidinggevende' };

let nextKey = 1;
const emptyAction = (): ActionRow => ({ key: nextKey++, assigneeOrganisationId: '', description: '', dueDate: '' });

/** The api's decision rules, checked before sending; field names as the api gives them. */
function validate(text: string, actions: ActionRow[]): Errors {
  const errors: Errors = {};
  if (!text.trim()) errors.text = 'Vul het besluit in.';
  else if (text.trim().length < 3) errors.text = 'Het besluit telt minstens 3 tekens.';
  actions.forEach((action, i) => {
    if (!action.assigneeOrganisationId)
      errors[`actions.${i}.assigneeOrganisationId`] = 'Kies de organisatie die de afspraak uitvoert.';
    if (action.description.trim().length < 3)
      errors[`actions.${i}.description`] = 'Beschrijf de afspraak in minstens 3 tekens.';
    if (!action.dueDate) errors[`actions.${i}.dueAt`] = 'Vul de uiterste datum in.';
    else if (action.dueDate < amsterdamToday())
      errors[`actions.${i}.dueAt`] = 'De uiterste datum ligt in het verleden.';
  });
  return errors;
}

/**
 * The chair records what the meeting decided about one case: the text, optionally a new
 * regisseur (from the people regie may move to) and actions for the case's network partners.
 * The api writes all of it in one go or nothing, naming the field it refused.
 */
export function MeetingDecisionForm({
  meetingId,
  caseId,
  reference,
}: {
  meetingId: string;
  caseId: string;
  reference: string;
}) {
  const queries = useQueryClient();
  const partners = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => api<CaseView>('GET', `/cases/${caseId}`),
  });
  const candidates = useQuery({
    queryKey: ['meeting', meetingId, 'candidates', caseId],
    queryFn: () => api<RegisseurCandidates>('GET', `/meetings/${meetingId}/items/${caseId}/regisseur-candidates`),
  });
  const [text, setText] = useState('');
  const [regisseurUserId, setRegisseurUserId] = useState('');
  const [actions, setActions] = useState<ActionRow[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const addActionRef = useRef<HTMLButtonElement>(null);

  const record = useMutation({
    mutationFn: () =>
      api('POST', `/meetings/${meetingId}/items/${caseId}/decisions`, {
        text: text.trim(),
        ...(regisseurUserId ? { regisseurUserId } : {}),
        actions: actions.map((a) => ({
          assigneeOrganisationId: a.assigneeOrganisationId,
          description: a.description.trim(),
          dueAt: endOfAmsterdamDayIso(a.dueDate),
        })),
      }),
    onSuccess: () => {
      setText('');
      setRegisseurUserId('');
      setActions([]);
      void queries.invalidateQueries({ queryKey: ['meeting', meetingId] });
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      focus.to(statusRef);
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      focus.firstError(formRef, statusRef);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(text, actions);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      record.reset();
      focus.firstError(formRef);
      return;
    }
    record.mutate();
  };

  const setAction = (index: number, change: Partial<ActionRow>) =>
    setActions((list) => list.map((a, i) => (i === index ? { ...a, ...change } : a)));
  const assignees = (partners.data?.partners ?? []).map((p) => ({
    value: p.organisationId,
    label: p.organisationName ?? 'Onbekende organisatie',
  }));
  const people = (candidates.data?.items ?? []).map((c) => ({
    value: c.userId,
    label: `${c.name}, ${c.roles.map((role) => ROLE_NAMES[role] ?? role).join(' en ')} bij ${c.organisationName}`,
  }));
  const id = (field: string) => `besluit-${caseId}-${field}`;
  const unnamed = record.isError && Object.keys(errors).length === 0;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label={`Besluit voor ${reference}`}>
      <FormFieldTextarea
        label={`Besluit voor ${reference}`}
        name="text"
        rows={3}
        required
        maxLength={5000}
        value={text}
        invalid={!!errors.text}
        errorMessage={errors.text}
        onChange={(event) => setText(valueOf(event))}
      />
      <SelectField
        id={id('regisseur')}
        name="regisseurUserId"
        label="Nieuwe regisseur (optioneel)"
        description="Actieve medewerkers en leidinggevenden van de netwerkorganisaties."
        value={regisseurUserId}
        options={people}
        empty={candidates.isError ? 'Kon de lijst niet laden; regie blijft ongewijzigd' : 'Regie blijft ongewijzigd'}
        error={errors.regisseurUserId}
        onChange={setRegisseurUserId}
      />
      <Fieldset>
        <FieldsetLegend>Afspraken voor het veiligheidsplan</FieldsetLegend>
        {actions.length === 0 && <Paragraph>Geen afspraken bij dit besluit.</Paragraph>}
        {actions.map((action, i) => (
          <Fieldset key={action.key} className="vt-person">
            <FieldsetLegend>Afspraak {i + 1}</FieldsetLegend>
            <SelectField
              id={id(`actie-${action.key}-organisatie`)}
              name={`actions.${i}.assigneeOrganisationId`}
              label="Uitvoerende organisatie"
              value={action.assigneeOrganisationId}
              options={assignees}
              empty="Kies een netwerkpartner"
              error={errors[`actions.${i}.assigneeOrganisationId`]}
              onChange={(value) => setAction(i, { assigneeOrganisationId: value })}
            />
            <FormFieldTextbox
              label="Omschrijving"
              name={`actions.${i}.description`}
              required
              maxLength={2000}
              value={action.description}
              invalid={!!errors[`actions.${i}.description`]}
              errorMessage={errors[`actions.${i}.description`]}
              onChange={(event) => setAction(i, { description: valueOf(event) })}
            />
            <FormFieldTextbox
              label="Uiterlijk op"
              name={`actions.${i}.dueAt`}
              type="date"
              required
              min={amsterdamToday()}
              value={action.dueDate}
              invalid={!!errors[`actions.${i}.dueAt`]}
              errorMessage={errors[`actions.${i}.dueAt`]}
              onChange={(event) => setAction(i, { dueDate: valueOf(event) })}
            />
            <Button
              appearance="subtle-button"
              onClick={() => {
                // Errors are named by position, so they no longer fit the rows after a removal.
                setErrors({});
                setActions((list) => list.filter((a) => a.key !== action.key));
                // The button goes with its row; focus goes on to where actions are added.
                focus.to(addActionRef);
              }}
            >
              Afspraak {i + 1} verwijderen
            </Button>
          </Fieldset>
        ))}
        <Button
          ref={addActionRef}
          appearance="secondary-action-button"
          onClick={() => setActions((list) => [...list, emptyAction()])}
        >
          Afspraak toevoegen
        </Button>
      </Fieldset>
      <AlertRegion
        ref={statusRef}
        type="error"
        message={unnamed && `Vastleggen is niet gelukt: ${record.error.message}`}
      >
        {record.isSuccess && <Paragraph role="status">Besluit vastgelegd in de casus.</Paragraph>}
      </AlertRegion>
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" disabled={record.isPending}>
          Besluit vastleggen
        </Button>
      </ButtonGroup>
    </form>
  );
}
