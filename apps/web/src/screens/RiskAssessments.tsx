import {
  Alert,
  Button,
  FormFieldTextarea,
  Heading3,
  Paragraph,
  TableBody,
  TableCaption,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useRef, useState } from 'react';
import { api } from '../api';
import type { components } from '../api-types';
import { CaseView } from '../case-view';
import { AlertRegion, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { formatDateTime, label, REASSESSMENT_REASONS, RISK_LEVELS, RISK_REASONS } from '../labels';
import { ColumnHeaders, DataTable, valueOf } from '../ui';

type Answer = boolean | 'unknown';

type Instrument = components['schemas']['RiskInstrumentDto'];
type Assessment = components['schemas']['RiskAssessmentDto'];
type History = components['schemas']['RiskAssessmentHistoryDto'];

const LEVELS = Object.keys(RISK_LEVELS);
const ANSWERS: { value: string; label: string }[] = [
  { value: 'true', label: 'Ja' },
  { value: 'false', label: 'Nee' },
  { value: 'unknown', label: 'Onbekend' },
];
const answerOf = (value: string): Answer => (value === 'unknown' ? 'unknown' : value === 'true');
const textOf = (answer: Answer | undefined) => (answer === undefined ? '' : String(answer));

/** What the intake recorded, as answers to one instrument's items: the items it already answers yes. */
const prefillOf = (history: History, instrument: string): Record<string, Answer> => history.prefill[instrument] ?? {};

/** The history's direction in words: the latest level against the one before it. */
function trendOf(items: Assessment[]): string {
  if (items.length < 2) return 'Nog geen trend: er is één beoordeling.';
  const [latest, previous] = items;
  const change = LEVELS.indexOf(latest.level) - LEVELS.indexOf(previous.level);
  const from = label(RISK_LEVELS, previous.level);
  const to = label(RISK_LEVELS, latest.level);
  if (change > 0) return `Trend: gestegen van ${from} naar ${to}.`;
  if (change < 0) return `Trend: gedaald van ${from} naar ${to}.`;
  return `Trend: gelijk gebleven (${to}).`;
}

/**
 * Risk over time: the assessments of the case and of earlier cases of the household, newest first,
 * with the trend, and for caseworkers who may assess, the form for the next one.
 */
export function RiskAssessments({ c }: { c: CaseView }) {
  const history = useQuery({
    queryKey: ['case', c.id, 'risk-assessments'],
    queryFn: () => api<History>('GET', `/cases/${c.id}/risk-assessments`),
  });
  const instruments = useQuery({
    queryKey: ['risk-instruments'],
    queryFn: () => api<components['schemas']['RiskInstrumentsDto']>('GET', '/risk-instruments'),
    staleTime: Infinity,
  });
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const mayAssess = c.allowedOperations.includes('assess_risk');

  if (history.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (history.isError) {
    return <Paragraph>De risicobeoordelingen konden niet worden geladen: {history.error.message}</Paragraph>;
  }
  const { items, reassessmentDue, reassessmentReasons } = history.data;
  const instrument = instruments.data?.items[0];
  return (
    <div className="vt-stack">
      <Heading3>Risicobeoordelingen</Heading3>
      {reassessmentDue && (
        <Alert type="warning" role="status">
          <Paragraph>
            Herbeoordeling nodig: {reassessmentReasons.map((r) => label(REASSESSMENT_REASONS, r)).join('; ')}.
          </Paragraph>
        </Alert>
      )}
      {done && (
        <Alert type="ok" role="status">
          <Paragraph>Risicobeoordeling vastgelegd.</Paragraph>
        </Alert>
      )}
      {items.length === 0 ? (
        <Paragraph>
          Nog geen risicobeoordeling met een instrument; het risico komt uit de rode vlaggen van de melding.
        </Paragraph>
      ) : (
        <>
          <Paragraph>{trendOf(items)}</Paragraph>
          <DataTable>
            <TableCaption>Verloop van het risico, nieuwste eerst</TableCaption>
            <ColumnHeaders columns={['Datum', 'Niveau', 'Score', 'Oordeel professional', 'Door', 'Casus']} />
            <TableBody>
              {items.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{formatDateTime(a.assessedAt)}</TableCell>
                  <TableCell>
                    <span className="vt-bar" aria-hidden="true">
                      <span style={{ width: `${((LEVELS.indexOf(a.level) + 1) / LEVELS.length) * 100}%` }} />
                    </span>{' '}
                    {label(RISK_LEVELS, a.level)}
                    {a.reasons.length > 0 && ` — ${a.reasons.map((r) => label(RISK_REASONS, r)).join('; ')}`}
                  </TableCell>
                  <TableCell>{a.score}</TableCell>
                  <TableCell>
                    {a.professionalJudgement
                      ? `${label(RISK_LEVELS, a.calculatedLevel)} → ${label(RISK_LEVELS, a.professionalJudgement.level)}: ${a.professionalJudgement.reason}`
                      : 'Geen'}
                  </TableCell>
                  <TableCell>
                    {a.assessedBy.name} ({a.assessedBy.organisationName})
                  </TableCell>
                  <TableCell>{a.fromLinkedCase ? `Eerdere casus ${a.caseReference}` : 'Deze casus'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        </>
      )}
      {mayAssess &&
        instrument &&
        (open ? (
          <AssessmentForm
            caseId={c.id}
            instrument={instrument}
            prefill={prefillOf(history.data, instrument.code)}
            onDone={() => {
              setOpen(false);
              setDone(true);
            }}
            onCancel={() => setOpen(false)}
          />
        ) : (
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              setOpen(true);
              setDone(false);
            }}
          >
            Risico beoordelen
          </Button>
        ))}
    </div>
  );
}

/** One answer per item (prefilled from the intake's red flags), and optionally the professional's judgement. */
function AssessmentForm({
  caseId,
  instrument,
  prefill,
  onDone,
  onCancel,
}: {
  caseId: string;
  instrument: Instrument;
  prefill: Record<string, Answer>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const queries = useQueryClient();
  const id = useId();
  const [answers, setAnswers] = useState<Record<string, Answer>>(prefill);
  const [judgementLevel, setJudgementLevel] = useState('');
  const [judgementReason, setJudgementReason] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const save = useMutation({
    mutationFn: () =>
      api('POST', `/cases/${caseId}/risk-assessments`, {
        instrument: instrument.code,
        items: answers,
        ...(judgementLevel ? { professionalJudgement: { level: judgementLevel, reason: judgementReason } } : {}),
      }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      onDone();
    },
    onError: () => focus.firstError(formRef, alertRef),
  });
  const errors: Record<string, string> = {
    ...fieldErrorsOf(save.error),
    ...Object.fromEntries(missing.map((code) => [`items.${code}`, 'Kies ja, nee of onbekend.'])),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const unanswered = instrument.items.filter((item) => answers[item.code] === undefined).map((item) => item.code);
    setMissing(unanswered);
    if (unanswered.length > 0) focus.firstError(formRef);
    else save.mutate();
  };
  const placed = Object.keys(errors).some((field) => field.startsWith('items.') || field.startsWith('professional'));
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Risicobeoordeling">
      <Heading3>{instrument.name}</Heading3>
      <Paragraph>{instrument.description}</Paragraph>
      {instrument.items.map((item) => (
        <SelectField
          key={item.code}
          id={`${id}-${item.code}`}
          name={`items.${item.code}`}
          label={item.question}
          value={textOf(answers[item.code])}
          options={ANSWERS}
          empty="Kies…"
          error={errors[`items.${item.code}`]}
          onChange={(value) =>
            setAnswers((all) => {
              const next = { ...all };
              if (value === '') delete next[item.code];
              else next[item.code] = answerOf(value);
              return next;
            })
          }
        />
      ))}
      <SelectField
        id={`${id}-oordeel`}
        name="professionalJudgement.level"
        label="Oordeel professional (optioneel)"
        description="Wijkt uw oordeel af van de uitkomst, kies dan het niveau en licht het toe."
        value={judgementLevel}
        options={Object.entries(RISK_LEVELS).map(([value, text]) => ({ value, label: text }))}
        empty="Geen eigen oordeel"
        error={errors['professionalJudgement.level']}
        onChange={setJudgementLevel}
      />
      {judgementLevel && (
        <FormFieldTextarea
          label="Reden van uw oordeel"
          name="professionalJudgement.reason"
          rows={3}
          maxLength={4000}
          value={judgementReason}
          invalid={!!errors['professionalJudgement.reason']}
          errorMessage={errors['professionalJudgement.reason']}
          onChange={(event) => setJudgementReason(valueOf(event))}
        />
      )}
      <AlertRegion
        ref={alertRef}
        type="error"
        message={save.isError && !placed && `Vastleggen is niet gelukt: ${save.error.message}`}
      />
      <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
        Beoordeling vastleggen
      </Button>
      <Button type="button" appearance="secondary-action-button" onClick={onCancel}>
        Annuleren
      </Button>
    </form>
  );
}
