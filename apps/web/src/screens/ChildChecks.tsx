import {
  Button,
  FormFieldCheckbox,
  FormFieldTextarea,
  FormFieldTextbox,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useRef, useState } from 'react';
import { api } from '../api';
import type { OrganisationList } from '../api-models';
import { CaseView, ChildCheck } from '../case-view';
import { AlertRegion, fieldErrorsOf, SelectField, useFocusAfterRender } from '../forms';
import { CHILD_INVOLVEMENTS, formatDateTime, label, REFERRAL_REASONS } from '../labels';
import { DeadlineCountdown, valueOf } from '../ui';
import { Step, useConfirm, useStep } from './Steps';

type Person = CaseView['persons'][number];

/** The check as the api takes it: texts left empty, or hidden by their flag, are sent as null. */
interface Draft {
  seen: boolean;
  spokenTo: boolean;
  childView: string;
  involvement: string;
  caregivers: string;
  schoolKnown: boolean;
  school: string;
}

const draftOf = (check: ChildCheck | null): Draft => ({
  seen: check?.seen ?? false,
  spokenTo: check?.spokenTo ?? false,
  childView: check?.childView ?? '',
  involvement: check?.involvement ?? '',
  caregivers: check?.caregivers ?? '',
  schoolKnown: check?.schoolKnown ?? false,
  school: check?.school ?? '',
});

const textOrNull = (text: string) => (text.trim() === '' ? null : text);
const yesNo = (value: boolean) => (value ? 'ja' : 'nee');

/** The recorded check in words; the child's own words only when the user's categories show them. */
function CheckSummary({ check }: { check: ChildCheck }) {
  return (
    <UnorderedList>
      <UnorderedListItem>Gezien: {yesNo(check.seen)}</UnorderedListItem>
      <UnorderedListItem>Gesproken: {yesNo(check.spokenTo)}</UnorderedListItem>
      <UnorderedListItem>Betrokken als: {label(CHILD_INVOLVEMENTS, check.involvement).toLowerCase()}</UnorderedListItem>
      {check.childView !== undefined && (
        <UnorderedListItem>Wat het kind zelf zegt: {check.childView ?? '—'}</UnorderedListItem>
      )}
      <UnorderedListItem>Wie zorgt er voor het kind: {check.caregivers ?? 'onbekend'}</UnorderedListItem>
      <UnorderedListItem>
        School of kinderopvang: {check.schoolKnown ? (check.school ?? 'bekend') : 'niet bekend'}
      </UnorderedListItem>
      <UnorderedListItem>Laatst bijgewerkt: {formatDateTime(check.updatedAt)}</UnorderedListItem>
    </UnorderedList>
  );
}

/** The whole check of one child, sent with PUT; the api's field errors land at their fields. */
function ChildCheckForm({
  caseId,
  child,
  check,
  onDone,
}: {
  caseId: string;
  child: Person;
  check: ChildCheck | null;
  onDone: () => void;
}) {
  const queries = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(check));
  const [missing, setMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const step = useStep();
  const save = useMutation({
    mutationFn: () =>
      api('PUT', `/cases/${caseId}/persons/${child.id}/child-check`, {
        seen: draft.seen,
        spokenTo: draft.spokenTo,
        childView: draft.spokenTo ? textOrNull(draft.childView) : null,
        involvement: draft.involvement,
        caregivers: textOrNull(draft.caregivers),
        schoolKnown: draft.schoolKnown,
        school: draft.schoolKnown ? textOrNull(draft.school) : null,
      }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      step?.close();
      onDone();
    },
    onError: () => focus.firstError(formRef, alertRef),
  });
  const errors = fieldErrorsOf(save.error);
  const named = ['seen', 'spokenTo', 'childView', 'involvement', 'caregivers', 'schoolKnown', 'school'];
  const unplaced = save.isError && !named.some((field) => errors[field]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((all) => ({ ...all, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(draft.involvement === '');
    if (draft.involvement === '') focus.firstError(formRef);
    else save.mutate();
  };
  const who = child.firstName;
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="vt-stack"
      aria-label={`Kindcheck van ${who} ${child.lastName}`}
    >
      <FormFieldCheckbox
        label={`${who} is gezien`}
        checked={draft.seen}
        onChange={(event) => set('seen', event.target.checked)}
      />
      <FormFieldCheckbox
        label={`Er is met ${who} gesproken`}
        checked={draft.spokenTo}
        onChange={(event) => set('spokenTo', event.target.checked)}
      />
      {draft.spokenTo && (
        <FormFieldTextarea
          label={`Wat ${who} zelf zegt (in de woorden van het kind, optioneel)`}
          name="childView"
          rows={3}
          maxLength={4000}
          value={draft.childView}
          invalid={!!errors.childView}
          errorMessage={errors.childView}
          onChange={(event) => set('childView', valueOf(event))}
        />
      )}
      <SelectField
        id={`${id}-involvement`}
        name="involvement"
        label={`${who} is betrokken als`}
        value={draft.involvement}
        options={Object.entries(CHILD_INVOLVEMENTS).map(([value, text]) => ({ value, label: text }))}
        empty="Kies…"
        error={missing ? 'Kies hoe het kind betrokken is.' : errors.involvement}
        onChange={(value) => set('involvement', value)}
      />
      <FormFieldTextbox
        label={`Wie zorgt er voor ${who} (optioneel)`}
        name="caregivers"
        maxLength={500}
        value={draft.caregivers}
        invalid={!!errors.caregivers}
        errorMessage={errors.caregivers}
        onChange={(event) => set('caregivers', valueOf(event))}
      />
      <FormFieldCheckbox
        label="School of kinderopvang is bekend"
        checked={draft.schoolKnown}
        onChange={(event) => set('schoolKnown', event.target.checked)}
      />
      {draft.schoolKnown && (
        <FormFieldTextbox
          label="Welke school of kinderopvang (optioneel)"
          name="school"
          maxLength={200}
          value={draft.school}
          invalid={!!errors.school}
          errorMessage={errors.school}
          onChange={(event) => set('school', valueOf(event))}
        />
      )}
      <AlertRegion ref={alertRef} type="error" message={unplaced && `Niet gelukt: ${save.error!.message}`} />
      <Button type="submit" appearance="primary-action-button" disabled={save.isPending}>
        Kindcheck opslaan
      </Button>
    </form>
  );
}

/** Children of a victim of (attempted) partner killing: the board joins the network at once. */
function ReferralForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const queries = useQueryClient();
  const id = useId();
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => api<OrganisationList>('GET', '/organisations'),
  });
  const [reason, setReason] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [missing, setMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const step = useStep();
  const refer = useMutation({
    mutationFn: () =>
      api('POST', `/cases/${caseId}/child-protection-referral`, {
        reason,
        ...(organisationId ? { organisationId } : {}),
      }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['case', caseId] });
      step?.close();
      onDone();
    },
    onError: () => focus.firstError(formRef, alertRef),
  });
  const errors = fieldErrorsOf(refer.error);
  const boards = (organisations.data?.items ?? []).filter((o) => o.kind === 'child_protection_board');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(reason === '');
    if (reason === '') focus.firstError(formRef);
    else refer.mutate();
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="vt-stack" aria-label="Raad inschakelen">
      <Paragraph>
        De Raad voor de Kinderbescherming wordt op wettelijke grondslag aan het netwerk toegevoegd, ziet alle gegevens
        van deze casus en krijgt direct bericht.
      </Paragraph>
      <SelectField
        id={`${id}-reason`}
        name="reason"
        label="Aanleiding"
        value={reason}
        options={Object.entries(REFERRAL_REASONS).map(([value, text]) => ({ value, label: text }))}
        empty="Kies…"
        error={missing ? 'Kies de aanleiding.' : errors.reason}
        onChange={setReason}
      />
      <SelectField
        id={`${id}-organisation`}
        name="organisationId"
        label="Raad voor de Kinderbescherming"
        value={organisationId}
        options={boards.map((b) => ({ value: b.id, label: b.name }))}
        empty="De Raad in de regio van onze organisatie"
        error={errors.organisationId}
        onChange={setOrganisationId}
      />
      <AlertRegion
        ref={alertRef}
        type="error"
        message={refer.isError && !errors.reason && !errors.organisationId && `Niet gelukt: ${refer.error.message}`}
      />
      <Button type="submit" appearance="primary-action-button" disabled={refer.isPending}>
        Raad inschakelen
      </Button>
    </form>
  );
}

/**
 * Kinderen: per child its term, its check as far as the user's categories show it, and for the
 * receiving Veilig Thuis's caseworkers the form. A step done is confirmed above (`Confirmations`).
 */
export function ChildChecks({ c }: { c: CaseView }) {
  const confirmStep = useConfirm();
  const confirm = (message: string) => () => confirmStep?.(message);
  const children = c.persons.filter((p, i, all) => p.role === 'child' && all.findIndex((o) => o.id === p.id) === i);
  const mayRecord = c.allowedOperations.includes('record_child_check');
  return (
    <div className="vt-stack">
      {children.length === 0 && <Paragraph>Er zijn geen kinderen in deze casus.</Paragraph>}
      {children.length > 0 && c.childChecks === undefined && (
        <Paragraph>Uw organisatie ziet de kindchecks van deze casus niet.</Paragraph>
      )}
      {children.map((child) => {
        const check = c.childChecks?.find((k) => k.personId === child.id)?.check ?? null;
        const term = c.deadlines.find((d) => d.kind === 'child_check' && d.subjectId === child.id);
        return (
          <section key={child.id} className="vt-person vt-stack" aria-labelledby={`kind-${child.id}`}>
            <Heading3 id={`kind-${child.id}`}>
              {child.firstName} {child.lastName}
            </Heading3>
            {term && (
              <Paragraph>
                <DeadlineCountdown deadline={term} /> (uiterlijk {formatDateTime(term.dueAt)})
              </Paragraph>
            )}
            {c.childChecks !== undefined &&
              (check ? <CheckSummary check={check} /> : <Paragraph>Nog geen kindcheck vastgelegd.</Paragraph>)}
            {mayRecord && (
              <Step title={check ? `Kindcheck van ${child.firstName} bijwerken` : `Kindcheck van ${child.firstName}`}>
                <ChildCheckForm
                  caseId={c.id}
                  child={child}
                  check={check}
                  onDone={confirm(`Kindcheck van ${child.firstName} opgeslagen.`)}
                />
              </Step>
            )}
          </section>
        );
      })}
      {c.childProtectionReferral && (
        <Paragraph>
          Raad voor de Kinderbescherming ingeschakeld op {formatDateTime(c.childProtectionReferral.referredAt)} (
          {label(REFERRAL_REASONS, c.childProtectionReferral.reason).toLowerCase()}).
        </Paragraph>
      )}
      {c.allowedOperations.includes('refer_child_protection') && (
        <Step title="Raad voor de Kinderbescherming inschakelen (partnerdoding)">
          <ReferralForm caseId={c.id} onDone={confirm('De Raad voor de Kinderbescherming is ingeschakeld.')} />
        </Step>
      )}
    </div>
  );
}
