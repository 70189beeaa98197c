import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldCheckbox,
  FormFieldErrorMessage,
  FormFieldTextarea,
  FormFieldTextbox,
  FormLabel,
  Heading2,
  Heading3,
  Paragraph,
  Select,
  SelectOption,
  Link,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { isValidBsn } from '@vt/common/bsn';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../api';
import type { AdviceRequest } from '../api-models';
import type { CaseView } from '../case-view';
import {
  CHANNELS,
  label,
  plural,
  PERSON_ROLES,
  RED_FLAGS,
  REPORTER_KINDS,
  RISK_LEVELS,
  RISK_REASONS,
  VIOLENCE_TYPES,
} from '../labels';
import { amsterdamIso, amsterdamNowLocal, amsterdamToday, fieldErrorsOf, useFocusAfterRender } from '../forms';
import { AppLink, CheckboxGroup, DeadlineCountdown, ScreenTitle, valueOf } from '../ui';
import { OtherRegions } from './OtherRegions';

interface PersonInput {
  key: number;
  role: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  bsn: string;
}

type Errors = Record<string, string>;

/** An advice request the adviser turns into a report: the form starts from what it recorded. */
export type AdviceOrigin = Pick<AdviceRequest, 'id' | 'requester' | 'subjects' | 'question'>;

/** The api's field names where the form's control is named otherwise. */
const FIELD_NAMES: Record<string, string> = { 'reporter.email': 'reporterEmail' };

let nextKey = 1;
const emptyPerson = (role = 'victim'): PersonInput => ({
  key: nextKey++,
  role,
  firstName: '',
  lastName: '',
  dateOfBirth: '',
  bsn: '',
});

/** The api's intake rules, checked before sending so most mistakes show without a round trip. */
function validate(form: {
  receivedAt: string;
  persons: PersonInput[];
  /** A new case needs someone; a report on a case lists only people not in it yet. */
  personsRequired: boolean;
  violenceTypes: string[];
  reporterEmail: string;
}): Errors {
  const errors: Errors = {};
  if (!form.receivedAt) errors.receivedAt = 'Vul het tijdstip van ontvangst in.';
  else if (new Date(form.receivedAt) > new Date())
    errors.receivedAt = 'Het tijdstip van ontvangst ligt in de toekomst.';
  if (form.personsRequired && form.persons.length === 0) errors.persons = 'Voeg minstens één betrokkene toe.';
  form.persons.forEach((person, i) => {
    if (!person.firstName.trim()) errors[`persons.${i}.firstName`] = 'Vul de voornaam in.';
    if (!person.lastName.trim()) errors[`persons.${i}.lastName`] = 'Vul de achternaam in.';
    if (person.bsn && !isValidBsn(person.bsn.trim()))
      errors[`persons.${i}.bsn`] = 'Dit is geen geldig BSN: 9 cijfers die voldoen aan de elfproef.';
    if (person.dateOfBirth && (person.dateOfBirth < '1900-01-01' || person.dateOfBirth > amsterdamToday()))
      errors[`persons.${i}.dateOfBirth`] = 'De geboortedatum ligt tussen 1900 en vandaag.';
  });
  if (form.violenceTypes.length === 0) errors.violenceTypes = 'Kies minstens één vorm van geweld.';
  if (form.reporterEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.reporterEmail))
    errors['reporter.email'] = 'Vul een geldig e-mailadres in.';
  return errors;
}

function Result({ saved }: { saved: CaseView }) {
  return (
    <section aria-labelledby="resultaat" className="vt-stack">
      <Alert type="ok" role="status">
        <Heading2 id="resultaat">Melding opgeslagen als {saved.reference}</Heading2>
      </Alert>
      <Heading3>Risico</Heading3>
      <Paragraph>
        Risiconiveau: <strong>{label(RISK_LEVELS, saved.riskLevel)}</strong>
      </Paragraph>
      {saved.riskReasons && saved.riskReasons.length > 0 ? (
        <UnorderedList>
          {saved.riskReasons.map((reason) => (
            <UnorderedListItem key={reason}>{label(RISK_REASONS, reason)}</UnorderedListItem>
          ))}
        </UnorderedList>
      ) : (
        <Paragraph>Geen risicofactoren gemeld.</Paragraph>
      )}
      <Heading3>Radar</Heading3>
      {saved.radar ? (
        <Paragraph>
          {saved.radar.relatedCases === 0
            ? 'Geen eerdere casussen met deze betrokkenen.'
            : `${plural(saved.radar.relatedCases, 'eerdere casus', 'eerdere casussen')} met deze betrokkenen.`}{' '}
          {saved.radar.repeatWithin12Months
            ? 'Let op: herhaalde melding binnen 12 maanden.'
            : 'Geen herhaalde melding binnen 12 maanden.'}
        </Paragraph>
      ) : (
        <Paragraph>Geen radargegevens.</Paragraph>
      )}
      <OtherRegions regions={saved.radar?.otherRegions} />
      <Heading3>Termijnen</Heading3>
      <UnorderedList>
        {saved.deadlines.map((deadline) => (
          <UnorderedListItem key={deadline.id}>
            <DeadlineCountdown deadline={deadline} />
          </UnorderedListItem>
        ))}
      </UnorderedList>
      <Paragraph>
        <AppLink to={`/casussen/${saved.id}`}>Naar casus {saved.reference}</AppLink>
      </Paragraph>
    </section>
  );
}

/**
 * The intake form: a new case, or with `caseId` a report on that case (`add_report`). After a new
 * case is saved, "Nog een melding registreren" starts an empty form.
 */
export function NewReportScreen({ caseId }: { caseId?: string }) {
  const [round, setRound] = useState(0);
  const target = useQuery({
    queryKey: ['case', caseId],
    queryFn: () => api<CaseView>('GET', `/cases/${caseId}`),
    enabled: !!caseId,
  });
  if (!caseId) return <ReportForm key={round} onAnother={() => setRound((n) => n + 1)} />;
  if (target.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (target.isError) {
    return (
      <Alert type="error" role="alert">
        <Paragraph>De casus kon niet worden geladen: {target.error.message}</Paragraph>
      </Alert>
    );
  }
  return <ReportForm target={{ caseId, reference: target.data.reference }} />;
}

export function ReportForm({
  onAnother,
  target,
  advice,
}: {
  onAnother?: () => void;
  /** The case this report is about, if any. */
  target?: { caseId: string; reference: string };
  /** The advice request this report comes from, if any. */
  advice?: AdviceOrigin;
}) {
  const queries = useQueryClient();
  const [receivedAt, setReceivedAt] = useState(amsterdamNowLocal);
  const [acute, setAcute] = useState(false);
  const [channel, setChannel] = useState('phone');
  const [reporterKind, setReporterKind] = useState<string>(advice?.requester.kind ?? 'citizen');
  const [reporterName, setReporterName] = useState(advice?.requester.name ?? '');
  const [reporterPhone, setReporterPhone] = useState(advice?.requester.phone ?? '');
  const [reporterEmail, setReporterEmail] = useState(advice?.requester.email ?? '');
  const [persons, setPersons] = useState<PersonInput[]>(() => (target ? [] : [emptyPerson('victim')]));
  // An advice request's subjects include categories that are no violence type (reporting_code, signals).
  const [violenceTypes, setViolenceTypes] = useState<string[]>(
    () => advice?.subjects.filter((subject) => subject in VIOLENCE_TYPES) ?? [],
  );
  const [redFlags, setRedFlags] = useState<string[]>([]);
  const [narrative, setNarrative] = useState(advice ? `Adviesvraag: ${advice.question}` : '');
  const [errors, setErrors] = useState<Errors>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const addPersonRef = useRef<HTMLButtonElement>(null);
  const focus = useFocusAfterRender();

  const save = useMutation({
    mutationFn: (body: unknown) =>
      api<CaseView>(
        'POST',
        advice ? `/advice-requests/${advice.id}/report` : target ? `/cases/${target.caseId}/reports` : '/cases',
        body,
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['cases'] });
      if (target) void queries.invalidateQueries({ queryKey: ['case', target.caseId] });
      if (advice) void queries.invalidateQueries({ queryKey: ['advice-requests'] });
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error));
      focus.to(summaryRef);
    },
  });

  const setPerson = (index: number, change: Partial<PersonInput>) =>
    setPersons((list) => list.map((p, i) => (i === index ? { ...p, ...change } : p)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate({ receivedAt, persons, personsRequired: !target, violenceTypes, reporterEmail });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      focus.to(summaryRef);
      return;
    }
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    save.mutate({
      receivedAt: amsterdamIso(receivedAt),
      acute,
      channel,
      reporter: {
        kind: reporterKind,
        name: optional(reporterName),
        phone: optional(reporterPhone),
        email: optional(reporterEmail),
      },
      persons: persons.map((p) => ({
        role: p.role,
        firstName: p.firstName.trim(),
        lastName: p.lastName.trim(),
        dateOfBirth: optional(p.dateOfBirth),
        bsn: optional(p.bsn),
      })),
      violenceTypes,
      redFlags,
      narrative: optional(narrative),
    });
  };

  if (save.isSuccess) {
    return (
      <div className="vt-stack">
        <ScreenTitle title="Melding opgeslagen">Melding opgeslagen</ScreenTitle>
        <Result saved={save.data} />
        {onAnother && (
          <ButtonGroup>
            <Button appearance="secondary-action-button" onClick={onAnother}>
              Nog een melding registreren
            </Button>
          </ButtonGroup>
        )}
      </div>
    );
  }

  const errorList = Object.entries(errors);
  const fieldError = (field: string) => errors[field];
  const selectError = (field: string, id: string) =>
    errors[field] ? <FormFieldErrorMessage id={`${id}-fout`}>{errors[field]}</FormFieldErrorMessage> : null;

  return (
    <div className="vt-stack">
      {advice ? (
        <ScreenTitle title="Adviesvraag omzetten in melding">Adviesvraag omzetten in melding</ScreenTitle>
      ) : target ? (
        <ScreenTitle title={`Melding toevoegen aan ${target.reference}`}>
          Melding toevoegen aan {target.reference}
        </ScreenTitle>
      ) : (
        <ScreenTitle title="Nieuwe melding">Nieuwe melding</ScreenTitle>
      )}
      <div ref={summaryRef} tabIndex={-1}>
        {errorList.length > 0 && (
          <Alert type="error" role="alert">
            <Paragraph>
              Controleer de melding: {plural(errorList.length, 'veld klopt', 'velden kloppen')} nog niet.
            </Paragraph>
            {/* Each error leads to its field, so nobody has to tab through the whole form to find it. */}
            <UnorderedList>
              {errorList.map(([field, message]) => {
                const control = () =>
                  formRef.current?.querySelector<HTMLElement>(
                    `[name="${FIELD_NAMES[field] ?? field}"], [name^="${field}."]`,
                  );
                return (
                  <UnorderedListItem key={field}>
                    <Link
                      href={`#${field}`}
                      onClick={(event) => {
                        event.preventDefault();
                        control()?.focus();
                      }}
                    >
                      {message}
                    </Link>
                  </UnorderedListItem>
                );
              })}
            </UnorderedList>
          </Alert>
        )}
        {save.isError && errorList.length === 0 && (
          <Alert type="error" role="alert">
            <Paragraph>Opslaan is niet gelukt: {save.error.message}</Paragraph>
          </Alert>
        )}
      </div>
      <form ref={formRef} onSubmit={submit} noValidate className="vt-stack">
        <Fieldset>
          <FieldsetLegend>Ontvangst</FieldsetLegend>
          <FormFieldTextbox
            label="Ontvangen op"
            name="receivedAt"
            type="datetime-local"
            required
            value={receivedAt}
            invalid={!!fieldError('receivedAt')}
            errorMessage={fieldError('receivedAt')}
            onChange={(event) => setReceivedAt(valueOf(event))}
          />
          <FormField type="select">
            <FormLabel htmlFor="kanaal">Kanaal</FormLabel>
            <Select id="kanaal" value={channel} onChange={(event) => setChannel(valueOf(event))}>
              {Object.entries(CHANNELS).map(([code, text]) => (
                <SelectOption key={code} value={code}>
                  {text}
                </SelectOption>
              ))}
            </Select>
          </FormField>
          <FormFieldCheckbox
            label="Acute melding (veiligheidsbeoordeling binnen 24 uur)"
            name="acute"
            checked={acute}
            onChange={(event) => setAcute(event.target.checked)}
          />
        </Fieldset>

        <Fieldset>
          <FieldsetLegend>Melder</FieldsetLegend>
          <FormField type="select">
            <FormLabel htmlFor="melder-soort">Soort melder</FormLabel>
            <Select id="melder-soort" value={reporterKind} onChange={(event) => setReporterKind(valueOf(event))}>
              {Object.entries(REPORTER_KINDS).map(([code, text]) => (
                <SelectOption key={code} value={code}>
                  {text}
                </SelectOption>
              ))}
            </Select>
          </FormField>
          <FormFieldTextbox
            label="Naam melder (optioneel)"
            name="reporterName"
            maxLength={200}
            value={reporterName}
            onChange={(event) => setReporterName(valueOf(event))}
          />
          <FormFieldTextbox
            label="Telefoon melder (optioneel)"
            name="reporterPhone"
            type="tel"
            maxLength={40}
            value={reporterPhone}
            onChange={(event) => setReporterPhone(valueOf(event))}
          />
          <FormFieldTextbox
            label="E-mail melder (optioneel)"
            name="reporterEmail"
            type="email"
            maxLength={254}
            value={reporterEmail}
            invalid={!!fieldError('reporter.email')}
            errorMessage={fieldError('reporter.email')}
            onChange={(event) => setReporterEmail(valueOf(event))}
          />
        </Fieldset>

        <Fieldset>
          <FieldsetLegend>Betrokkenen</FieldsetLegend>
          {target && (
            <Paragraph>Alleen betrokkenen die nog niet in de casus staan; de anderen blijven gekoppeld.</Paragraph>
          )}
          {errors.persons && <FormFieldErrorMessage>{errors.persons}</FormFieldErrorMessage>}
          {persons.map((person, i) => (
            <div key={person.key} className="vt-person" role="group" aria-label={`Betrokkene ${i + 1}`}>
              <FormField type="select" invalid={!!errors[`persons.${i}.role`]}>
                <FormLabel htmlFor={`rol-${person.key}`}>Rol</FormLabel>
                <Select
                  id={`rol-${person.key}`}
                  name={`persons.${i}.role`}
                  value={person.role}
                  aria-describedby={errors[`persons.${i}.role`] ? `rol-${person.key}-fout` : undefined}
                  onChange={(event) => setPerson(i, { role: valueOf(event) })}
                >
                  {Object.entries(PERSON_ROLES).map(([code, text]) => (
                    <SelectOption key={code} value={code}>
                      {text}
                    </SelectOption>
                  ))}
                </Select>
                {selectError(`persons.${i}.role`, `rol-${person.key}`)}
              </FormField>
              <FormFieldTextbox
                label="Voornaam"
                name={`persons.${i}.firstName`}
                required
                maxLength={100}
                value={person.firstName}
                invalid={!!fieldError(`persons.${i}.firstName`)}
                errorMessage={fieldError(`persons.${i}.firstName`)}
                onChange={(event) => setPerson(i, { firstName: valueOf(event) })}
              />
              <FormFieldTextbox
                label="Achternaam"
                name={`persons.${i}.lastName`}
                required
                maxLength={100}
                value={person.lastName}
                invalid={!!fieldError(`persons.${i}.lastName`)}
                errorMessage={fieldError(`persons.${i}.lastName`)}
                onChange={(event) => setPerson(i, { lastName: valueOf(event) })}
              />
              <FormFieldTextbox
                label="Geboortedatum (optioneel)"
                name={`persons.${i}.dateOfBirth`}
                type="date"
                min="1900-01-01"
                max={amsterdamToday()}
                value={person.dateOfBirth}
                invalid={!!fieldError(`persons.${i}.dateOfBirth`)}
                errorMessage={fieldError(`persons.${i}.dateOfBirth`)}
                onChange={(event) => setPerson(i, { dateOfBirth: valueOf(event) })}
              />
              <FormFieldTextbox
                label="BSN (optioneel)"
                description="9 cijfers; wordt gecontroleerd met de elfproef."
                name={`persons.${i}.bsn`}
                maxLength={9}
                value={person.bsn}
                invalid={!!fieldError(`persons.${i}.bsn`)}
                errorMessage={fieldError(`persons.${i}.bsn`)}
                onChange={(event) => setPerson(i, { bsn: valueOf(event).replace(/\s/g, '') })}
              />
              {persons.length > 1 && (
                <Button
                  appearance="subtle-button"
                  onClick={() => {
                    setPersons((list) => list.filter((p) => p.key !== person.key));
                    // The button goes with its row; focus goes on to where people are added.
                    focus.to(addPersonRef);
                  }}
                >
                  Betrokkene {i + 1} verwijderen
                </Button>
              )}
            </div>
          ))}
          <Button
            ref={addPersonRef}
            appearance="secondary-action-button"
            onClick={() => setPersons((list) => [...list, emptyPerson(list.length === 1 ? 'suspect' : 'child')])}
          >
            Betrokkene toevoegen
          </Button>
        </Fieldset>

        <CheckboxGroup
          legend="Vormen van geweld (minstens één)"
          name="violenceTypes"
          options={VIOLENCE_TYPES}
          selected={violenceTypes}
          onChange={setViolenceTypes}
          error={errors.violenceTypes}
        />

        <CheckboxGroup
          legend="Rode vlaggen"
          name="redFlags"
          options={RED_FLAGS}
          selected={redFlags}
          onChange={setRedFlags}
        />

        <FormFieldTextarea
          label="Verslag van de melding (optioneel)"
          name="narrative"
          maxLength={20000}
          rows={6}
          value={narrative}
          invalid={!!fieldError('narrative')}
          errorMessage={fieldError('narrative')}
          onChange={(event) => setNarrative(valueOf(event))}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
            {save.isPending ? 'Bezig met opslaan…' : 'Melding opslaan'}
          </Button>
        </ButtonGroup>
      </form>
    </div>
  );
}
