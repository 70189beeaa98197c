import { Alert, Button, FormFieldTextarea, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useRef, useState } from 'react';
import { api } from '../api';
import { amsterdamIso, ErrorSummary, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { valueOf } from '../ui';
import { useConfirm, useStep } from './Steps';

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'select' | 'datetime' | 'number';
  /** For a select: code to text. */
  options?: Record<string, string>;
  /** For a select: an empty first choice, so nothing is chosen by accident. */
  placeholder?: string;
  optional?: boolean;
  /**
   * What to do when a required field is left empty, as a sentence (GOV.UK's error pattern: what is
   * wrong and how to fix it). A select says its placeholder ("Kies een besluit.").
   */
  missing?: string;
  description?: string;
  initial?: string;
  min?: number;
  max?: number;
}

type Values = Record<string, string>;

function initialValues(fields: FieldSpec[]): Values {
  return Object.fromEntries(
    fields.map((f) => [
      f.name,
      f.initial ?? (f.type === 'select' && !f.placeholder ? (Object.keys(f.options ?? {})[0] ?? '') : ''),
    ]),
  );
}

/** The body the api expects: timestamps with their offset, numbers as numbers, blanks left out. */
function bodyOf(fields: FieldSpec[], values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name].trim();
    if (value === '') continue;
    body[field.name] =
      field.type === 'datetime' ? amsterdamIso(value) : field.type === 'number' ? Number(value) : value;
  }
  return body;
}

/** The form's own check, before sending: each empty required field, and a number out of its range. */
function validate(fields: FieldSpec[], values: Values): Values {
  const errors: Values = {};
  for (const field of fields) {
    const value = values[field.name].trim();
    if (value === '') {
      if (!field.optional) {
        errors[field.name] =
          field.missing ??
          (field.placeholder ? `${field.placeholder}.` : `Vul het veld „${field.label.toLowerCase()}” in.`);
      }
    } else if (field.type === 'number') {
      const number = Number(value);
      const { min = -Infinity, max = Infinity } = field;
      if (!Number.isInteger(number) || number < min || number > max) {
        errors[field.name] =
          field.min !== undefined && field.max !== undefined
            ? `Vul een heel getal van ${field.min} tot en met ${field.max} in.`
            : 'Vul een heel getal in.';
      }
    }
  }
  return errors;
}

/**
 * One write on a case as a small form: the fields, a check for what is required before sending,
 * the api's field errors at their fields and in a summary above, and any other refusal as an alert.
 * On success the case (and its timeline) is fetched again, the form empties, its step closes and the
 * nearest `Confirmations` says it is done.
 */
export function OperationForm(props: {
  caseId: string;
  title: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  path: string;
  fields: FieldSpec[];
  submitLabel?: string;
  /** The confirmation once saved; without `onDone`. */
  confirmation?: string;
  appearance?: 'primary-action-button' | 'secondary-action-button';
  /**
   * After the api accepted it, besides fetching the case again. The caller then confirms it (and
   * takes focus), as the form itself may be gone once the case no longer offers the step.
   */
  onDone?: (response: unknown) => void;
}) {
  const { caseId, fields } = props;
  const queries = useQueryClient();
  const prefix = useId();
  const [values, setValues] = useState<Values>(() => initialValues(fields));
  const [invalid, setInvalid] = useState<Values>({});
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const step = useStep();
  const confirm = useConfirm();
  const send = useMutation({
    mutationFn: () => api(props.method ?? 'POST', `/cases/${caseId}${props.path}`, bodyOf(fields, values)),
    onSuccess: (response) => {
      setValues(initialValues(fields));
      setDone(true);
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      step?.close();
      if (props.onDone) props.onDone(response);
      else if (confirm) confirm(props.confirmation ?? 'Vastgelegd.');
      else focus.to(statusRef);
    },
    // A field the api named, else the alert with its reason.
    onError: () => focus.firstError(formRef, statusRef),
  });
  // Errors on fields this form does not have go to the alert instead.
  const apiErrors: Values = Object.fromEntries(
    Object.entries(fieldErrorsOf(send.error)).filter(([name]) => fields.some((f) => f.name === name)),
  );
  const errorOf = (name: string) => invalid[name] ?? apiErrors[name];
  const errors = fields.flatMap((f) => {
    const error = errorOf(f.name);
    return error ? [{ field: f.name, message: error }] : [];
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(fields, values);
    setInvalid(found);
    send.reset();
    setDone(false);
    if (Object.keys(found).length === 0) send.mutate();
    else focus.firstError(formRef);
  };
  const set = (name: string) => (value: string) => setValues((all) => ({ ...all, [name]: value }));

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label={props.title}>
      <ErrorSummary form={formRef} errors={errors} />
      {fields.map((field) => {
        const id = `${prefix}-${field.name}`;
        const error = errorOf(field.name);
        const label = field.optional ? `${field.label} (optioneel)` : field.label;
        if (field.type === 'select') {
          return (
            <SelectField
              key={field.name}
              id={id}
              name={field.name}
              label={label}
              description={field.description}
              value={values[field.name]}
              options={Object.entries(field.options ?? {}).map(([value, text]) => ({ value, label: text }))}
              empty={field.placeholder}
              error={error}
              onChange={set(field.name)}
            />
          );
        }
        const common = {
          label,
          name: field.name,
          description: field.description,
          required: !field.optional,
          value: values[field.name],
          invalid: !!error,
          errorMessage: error,
        };
        if (field.type === 'textarea') {
          return (
            <FormFieldTextarea key={field.name} {...common} rows={3} onChange={(e) => set(field.name)(valueOf(e))} />
          );
        }
        return (
          <FormFieldTextbox
            key={field.name}
            {...common}
            type={field.type === 'datetime' ? 'datetime-local' : field.type === 'number' ? 'number' : 'text'}
            min={field.min}
            max={field.max}
            onChange={(e) => set(field.name)(valueOf(e))}
          />
        );
      })}
      <div ref={statusRef} tabIndex={-1}>
        {send.isError && Object.keys(apiErrors).length === 0 && (
          <Alert type="error" role="alert">
            <Paragraph>Niet gelukt: {send.error.message}</Paragraph>
          </Alert>
        )}
        {done && send.isSuccess && !props.onDone && !confirm && (
          <Alert type="ok" role="status">
            <Paragraph>Vastgelegd.</Paragraph>
          </Alert>
        )}
      </div>
      <Button type="submit" appearance={props.appearance ?? 'secondary-action-button'} disabled={send.isPending}>
        {props.submitLabel ?? props.title}
      </Button>
    </form>
  );
}
