import {
  Alert,
  Button,
  FormFieldCheckbox,
  FormFieldTextarea,
  FormFieldTextbox,
  Heading2,
  Paragraph,
  TableBody,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api } from '../api';
import type { AdviceRequest, AdviceRequestPage } from '../api-models';
import { amsterdamIso, amsterdamNowLocal, Errors, fieldErrorsOf, SelectField } from '../forms';
import { dutch, formatDateTime, label, REPORTER_KINDS } from '../labels';
import { AppLink, CheckboxGroup, ColumnHeaders, DataTable, ScreenTitle, valueOf } from '../ui';
import { ReportForm } from './NewReportScreen';

const SUBJECTS: Record<string, string> = {
  partner_violence: 'Partnergeweld',
  child_abuse: 'Kindermishandeling',
  elder_abuse: 'Ouderenmishandeling',
  stalking: 'Stalking',
  honour_related: 'Eergerelateerd geweld',
  sexual_violence: 'Seksueel geweld',
  psychological: 'Psychisch geweld',
  financial: 'Financieel misbruik',
  reporting_code: 'Meldcode',
  signals: 'Signalen duiden',
  other: 'Anders',
};

const ORGANISATION_KINDS: Record<string, string> = {
  school: 'School',
  childcare: 'Kinderopvang',
  gp: 'Huisarts',
  hospital: 'Ziekenhuis',
  youth_care: 'Jeugdhulp',
  social_team: 'Wijkteam',
  police: 'Politie',
  other: 'Anders',
};

const blank = () => ({
  askedAt: amsterdamNowLocal(),
  anonymous: false,
  kind: 'professional',
  organisationKind: '',
  name: '',
  phone: '',
  email: '',
  subjects: [] as string[],
  question: '',
  advice: '',
  durationMinutes: '',
});

/**
 * Adviesvragen (docs/feedback-and-follow-up.md): a consultation without a case, anonymous or not,
 * recorded by a Veilig Thuis caseworker and counted apart from reports. When the adviser decides
 * one is a report, "Omzetten in melding" opens the intake form, filled in from the request.
 */
export function AdviceRequestsScreen() {
  const [converting, setConverting] = useState<AdviceRequest | null>(null);
  if (converting) {
    return (
      <div className="vt-stack">
        <ReportForm advice={converting} />
        <Paragraph>
          <Button appearance="secondary-action-button" onClick={() => setConverting(null)}>
            Terug naar de adviesvragen
          </Button>
        </Paragraph>
      </div>
    );
  }
  return <AdviceRequests onConvert={setConverting} />;
}

function AdviceRequests({ onConvert }: { onConvert: (request: AdviceRequest) => void }) {
  const client = useQueryClient();
  const [values, setValues] = useState(blank);
  const [errors, setErrors] = useState<Errors>({});
  const list = useQuery({
    queryKey: ['advice-requests'],
    queryFn: () => api<AdviceRequestPage>('GET', '/advice-requests'),
  });
  const save = useMutation({
    mutationFn: () =>
      api('POST', '/advice-requests', {
        askedAt: amsterdamIso(values.askedAt),
        anonymous: values.anonymous,
        requester: {
          kind: values.kind,
          ...(values.organisationKind ? { organisationKind: values.organisationKind } : {}),
          ...(values.anonymous
            ? {}
            : Object.fromEntries(
                (['name', 'phone', 'email'] as const).filter((f) => values[f].trim()).map((f) => [f, values[f].trim()]),
              )),
        },
        subjects: values.subjects,
        question: values.question,
        advice: values.advice,
        durationMinutes: Number(values.durationMinutes),
      }),
    onSuccess: () => {
      setValues(blank());
      setErrors({});
      void client.invalidateQueries({ queryKey: ['advice-requests'] });
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const set = (field: keyof ReturnType<typeof blank>) => (event: { target: EventTarget }) =>
    setValues({ ...values, [field]: valueOf(event) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <div className="vt-stack">
      <ScreenTitle title="Adviesvragen">Adviesvragen</ScreenTitle>
      <form aria-labelledby="nieuwe-adviesvraag" className="vt-stack" onSubmit={submit} noValidate>
        <Heading2 id="nieuwe-adviesvraag">Adviesvraag vastleggen</Heading2>
        <FormFieldTextbox
          label="Gevraagd op"
          name="askedAt"
          type="datetime-local"
          value={values.askedAt}
          onChange={set('askedAt')}
          invalid={!!errors.askedAt}
          errorMessage={errors.askedAt}
        />
        <FormFieldCheckbox
          label="Anoniem: geen naam, telefoon of e-mail vastleggen"
          name="anonymous"
          checked={values.anonymous}
          onChange={(event) => setValues({ ...values, anonymous: event.target.checked })}
        />
        <SelectField
          id="advies-soort"
          name="requester.kind"
          label="Wie vraagt advies"
          value={values.kind}
          options={Object.entries(REPORTER_KINDS).map(([value, text]) => ({ value, label: text }))}
          onChange={(kind) => setValues({ ...values, kind })}
        />
        <SelectField
          id="advies-organisatie"
          name="requester.organisationKind"
          label="Soort organisatie (optioneel)"
          value={values.organisationKind}
          empty="Geen of onbekend"
          options={Object.entries(ORGANISATION_KINDS).map(([value, text]) => ({ value, label: text }))}
          onChange={(organisationKind) => setValues({ ...values, organisationKind })}
        />
        {!values.anonymous && (
          <>
            <FormFieldTextbox label="Naam (optioneel)" name="name" value={values.name} onChange={set('name')} />
            <FormFieldTextbox label="Telefoon (optioneel)" name="phone" value={values.phone} onChange={set('phone')} />
            <FormFieldTextbox
              label="E-mail (optioneel)"
              name="email"
              type="email"
              value={values.email}
              onChange={set('email')}
              invalid={!!errors['requester.email']}
              errorMessage={errors['requester.email']}
            />
          </>
        )}
        <CheckboxGroup
          legend="Onderwerpen"
          name="subjects"
          options={SUBJECTS}
          selected={values.subjects}
          onChange={(subjects) => setValues({ ...values, subjects })}
          error={errors.subjects}
        />
        <FormFieldTextarea
          label="Vraag"
          name="question"
          value={values.question}
          onChange={set('question')}
          invalid={!!errors.question}
          errorMessage={errors.question}
        />
        <FormFieldTextarea
          label="Gegeven advies"
          name="advice"
          value={values.advice}
          onChange={set('advice')}
          invalid={!!errors.advice}
          errorMessage={errors.advice}
        />
        <FormFieldTextbox
          label="Duur (minuten)"
          name="durationMinutes"
          type="number"
          value={values.durationMinutes}
          onChange={set('durationMinutes')}
          invalid={!!errors.durationMinutes}
          errorMessage={errors.durationMinutes}
        />
        {save.isError && (
          <Alert type="error" role="alert">
            <Paragraph>Vastleggen is niet gelukt: {dutch(save.error.message)}</Paragraph>
          </Alert>
        )}
        {save.isSuccess && <Paragraph role="status">De adviesvraag is vastgelegd.</Paragraph>}
        <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
          Adviesvraag vastleggen
        </Button>
      </form>

      <section aria-labelledby="adviesvragen" className="vt-stack">
        <Heading2 id="adviesvragen">Vastgelegde adviesvragen</Heading2>
        {list.isPending && <Paragraph>Bezig met laden…</Paragraph>}
        {list.isError && <Paragraph>De adviesvragen konden niet worden geladen: {dutch(list.error.message)}</Paragraph>}
        {list.data?.items.length === 0 && <Paragraph>Nog geen adviesvragen.</Paragraph>}
        {list.data && list.data.items.length > 0 && (
          <DataTable>
            <ColumnHeaders columns={['Gevraagd', 'Wie', 'Onderwerpen', 'Vraag en advies', 'Melding']} />
            <TableBody>
              {list.data.items.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>
                    {formatDateTime(a.askedAt)} ({a.durationMinutes} min)
                  </TableCell>
                  <TableCell>
                    {label(REPORTER_KINDS, a.requester.kind)}
                    {a.requester.organisationKind && `, ${label(ORGANISATION_KINDS, a.requester.organisationKind)}`}
                    {a.anonymous ? ', anoniem' : a.requester.name ? `, ${a.requester.name}` : ''}
                  </TableCell>
                  <TableCell>{a.subjects.map((s) => label(SUBJECTS, s)).join(', ')}</TableCell>
                  <TableCell>
                    {a.question} Advies: {a.advice}
                  </TableCell>
                  <TableCell>
                    {a.caseId ? (
                      <AppLink to={`/casussen/${a.caseId}`}>Casus</AppLink>
                    ) : (
                      <Button
                        appearance="secondary-action-button"
                        aria-label={`Omzetten in melding: adviesvraag van ${formatDateTime(a.askedAt)}`}
                        onClick={() => onConvert(a)}
                      >
                        Omzetten in melding
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        )}
      </section>
    </div>
  );
}
