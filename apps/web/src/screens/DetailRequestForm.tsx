import {
  Alert,
  Button,
  ButtonGroup,
  FormField,
  FormFieldErrorMessage,
  FormLabel,
  Heading4,
  Paragraph,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { components } from '../api-types';
import { useFocusAfterRender } from '../forms';
import { CheckboxGroup } from '../ui';
import { DETAIL_CATEGORIES, DETAIL_LEGAL_BASES, REASONS } from './LookupsLabels';

export interface DetailRequestTarget {
  organisationId: string;
  organisationName: string;
}

export interface DetailRequestMade extends DetailRequestTarget {
  id: string;
}

type Errors = Record<string, string>;

/** An api field (`questions.0`, `legalBasis`) to the field of this form that shows it. */
const FIELDS = ['reasonCode', 'legalBasis', 'questions', 'organisationId'];
const fieldOf = (field: string) => {
  const head = field.split('.')[0];
  return FIELDS.includes(head) ? head : 'form';
};

/**
 * Asks a source that knows the person for details (a verrijkingsverzoek). The source decides, by
 * policy or by a person; the answer is polled for afterwards.
 */
export function DetailRequestForm({
  caseId,
  personId,
  target,
  defaultReason,
  onMade,
  onCancel,
}: {
  caseId: string;
  personId: string;
  target: DetailRequestTarget;
  defaultReason: string;
  onMade: (made: DetailRequestMade) => void;
  onCancel: () => void;
}) {
  const [reasonCode, setReasonCode] = useState(defaultReason);
  const [legalBasis, setLegalBasis] = useState('');
  const [questions, setQuestions] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focus = useFocusAfterRender();
  // The form opens on a button press: focus moves into it so keyboard and screen reader follow.
  useEffect(() => heading.current?.focus(), []);

  const send = useMutation({
    mutationFn: () =>
      api<components['schemas']['DetailRequestCreatedDto']>('POST', `/cases/${caseId}/lookups/detail-requests`, {
        personId,
        organisationId: target.organisationId,
        reasonCode,
        legalBasis,
        ...(questions.length > 0 ? { questions } : {}),
      }),
    onSuccess: (made) => onMade({ ...target, id: made.id }),
    onError: (error) => {
      if (error instanceof ApiError && error.details.length > 0) {
        setErrors(Object.fromEntries(error.details.map((d) => [fieldOf(d.field), d.message])));
      }
      focus.firstError(formRef);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!legalBasis) found.legalBasis = 'Kies de grondslag waarop u de gegevens vraagt.';
    setErrors(found);
    if (Object.keys(found).length === 0) send.mutate();
    else focus.firstError(formRef);
  };

  const id = (field: string) => `verzoek-${personId}-${target.organisationId}-${field}`;
  const describedBy = (field: string) => (errors[field] ? id(`${field}-fout`) : undefined);
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="vt-stack vt-person"
      aria-labelledby={id('titel')}
      aria-describedby={describedBy('organisationId')}
    >
      <Heading4 id={id('titel')} ref={heading} tabIndex={-1}>
        Gegevens opvragen bij {target.organisationName}
      </Heading4>
      <Paragraph>
        De bron beslist zelf wat zij verstrekt. Het antwoord wordt één keer getoond en daarna verwijderd.
      </Paragraph>
      {errors.organisationId && (
        <FormFieldErrorMessage id={id('organisationId-fout')}>{errors.organisationId}</FormFieldErrorMessage>
      )}
      <FormField type="select" invalid={!!errors.reasonCode}>
        <FormLabel htmlFor={id('reden')}>Reden van het verzoek</FormLabel>
        <Select
          id={id('reden')}
          value={reasonCode}
          invalid={!!errors.reasonCode}
          aria-describedby={describedBy('reasonCode')}
          onChange={(event) => setReasonCode(event.target.value)}
        >
          {Object.entries(REASONS).map(([code, text]) => (
            <SelectOption key={code} value={code}>
              {text}
            </SelectOption>
          ))}
        </Select>
        {errors.reasonCode && (
          <FormFieldErrorMessage id={id('reasonCode-fout')}>{errors.reasonCode}</FormFieldErrorMessage>
        )}
      </FormField>
      <FormField type="select" invalid={!!errors.legalBasis}>
        <FormLabel htmlFor={id('grondslag')}>Grondslag</FormLabel>
        <Select
          id={id('grondslag')}
          value={legalBasis}
          invalid={!!errors.legalBasis}
          aria-describedby={describedBy('legalBasis')}
          onChange={(event) => setLegalBasis(event.target.value)}
        >
          <SelectOption value="">Kies een grondslag</SelectOption>
          {Object.entries(DETAIL_LEGAL_BASES).map(([code, text]) => (
            <SelectOption key={code} value={code}>
              {text}
            </SelectOption>
          ))}
        </Select>
        {errors.legalBasis && (
          <FormFieldErrorMessage id={id('legalBasis-fout')}>{errors.legalBasis}</FormFieldErrorMessage>
        )}
      </FormField>
      <CheckboxGroup
        legend="Welke gegevens vraagt u? (geen keuze: alles wat de bron wil verstrekken)"
        name={id('questions')}
        options={DETAIL_CATEGORIES}
        selected={questions}
        onChange={setQuestions}
        error={errors.questions}
      />
      {send.isError && (errors.form || Object.keys(errors).length === 0) && (
        <Alert type="error" role="alert">
          <Paragraph>Het verzoek is niet verstuurd: {errors.form ?? send.error.message}</Paragraph>
        </Alert>
      )}
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" disabled={send.isPending}>
          Verzoek versturen
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={onCancel}>
          Annuleren
        </Button>
      </ButtonGroup>
    </form>
  );
}
