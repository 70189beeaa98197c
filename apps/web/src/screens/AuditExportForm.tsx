import { Button, FormFieldTextbox, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { download } from '../api';
import { AlertRegion, amsterdamToday, Errors, fieldErrorsOf, useFocusAfterRender } from '../forms';
import { valueOf } from '../ui';

/** The api's longest period (`GET /audit/export.csv`). */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` ('YYYY-MM-DD'), both included. */
const daysIncluded = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;

const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * DAY_MS).toISOString().slice(0, 10);

/** The regels of a period as a CSV file, for a spreadsheet or an inquiry. */
export function AuditExportForm() {
  const [period, setPeriod] = useState(() => {
    const today = amsterdamToday();
    return { from: daysBefore(today, 29), to: today };
  });
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<string | null>(null);
  // Local state, set with the focus request in one batch, so the alert is drawn when focus moves.
  const [failure, setFailure] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const exportCsv = useMutation({
    mutationFn: (chosen: { from: string; to: string }) => {
      const filename = `auditlog-${chosen.from}-${chosen.to}.csv`;
      const params = new URLSearchParams(chosen);
      return download(`/audit/export.csv?${params}`, filename).then(() => filename);
    },
    onMutate: () => {
      setSaved(null);
      setFailure(null);
    },
    onSuccess: (filename) => setSaved(filename),
    onError: (error) => {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      setFailure(Object.keys(fields).length > 0 ? null : error.message);
      focus.firstError(formRef, alertRef);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (exportCsv.isPending) return;
    const found: Errors = {};
    if (!period.from) found.from = 'Vul de eerste dag in.';
    if (!period.to) found.to = 'Vul de laatste dag in.';
    else if (period.from && period.to < period.from) found.to = 'De laatste dag ligt vóór de eerste.';
    else if (period.from && daysIncluded(period.from, period.to) > MAX_DAYS) {
      found.to = `Kies een periode van hoogstens ${MAX_DAYS} dagen.`;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) focus.firstError(formRef);
    else exportCsv.mutate(period);
  };
  const field = (name: 'from' | 'to', text: string) => (
    <FormFieldTextbox
      label={text}
      name={name}
      type="date"
      value={period[name]}
      invalid={!!errors[name]}
      errorMessage={errors[name]}
      onChange={(event) => setPeriod((p) => ({ ...p, [name]: valueOf(event) }))}
    />
  );

  return (
    <section aria-labelledby="exporteren" className="vt-stack">
      <Heading2 id="exporteren">Exporteren</Heading2>
      <Paragraph>
        Alle regels die u mag zien van een periode van hoogstens {MAX_DAYS} dagen, als CSV-bestand voor een spreadsheet.
        Het downloaden wordt zelf ook in de auditlog vastgelegd.
      </Paragraph>
      <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Auditlog exporteren">
        {field('from', 'Eerste dag')}
        {field('to', 'Laatste dag')}
        {/* aria-disabled, not disabled: the button keeps focus while the file is made. */}
        <Button type="submit" appearance="secondary-action-button" aria-disabled={exportCsv.isPending}>
          Auditlog downloaden (CSV)
        </Button>
      </form>
      <Paragraph role="status">
        {exportCsv.isPending ? 'Het bestand wordt gemaakt…' : saved ? `${saved} is gedownload.` : ''}
      </Paragraph>
      {failure && <AlertRegion ref={alertRef} type="error" message={`Downloaden is niet gelukt: ${failure}`} />}
    </section>
  );
}
