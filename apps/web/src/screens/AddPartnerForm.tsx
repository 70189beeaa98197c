import { Button, FormFieldTextbox } from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import type { OrganisationList } from '../api-models';
import { AlertRegion, endOfAmsterdamDayIso, Errors, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { CATEGORIES, LEGAL_BASES } from '../labels';
import { CheckboxGroup, valueOf } from '../ui';
import { useStep } from './Steps';

/** Adds an organisation to the case network with its legal basis and data categories. */
export function AddPartnerForm({
  caseId,
  current,
  onDone,
}: {
  caseId: string;
  current: string[];
  /** After the api accepted it: the caller confirms it. */
  onDone: () => void;
}) {
  const queries = useQueryClient();
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => api<OrganisationList>('GET', '/organisations'),
  });
  const [organisationId, setOrganisationId] = useState('');
  const [legalBasis, setLegalBasis] = useState('statutory');
  const [legalBasisRef, setLegalBasisRef] = useState('');
  const [categories, setCategories] = useState<string[]>(['basic']);
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const step = useStep();
  const add = useMutation({
    mutationFn: () =>
      api('POST', `/cases/${caseId}/partners`, {
        organisationId,
        legalBasis,
        legalBasisRef: legalBasisRef.trim(),
        categories,
        ...(expiresAt ? { expiresAt: endOfAmsterdamDayIso(expiresAt) } : {}),
      }),
    onSuccess: () => {
      setOrganisationId('');
      setLegalBasisRef('');
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      step?.close();
      onDone();
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      focus.firstError(formRef, alertRef);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!organisationId) found.organisationId = 'Kies een organisatie.';
    if (legalBasisRef.trim().length < 3)
      found.legalBasisRef = 'Noem de grondslag (wetsartikel of toestemming), minstens 3 tekens.';
    if (categories.length === 0) found.categories = 'Kies minstens één soort gegevens.';
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
    else focus.firstError(formRef);
  };

  const choices = (organisations.data?.items ?? []).filter((o) => !current.includes(o.id) && o.kind !== 'platform');
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Netwerkpartner toevoegen">
      <SelectField
        id="partner-organisatie"
        name="organisationId"
        label="Organisatie"
        value={organisationId}
        options={choices.map((o) => ({ value: o.id, label: o.name }))}
        empty="Kies een organisatie"
        error={errors.organisationId}
        onChange={setOrganisationId}
      />
      <SelectField
        id="partner-grondslag"
        name="legalBasis"
        label="Grondslag"
        value={legalBasis}
        options={Object.entries(LEGAL_BASES).map(([value, label]) => ({ value, label }))}
        error={errors.legalBasis}
        onChange={setLegalBasis}
      />
      <FormFieldTextbox
        label="Toelichting grondslag"
        description="Bijvoorbeeld het wetsartikel, of de datum van de toestemming."
        name="legalBasisRef"
        required
        maxLength={500}
        value={legalBasisRef}
        invalid={!!errors.legalBasisRef}
        errorMessage={errors.legalBasisRef}
        onChange={(event) => setLegalBasisRef(valueOf(event))}
      />
      <CheckboxGroup
        legend="Gegevens die deze partner mag zien"
        name="categories"
        options={CATEGORIES}
        selected={categories}
        onChange={setCategories}
        error={errors.categories}
      />
      <FormFieldTextbox
        label="Tot en met (optioneel)"
        name="expiresAt"
        type="date"
        value={expiresAt}
        invalid={!!errors.expiresAt}
        errorMessage={errors.expiresAt}
        onChange={(event) => setExpiresAt(valueOf(event))}
      />
      <AlertRegion
        ref={alertRef}
        type="error"
        message={add.isError && Object.keys(errors).length === 0 && `Toevoegen is niet gelukt: ${add.error.message}`}
      />
      <Button type="submit" appearance="secondary-action-button" disabled={add.isPending}>
        Netwerkpartner toevoegen
      </Button>
    </form>
  );
}
