import {
  Alert,
  Button,
  FormField,
  FormFieldTextarea,
  FormLabel,
  Heading2,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { api, ApiError, User } from '../api';
import type { Deadline } from '../countdown';
import {
  ACTION_STATUSES,
  CATEGORIES,
  DEADLINE_STATUSES,
  formatDate,
  formatDateTime,
  label,
  LEGAL_BASES,
  PERSON_ROLES,
  PHASES,
  RED_FLAGS,
  RISK_LEVELS,
  RISK_REASONS,
  VIOLENCE_TYPES,
} from '../labels';
import { hasRole, useSession } from '../session';
import { AddPartnerForm } from './AddPartnerForm';
import { LookupsPanel } from './LookupsPanel';
import { ColumnHeaders, DeadlineCountdown, ScreenTitle, valueOf } from '../ui';

interface CaseView {
  id: string;
  reference: string;
  phase: string;
  acute: boolean;
  receivedAt: string;
  organisationId: string;
  regieOrganisationId: string;
  regisseur: { userId: string; organisationId: string } | null;
  regieHistory: { toUserId: string; toOrganisationId: string; reason: string | null; assignedAt: string }[];
  persons: {
    id: string;
    role: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    bsnLast4?: string;
  }[];
  deadlines: Deadline[];
  partners: {
    organisationId: string;
    organisationName: string | null;
    legalBasis: string;
    legalBasisRef: string;
    categories: string[];
    expiresAt: string | null;
  }[];
  violenceTypes?: string[];
  redFlags?: string[];
  riskLevel?: string;
  riskReasons?: string[];
  actions?: { id: string; assigneeOrganisationId: string; description: string; dueAt: string; status: string }[];
  escalations?: {
    id: string;
    targetOrganisationId: string;
    reason: string;
    raisedAt: string;
    resolution: string | null;
  }[];
}

interface TimelineEvent {
  id: string;
  occurredAt: string;
  type: string;
}

const dutch = (message: string) => message.split(' / ')[0];

// The timeline's common events in words; any other type shows with its code.
const EVENT_TYPES: Record<string, string> = {
  case_opened: 'Casus geopend',
  report_received: 'Melding ontvangen',
  risk_assessed: 'Risico bepaald',
  radar_linked: 'Gekoppeld aan eerdere casus (radar)',
  regisseur_changed: 'Regie gewijzigd',
  partner_added: 'Netwerkpartner toegevoegd',
  partner_removed: 'Netwerkpartner verwijderd',
  safety_assessed: 'Veiligheidsbeoordeling vastgelegd',
  phase_changed: 'Fase gewijzigd',
  action_created: 'Afspraak gemaakt',
  action_updated: 'Afspraak bijgewerkt',
  escalation_raised: 'Doorzettingsmacht ingezet',
  escalation_resolved: 'Doorzettingsmacht afgehandeld',
  investigation_completed: 'Onderzoek afgerond',
  note_added: 'Notitie toegevoegd',
  meeting_decision: 'Besluit in overleg',
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="vt-stack">
      <Heading2 id={id}>{title}</Heading2>
      {children}
    </section>
  );
}

/** What the api lets this user do now (DESIGN.md section 6 and API.md's "who" column). */
function allowedTransitions(c: CaseView, user: User | null) {
  const regieOrg = user?.organisationId === c.regieOrganisationId;
  const isRegisseur = c.regisseur?.userId === user?.id;
  return {
    assess: c.phase === 'triage' && regieOrg && hasRole(user, 'caseworker'),
    complete: c.phase === 'investigation' && isRegisseur,
    close: c.phase === 'follow_up' && isRegisseur,
    takeRegie: c.phase !== 'closed' && regieOrg && hasRole(user, 'supervisor') && !isRegisseur,
  };
}

function ChoiceField(props: {
  id: string;
  label: string;
  value: string;
  options: Record<string, string>;
  onChange: (value: string) => void;
}) {
  return (
    <FormField type="select">
      <FormLabel htmlFor={props.id}>{props.label}</FormLabel>
      <Select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {Object.entries(props.options).map(([code, text]) => (
          <SelectOption key={code} value={code}>
            {text}
          </SelectOption>
        ))}
      </Select>
    </FormField>
  );
}

/** One transition: a short form, posted to its endpoint; the api's refusal is shown as is. */
function TransitionForm(props: {
  title: string;
  path: string;
  textField: string;
  textLabel: string;
  choices?: { field: string; label: string; options: Record<string, string> }[];
  caseId: string;
}) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [choices, setChoices] = useState<Record<string, string>>(() =>
    Object.fromEntries((props.choices ?? []).map((c) => [c.field, Object.keys(c.options)[0]])),
  );
  const [textError, setTextError] = useState<string | undefined>();
  const send = useMutation({
    mutationFn: () =>
      api('POST', `/cases/${props.caseId}${props.path}`, { ...choices, [props.textField]: text.trim() }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['case', props.caseId] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setTextError('Vul dit veld in.');
      return;
    }
    setTextError(undefined);
    send.mutate();
  };
  const apiFieldError =
    send.error instanceof ApiError ? send.error.details.find((d) => d.field === props.textField) : undefined;
  return (
    <form onSubmit={submit} noValidate className="vt-stack" aria-label={props.title}>
      {(props.choices ?? []).map((choice) => (
        <ChoiceField
          key={choice.field}
          id={`${props.path}-${choice.field}`}
          label={choice.label}
          value={choices[choice.field]}
          options={choice.options}
          onChange={(value) => setChoices((all) => ({ ...all, [choice.field]: value }))}
        />
      ))}
      <FormFieldTextarea
        label={props.textLabel}
        name={props.textField}
        required
        rows={3}
        value={text}
        invalid={!!(textError ?? apiFieldError)}
        errorMessage={textError ?? (apiFieldError && dutch(apiFieldError.message))}
        onChange={(event) => setText(valueOf(event))}
      />
      {send.isError && !apiFieldError && (
        <Alert type="error" role="alert">
          <Paragraph>{dutch(send.error.message)}</Paragraph>
        </Alert>
      )}
      <Button type="submit" appearance="primary-action-button" disabled={send.isPending}>
        {props.title}
      </Button>
    </form>
  );
}

function Transitions({ c, user }: { c: CaseView; user: User | null }) {
  const queries = useQueryClient();
  const allowed = allowedTransitions(c, user);
  const takeRegie = useMutation({
    mutationFn: () => api('PUT', `/cases/${c.id}/regisseur`, { userId: user?.id }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['case', c.id] }),
  });
  if (!Object.values(allowed).some(Boolean)) {
    return <Paragraph>U kunt in deze fase geen stap zetten in deze casus.</Paragraph>;
  }
  return (
    <div className="vt-stack">
      {allowed.takeRegie && (
        <div>
          <Button
            appearance="secondary-action-button"
            onClick={() => takeRegie.mutate()}
            disabled={takeRegie.isPending}
          >
            Mijzelf als regisseur aanwijzen
          </Button>
          {takeRegie.isError && (
            <Alert type="error" role="alert">
              <Paragraph>{dutch(takeRegie.error.message)}</Paragraph>
            </Alert>
          )}
        </div>
      )}
      {allowed.assess && (
        <TransitionForm
          caseId={c.id}
          title="Veiligheidsbeoordeling vastleggen"
          path="/safety-assessment"
          textField="summary"
          textLabel="Samenvatting"
          choices={[
            {
              field: 'outcome',
              label: 'Uitkomst',
              options: { structural_unsafe: 'Structureel onveilig', acute_unsafe: 'Acuut onveilig', safe: 'Veilig' },
            },
            {
              field: 'decision',
              label: 'Besluit',
              options: { investigation: 'Onderzoek', follow_up: 'Vervolg', close: 'Afsluiten' },
            },
          ]}
        />
      )}
      {allowed.complete && (
        <TransitionForm
          caseId={c.id}
          title="Onderzoek afronden"
          path="/investigation/complete"
          textField="conclusion"
          textLabel="Conclusie"
          choices={[{ field: 'decision', label: 'Besluit', options: { follow_up: 'Vervolg', close: 'Afsluiten' } }]}
        />
      )}
      {allowed.close && (
        <TransitionForm caseId={c.id} title="Casus afsluiten" path="/close" textField="reason" textLabel="Reden" />
      )}
    </div>
  );
}

export function CaseScreen({ caseId }: { caseId: string }) {
  const { user } = useSession();
  const found = useQuery({ queryKey: ['case', caseId], queryFn: () => api<CaseView>('GET', `/cases/${caseId}`) });
  const timeline = useQuery({
    queryKey: ['case', caseId, 'timeline'],
    queryFn: () => api<{ items: TimelineEvent[] }>('GET', `/cases/${caseId}/timeline`),
  });

  if (found.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (found.isError) {
    const missing = found.error instanceof ApiError && found.error.status === 404;
    return (
      <div className="vt-stack">
        <ScreenTitle title="Casus">Casus</ScreenTitle>
        <Alert type="error" role="alert">
          <Paragraph>
            {missing ? 'Deze casus bestaat niet of u heeft er geen toegang toe.' : found.error.message}
          </Paragraph>
        </Alert>
      </div>
    );
  }
  const c = found.data;
  const partnerName = (id: string) =>
    c.partners.find((p) => p.organisationId === id)?.organisationName ?? 'Onbekende organisatie';
  const regisseurText = c.regisseur
    ? c.regisseur.userId === user?.id
      ? 'U bent regisseur.'
      : `Regie bij ${partnerName(c.regisseur.organisationId)}.`
    : 'Nog geen regisseur (wachtlijst).';

  return (
    <div className="vt-stack">
      <ScreenTitle title={`Casus ${c.reference}`}>Casus {c.reference}</ScreenTitle>
      <Paragraph>
        Fase: <strong>{label(PHASES, c.phase)}</strong>
        {c.acute && ' · acuut'} · ontvangen {formatDateTime(c.receivedAt)}
      </Paragraph>

      <Section id="stappen" title="Wat u nu kunt doen">
        <Transitions c={c} user={user} />
      </Section>

      <Section id="termijnen" title="Termijnen">
        {c.deadlines.length === 0 ? (
          <Paragraph>Geen termijnen.</Paragraph>
        ) : (
          <UnorderedList>
            {c.deadlines.map((d) => (
              <UnorderedListItem key={d.id}>
                <DeadlineCountdown deadline={d} /> (uiterlijk {formatDateTime(d.dueAt)},{' '}
                {label(DEADLINE_STATUSES, d.status).toLowerCase()})
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Section>

      <Section id="betrokkenen" title="Betrokkenen">
        <UnorderedList>
          {c.persons.map((p) => (
            <UnorderedListItem key={p.id}>
              {p.firstName} {p.lastName} ({label(PERSON_ROLES, p.role)}
              {p.dateOfBirth ? `, geboren ${formatDate(p.dateOfBirth)}` : ''}
              {p.bsnLast4 ? `, BSN eindigt op ${p.bsnLast4}` : ''})
            </UnorderedListItem>
          ))}
        </UnorderedList>
      </Section>

      {c.phase !== 'closed' && (
        <Section id="bevragen" title="Samen onder Handbereik: wie kent deze persoon?">
          <LookupsPanel caseId={c.id} persons={c.persons} />
        </Section>
      )}

      <Section id="risico" title="Risico en rode vlaggen">
        {c.riskLevel === undefined ? (
          <Paragraph>Uw organisatie ziet de veiligheidsgegevens van deze casus niet.</Paragraph>
        ) : (
          <>
            <Paragraph>
              Risiconiveau: <strong>{label(RISK_LEVELS, c.riskLevel)}</strong>
              {c.riskReasons &&
                c.riskReasons.length > 0 &&
                ` — ${c.riskReasons.map((r) => label(RISK_REASONS, r)).join('; ')}`}
            </Paragraph>
            <Paragraph>
              Vormen van geweld: {(c.violenceTypes ?? []).map((v) => label(VIOLENCE_TYPES, v)).join(', ') || 'geen'}
            </Paragraph>
            <Paragraph>
              Rode vlaggen: {(c.redFlags ?? []).map((f) => RED_FLAGS[f]?.label ?? f).join(', ') || 'geen'}
            </Paragraph>
          </>
        )}
      </Section>

      <Section id="regie" title="Regie">
        <Paragraph>{regisseurText}</Paragraph>
        {c.regieHistory.length > 0 && (
          <UnorderedList>
            {c.regieHistory.map((r) => (
              <UnorderedListItem key={r.assignedAt}>
                {formatDateTime(r.assignedAt)}: regie naar {partnerName(r.toOrganisationId)}
                {r.reason ? ` (${r.reason})` : ''}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Section>

      <Section id="partners" title="Netwerkpartners">
        <Table>
          <ColumnHeaders columns={['Organisatie', 'Grondslag', 'Gegevens', 'Tot']} />
          <TableBody>
            {c.partners.map((p) => (
              <TableRow key={p.organisationId}>
                <TableCell>{p.organisationName ?? '—'}</TableCell>
                <TableCell>
                  {label(LEGAL_BASES, p.legalBasis)}: {p.legalBasisRef}
                </TableCell>
                <TableCell>{p.categories.map((cat) => label(CATEGORIES, cat)).join(', ')}</TableCell>
                <TableCell>{p.expiresAt ? formatDate(p.expiresAt) : 'Geen einddatum'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>

      {c.phase !== 'closed' &&
        (c.regisseur?.userId === user?.id ||
          (user?.organisationId === c.regieOrganisationId && hasRole(user, 'supervisor'))) && (
          <Section id="partner-toevoegen" title="Netwerkpartner toevoegen">
            <AddPartnerForm caseId={c.id} current={c.partners.map((p) => p.organisationId)} />
          </Section>
        )}

      {c.actions && (
        <Section id="afspraken" title="Veiligheidsplan: afspraken en doorzettingsmacht">
          {c.actions.length === 0 ? (
            <Paragraph>Nog geen afspraken.</Paragraph>
          ) : (
            <UnorderedList>
              {c.actions.map((a) => (
                <UnorderedListItem key={a.id}>
                  {a.description} — {partnerName(a.assigneeOrganisationId)}, uiterlijk {formatDate(a.dueAt)},{' '}
                  {label(ACTION_STATUSES, a.status).toLowerCase()}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
          {(c.escalations ?? []).map((e) => (
            <Paragraph key={e.id}>
              Doorzettingsmacht naar {partnerName(e.targetOrganisationId)} op {formatDateTime(e.raisedAt)}: {e.reason}
              {e.resolution ? ` — opgelost: ${e.resolution}` : ' — nog open'}
            </Paragraph>
          ))}
        </Section>
      )}

      <Section id="tijdlijn" title="Tijdlijn">
        {timeline.isPending && <Paragraph>Bezig met laden…</Paragraph>}
        {timeline.isError && <Paragraph>De tijdlijn kon niet worden geladen.</Paragraph>}
        {timeline.data && (
          <UnorderedList>
            {timeline.data.items.map((e) => (
              <UnorderedListItem key={e.id}>
                {formatDateTime(e.occurredAt)}: {label(EVENT_TYPES, e.type)}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Section>
    </div>
  );
}
