import {
  Alert,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormFieldTextbox,
  FormLabel,
  Heading3,
  Link,
  Paragraph,
  Select,
  SelectOption,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { amsterdamOffsetMinutes } from '@vt/deadlines/amsterdam-time';
import { type ReactNode, type Ref, type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from './api';
import { valueOf } from './ui';

/** Form errors by field name, as the api names them (`actions.0.dueAt`). */
export type Errors = Record<string, string>;

/** The api's field errors in Dutch by field; empty when the failure names no field. */
export function fieldErrorsOf(error: unknown): Errors {
  return error instanceof ApiError ? Object.fromEntries(error.details.map((d) => [d.field, d.message])) : {};
}

const CONTROLS = 'input, select, textarea';

type Target = RefObject<HTMLElement | null>;

/** The first invalid field inside `form` (a group: its first control), else `fallback`. */
function firstError(form: Target, fallback?: Target): HTMLElement | null | undefined {
  const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
  const control = invalid?.matches(CONTROLS) ? invalid : invalid?.querySelector<HTMLElement>(CONTROLS);
  return control ?? fallback?.current;
}

/**
 * Moves focus once React has drawn what the state change made with it shows (an error, a message).
 * The request is itself state, set in the same batch, so its effect runs after that very commit;
 * a timer or animation frame could run before React has drawn the errors, and focus would stay
 * on the disabled button (the page, for a screen reader).
 */
export function useFocusAfterRender() {
  const [request, setRequest] = useState<{ target: () => HTMLElement | null | undefined }>();
  useEffect(() => request?.target()?.focus(), [request]);
  return useMemo(
    () => ({
      /** Focus on `target` (a message, a summary). */
      to: (target: Target) => setRequest({ target: () => target.current }),
      /** Focus on the first invalid field inside `form`, or on `fallback` when none is marked. */
      firstError: (form: Target, fallback?: Target) => setRequest({ target: () => firstError(form, fallback) }),
    }),
    [],
  );
}

/**
 * Where a screen says how an action went: always mounted, so focus can move to it as the message
 * appears. `message`, when set, shows as an alert (an error read out at once, an ok as a status);
 * `children` follow it inside the same focusable place.
 */
export function AlertRegion({
  ref,
  type,
  message,
  children,
}: {
  ref?: Ref<HTMLDivElement>;
  type: 'error' | 'ok';
  message?: string | false | null;
  children?: ReactNode;
}) {
  return (
    <div ref={ref} tabIndex={-1}>
      {message && (
        <Alert type={type} role={type === 'error' ? 'alert' : 'status'}>
          <Paragraph>{message}</Paragraph>
        </Alert>
      )}
      {children}
    </div>
  );
}

/** The six digits an authenticator app shows, as phones and password managers offer to fill them. */
export function TotpCodeField({
  name,
  value,
  onChange,
  label = 'Code uit de authenticator-app',
  description = 'De zes cijfers die de app nu toont.',
}: {
  name: string;
  value: string;
  onChange: (code: string) => void;
  label?: string;
  description?: string;
}) {
  return (
    <FormFieldTextbox
      label={label}
      description={description}
      name={name}
      inputMode="numeric"
      autoComplete="one-time-code"
      required
      value={value}
      onChange={(event) => onChange(valueOf(event))}
    />
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A wall-clock time in Europe/Amsterdam ('YYYY-MM-DDTHH:mm', as a datetime-local input gives it,
 * whatever zone the browser is in), written as the api wants it: with the offset of that moment.
 */
export function amsterdamIso(local: string): string {
  const [day, time] = local.split('T');
  const asUtc = Date.parse(`${day}T${time}:00Z`);
  // Two steps: near a clock change the offset at the first guess can differ from the answer's.
  const guess = asUtc - amsterdamOffsetMinutes(new Date(asUtc)) * 60_000;
  const offset = amsterdamOffsetMinutes(new Date(guess));
  const sign = offset < 0 ? '-' : '+';
  return `${day}T${time}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** The last minute of an Amsterdam day ('YYYY-MM-DD'): a due date entered as a date. */
export const endOfAmsterdamDayIso = (day: string) => amsterdamIso(`${day}T23:59`);

/** Today in Amsterdam as 'YYYY-MM-DD', for a date input's `min`. */
export const amsterdamToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** Now in Amsterdam as a datetime-local input's value ('YYYY-MM-DDTHH:mm'). */
export const amsterdamNowLocal = () =>
  new Date().toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).slice(0, 16).replace(' ', 'T');

/**
 * A select with its label, an optional empty first choice and its error tied to it with aria-describedby;
 * `name` is the api's field name, so an api error on it lands here.
 */
export function SelectField({
  id,
  name,
  label,
  description,
  value,
  options,
  empty,
  error,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  description?: string;
  value: string;
  options: { value: string; label: string }[];
  /** A first choice meaning "none chosen", if there is one. */
  empty?: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const describedBy = [description && `${id}-uitleg`, error && `${id}-fout`].filter(Boolean).join(' ');
  return (
    <FormField type="select" invalid={!!error}>
      <FormLabel htmlFor={id}>{label}</FormLabel>
      {description && <FormFieldDescription id={`${id}-uitleg`}>{description}</FormFieldDescription>}
      <Select
        id={id}
        name={name}
        value={value}
        invalid={!!error}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(valueOf(event))}
      >
        {empty !== undefined && <SelectOption value="">{empty}</SelectOption>}
        {options.map((option) => (
          <SelectOption key={option.value} value={option.value}>
            {option.label}
          </SelectOption>
        ))}
      </Select>
      {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
    </FormField>
  );
}

/**
 * GOV.UK's error summary: what is wrong in the whole form, above it, each line a link to its field,
 * so nobody tabs through the form to find it. The same text stands at the field itself.
 */
export function ErrorSummary({ form, errors }: { form: Target; errors: { field: string; message: string }[] }) {
  if (errors.length === 0) return null;
  const control = (field: string) =>
    form.current?.querySelector<HTMLElement>(`[name="${field}"], [name^="${field}."]`)?.focus();
  return (
    <Alert type="error">
      <Heading3>Er is een probleem</Heading3>
      <UnorderedList>
        {errors.map(({ field, message }) => (
          <UnorderedListItem key={field}>
            <Link
              href={`#${field}`}
              onClick={(event) => {
                event.preventDefault();
                control(field);
              }}
            >
              {message}
            </Link>
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </Alert>
  );
}

/**
 * One try at a step that either ends the step (`onDone`) or says why not: busy while it runs, and on
 * failure the reason shown in `errorRef`'s place and focused, so a screen reader hears it.
 */
export function useAttempt<T>(onDone: (value: T) => void, explain: (error: unknown) => string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const attempt = async (work: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await work());
    } catch (caught) {
      setError(explain(caught));
      focus.to(errorRef);
      setBusy(false);
    }
  };
  return { error, setError, busy, errorRef, focus, attempt };
}
