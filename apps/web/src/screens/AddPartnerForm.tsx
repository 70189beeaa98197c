import {
  Alert,
  Button,
  FormField,
  FormFieldErrorMessage,
  FormFieldTextbox,
  FormLabel,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { CATEGORIES, dutch, LEGAL_BASES } from '../labels';
import { CheckboxGroup, valueOf } from '../ui';

interface Organisation {
  id: string;
  name: string;
  kind: string;
}

type Errors = Record<string, string>;

/** Adds an organisation to the case network with its legal basis and data categories. */
export function AddPartnerForm({ caseId, current }: { caseId: string; current: string[] }) {
  const queries = useQueryClient();
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => api<{ items: Organisation[] }>('GET', '/organisations'),
  });
  const [organisationId, setOrganisationId] = useState('');
  const [legalBasis, setLegalBasis] = useState('statutory');
  const [legalBasisRef, setLegalBasisRef] = useState('');
  const [categories, setCategories] = useState<string[]>(['basic']);
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const add = useMutation({
    mutationFn: () =>
      api('POST', `/cases/${caseId}/partners`, {
        organisationId,
        legalBasis,
        legalBasisRef: legalBasisRef.trim(),
        categories,
        ...(expiresAt ? { expiresAt: new Date(`${expiresAt}T23:59:59`).toISOString() } : {}),
      }),
    onSuccess: () => {
      setOrganisationId('');
      setLegalBasisRef('');
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.details.length > 0) {
        setErrors(Object.fromEntries(error.details.map((d) => [d.field, dutch(d.message)])));
      }
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
  };

  const choices = (organisations.data?.items ?? []).filter((o) => !current.includes(o.id) && o.kind !== 'platform');
  return (
    <form onSubmit={submit} noValidate className="vt-stack" aria-label="Netwerkpartner toevoegen">
      <FormField type="select" invalid={!!errors.organisationId}>
        <FormLabel htmlFor="partner-organisatie">Organisatie</FormLabel>
        <Select
          id="partner-organisatie"
          value={organisationId}
          invalid={!!errors.organisationId}
          aria-describedby={errors.organisationId ? 'partner-organisatie-fout' : undefined}
          onChange={(event) => setOrganisationId(event.target.value)}
        >
          <SelectOption value="">Kies een organisatie</SelectOption>
          {choices.map((o) => (
            <SelectOption key={o.id} value={o.id}>
              {o.name}
            </SelectOption>
          ))}
        </Select>
        {errors.organisationId && (
          <FormFieldErrorMessage id="partner-organisatie-fout">{errors.organisationId}</FormFieldErrorMessage>
        )}
      </FormField>
      <FormField type="select">
        <FormLabel htmlFor="partner-grondslag">Grondslag</FormLabel>
        <Select id="partner-grondslag" value={legalBasis} onChange={(event) => setLegalBasis(event.target.value)}>
          {Object.entries(LEGAL_BASES).map(([code, text]) => (
            <SelectOption key={code} value={code}>
              {text}
            </SelectOption>
          ))}
        </Select>
      </FormField>
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
      {add.isError && Object.keys(errors).length === 0 && (
        <Alert type="error" role="alert">
          <Paragraph>Toevoegen is niet gelukt: {dutch(add.error.message)}</Paragraph>
        </Alert>
      )}
      <Button type="submit" appearance="secondary-action-button" disabled={add.isPending}>
        Netwerkpartner toevoegen
      </Button>
    </form>
  );
}
