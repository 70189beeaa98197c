import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { api } from '../api';
import type { RegisseurCandidates } from '../api-models';
import { CaseOperation, CaseView, partnerName } from '../case-view';
import {
  ACTION_STATUSES,
  APPROVAL_DECISIONS,
  APPROVAL_OPERATIONS,
  ASSESSMENT_DECISIONS,
  ASSESSMENT_OUTCOMES,
  formatDate,
  formatDateTime,
  label,
  PERSON_ROLES,
  plural,
} from '../labels';
import { AppLink } from '../ui';
import { AddPartnerForm } from './AddPartnerForm';
import { FieldSpec, OperationForm } from './OperationForm';
import { Step, useConfirm } from './Steps';

const ROLE_NAMES: Record<string, string> = { caseworker: 'medewerker', supervisor: 'leidinggevende' };

const reason = (text = 'Reden'): FieldSpec => ({
  name: 'reason',
  label: text,
  type: 'textarea',
  missing: 'Vul de reden in.',
});

const AWAITING_APPROVAL = 'wacht op goedkeuring van een leidinggevende van de regieorganisatie';

/** A step the api answers with 202 and an approval has not happened yet: it waits for a supervisor. */
const awaitsApproval = (response: unknown) =>
  typeof response === 'object' && response !== null && 'approval' in response;

/** The case's persons as choices: name and role. */
export function personOptions(c: CaseView): Record<string, string> {
  return Object.fromEntries(
    c.persons.map((p) => [p.id, `${p.firstName} ${p.lastName} (${label(PERSON_ROLES, p.role).toLowerCase()})`]),
  );
}

/** Regie to another person: whoever the api lists as eligible (active, in the network). */
function RegisseurForm({
  caseId,
  regisseurUserId,
  onDone,
}: {
  caseId: string;
  regisseurUserId?: string;
  onDone: () => void;
}) {
  // Keyed by the current regisseur, not under ['case', id]: refreshing the case after a handover
  // must not ask again on behalf of someone who, with regie gone, may no longer ask.
  const candidates = useQuery({
    queryKey: ['regisseur-candidates', caseId, regisseurUserId ?? null],
    queryFn: () => api<RegisseurCandidates>('GET', `/cases/${caseId}/regisseur-candidates`),
  });
  if (candidates.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (candidates.isError) return <Paragraph>De lijst van mogelijke regisseurs kon niet worden geladen.</Paragraph>;
  if (candidates.data.items.length === 0) {
    return <Paragraph>Er is in het netwerk niemand anders die regisseur kan worden.</Paragraph>;
  }
  const options = Object.fromEntries(
    candidates.data.items.map((c) => [
      c.userId,
      `${c.name}, ${c.organisationName} (${c.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')})`,
    ]),
  );
  return (
    <OperationForm
      caseId={caseId}
      title="Regisseur aanwijzen"
      method="PUT"
      path="/regisseur"
      fields={[
        { name: 'userId', label: 'Nieuwe regisseur', type: 'select', options, placeholder: 'Kies een persoon' },
        { ...reason('Reden van overdracht'), optional: true },
      ]}
      onDone={onDone}
    />
  );
}

/**
 * Every operation the api allows this user now, each as its own form. A step done is confirmed
 * above the steps (`Confirmations`), with focus there: the step may be gone once the case moved on.
 */
export function CaseOperations({ c }: { c: CaseView }) {
  const confirmStep = useConfirm();
  const confirm = (message: string) => () => confirmStep?.(message);
  const partners = Object.fromEntries(c.partners.map((p) => [p.organisationId, p.organisationName ?? '—']));
  const openActions = Object.fromEntries(
    (c.actions ?? []).filter((a) => a.status !== 'done').map((a) => [a.id, a.description]),
  );
  const form = (title: string, path: string, fields: FieldSpec[], done: string, waiting = done) => (
    <OperationForm
      caseId={c.id}
      title={title}
      path={path}
      fields={fields}
      onDone={(response) => confirm(awaitsApproval(response) ? waiting : done)()}
    />
  );
  const steps: Partial<Record<CaseOperation, [string, ReactNode]>> = {
    add_report: [
      'Melding toevoegen aan deze casus',
      <Paragraph>
        Een nieuwe melding over dit huishouden: de radar en het risico worden opnieuw bepaald.{' '}
        <AppLink to={`/casussen/${c.id}/melding`}>Meldingsformulier voor {c.reference} openen</AppLink>
      </Paragraph>,
    ],
    record_safety_assessment: [
      'Veiligheidsbeoordeling vastleggen',
      form(
        'Veiligheidsbeoordeling vastleggen',
        '/safety-assessment',
        [
          {
            name: 'outcome',
            label: 'Uitkomst',
            type: 'select',
            options: ASSESSMENT_OUTCOMES,
            placeholder: 'Kies de uitkomst',
          },
          {
            name: 'decision',
            label: 'Besluit',
            type: 'select',
            options: ASSESSMENT_DECISIONS,
            placeholder: 'Kies een besluit',
          },
          {
            name: 'summary',
            label: 'Samenvatting',
            type: 'textarea',
            missing: 'Vat de beoordeling samen: wat is er gezien en waarom dit besluit.',
          },
        ],
        'Veiligheidsbeoordeling vastgelegd.',
        `Veiligheidsbeoordeling vastgelegd. Het afsluiten ${AWAITING_APPROVAL}.`,
      ),
    ],
    complete_investigation: [
      'Onderzoek afronden',
      form(
        'Onderzoek afronden',
        '/investigation/complete',
        [
          {
            name: 'decision',
            label: 'Besluit',
            type: 'select',
            options: { follow_up: ASSESSMENT_DECISIONS.follow_up, close: ASSESSMENT_DECISIONS.close },
            placeholder: 'Kies een besluit',
          },
          {
            name: 'conclusion',
            label: 'Conclusie',
            type: 'textarea',
            missing: 'Vul de conclusie van het onderzoek in.',
          },
        ],
        'Onderzoek afgerond.',
      ),
    ],
    suspend_investigation: [
      'Onderzoek opschorten',
      form(
        'Onderzoek opschorten',
        '/investigation/suspensions',
        [{ ...reason(), description: 'De onderzoekstermijn staat stil zolang de opschorting loopt.' }],
        'Onderzoek opgeschort; de termijn staat stil.',
      ),
    ],
    extend_investigation: [
      'Onderzoekstermijn verlengen',
      form(
        'Onderzoekstermijn verlengen',
        '/investigation/extensions',
        [
          {
            name: 'weeks',
            label: 'Aantal weken',
            type: 'number',
            min: 1,
            max: 52,
            missing: 'Vul het aantal weken in, van 1 tot en met 52.',
          },
          reason(),
        ],
        'Onderzoekstermijn verlengd.',
      ),
    ],
    create_action: [
      'Afspraak maken (veiligheidsplan)',
      form(
        'Afspraak maken',
        '/actions',
        [
          {
            name: 'assigneeOrganisationId',
            label: 'Uitvoerder',
            type: 'select',
            options: partners,
            placeholder: 'Kies een netwerkpartner',
          },
          { name: 'description', label: 'Afspraak', type: 'textarea', missing: 'Beschrijf de afspraak.' },
          {
            name: 'dueAt',
            label: 'Uiterlijk',
            type: 'datetime',
            missing: 'Vul de datum en tijd in waarop de afspraak uiterlijk gedaan is.',
          },
        ],
        'Afspraak gemaakt.',
      ),
    ],
    raise_escalation: [
      'Doorzettingsmacht inzetten',
      form(
        'Doorzettingsmacht inzetten',
        '/escalations',
        [
          {
            name: 'targetOrganisationId',
            label: 'Organisatie',
            type: 'select',
            options: partners,
            placeholder: 'Kies een netwerkpartner',
          },
          {
            name: 'actionId',
            label: 'Over afspraak',
            type: 'select',
            options: openActions,
            placeholder: 'Geen bepaalde afspraak',
            optional: true,
          },
          {
            ...reason(),
            description: 'De leidinggevenden van de organisatie krijgen bericht en moeten binnen de termijn reageren.',
          },
        ],
        'Doorzettingsmacht ingezet; de leidinggevenden van de organisatie hebben bericht gekregen.',
      ),
    ],
    record_restraining_order: [
      'Huisverbod vastleggen',
      form(
        'Huisverbod vastleggen',
        '/restraining-orders',
        [
          {
            name: 'imposedAt',
            label: 'Opgelegd op',
            type: 'datetime',
            missing: 'Vul de datum en tijd in waarop het huisverbod is opgelegd.',
          },
          {
            name: 'subjectPersonId',
            label: 'Opgelegd aan',
            type: 'select',
            options: personOptions(c),
            placeholder: 'Kies een persoon',
          },
          {
            name: 'imposedBy',
            label: 'Opgelegd door',
            type: 'text',
            missing: 'Vul in wie het huisverbod heeft opgelegd.',
            description: 'Bijvoorbeeld: Burgemeester van Utrecht (hulpofficier van justitie in mandaat).',
          },
        ],
        'Huisverbod vastgelegd.',
      ),
    ],
    close: [
      'Casus afsluiten',
      form(
        'Casus afsluiten',
        '/close',
        [{ ...reason(), description: 'Een leidinggevende van de regieorganisatie keurt het afsluiten goed.' }],
        `Verzoek ingediend: het afsluiten ${AWAITING_APPROVAL}.`,
      ),
    ],
    decide_approval: [
      `Goedkeuren of afwijzen: ${label(APPROVAL_OPERATIONS, c.pendingApproval?.operation).toLowerCase()}`,
      form(
        'Goedkeuren of afwijzen',
        `/approvals/${c.pendingApproval?.id}/decide`,
        [
          {
            name: 'decision',
            label: 'Besluit',
            type: 'select',
            options: APPROVAL_DECISIONS,
            placeholder: 'Kies een besluit',
          },
          {
            name: 'note',
            label: 'Toelichting',
            type: 'textarea',
            missing: 'Vul een toelichting voor de aanvrager in.',
            description: 'De aanvrager krijgt bericht met deze toelichting.',
          },
        ],
        'Besluit vastgelegd; de aanvrager heeft bericht gekregen.',
      ),
    ],
    assign_regisseur: [
      'Regisseur aanwijzen',
      <RegisseurForm
        caseId={c.id}
        regisseurUserId={c.regisseur?.userId}
        onDone={confirm('Regisseur aangewezen; de regie staat hieronder.')}
      />,
    ],
    manage_partners: [
      'Netwerkpartner toevoegen',
      <AddPartnerForm
        caseId={c.id}
        current={c.partners.map((p) => p.organisationId)}
        onDone={confirm('Netwerkpartner toegevoegd.')}
      />,
    ],
  };
  const open = c.allowedOperations.flatMap((operation) => {
    const step = steps[operation];
    return step ? [{ operation, title: step[0], body: step[1] }] : [];
  });
  return (
    <div className="vt-stack">
      {open.length === 0 && <Paragraph>U kunt in deze fase geen stap zetten in deze casus.</Paragraph>}
      {open.map((step) => (
        <Step key={step.operation} title={step.title}>
          {step.body}
        </Step>
      ))}
    </div>
  );
}

/** The safety plan's actions and escalations, with what this user may do to each. */
export function SafetyPlan({ c }: { c: CaseView }) {
  const actions = c.actions ?? [];
  const escalations = c.escalations ?? [];
  return (
    <>
      {actions.length === 0 ? (
        <Paragraph>Nog geen afspraken.</Paragraph>
      ) : (
        <UnorderedList>
          {actions.map((a) => (
            <UnorderedListItem key={a.id}>
              {a.description} — {partnerName(c, a.assigneeOrganisationId)}, uiterlijk {formatDateTime(a.dueAt)},{' '}
              {label(ACTION_STATUSES, a.status).toLowerCase()}
              {a.note ? ` (${a.note})` : ''}
              {a.mayUpdate && (
                <Step title={`Voortgang melden: ${a.description}`}>
                  <OperationForm
                    caseId={c.id}
                    title="Voortgang melden"
                    method="PATCH"
                    path={`/actions/${a.id}`}
                    fields={[
                      { name: 'status', label: 'Stand', type: 'select', options: ACTION_STATUSES, initial: a.status },
                      { name: 'note', label: 'Toelichting', type: 'textarea', optional: true },
                    ]}
                    confirmation={`Voortgang gemeld: ${a.description}.`}
                  />
                </Step>
              )}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {escalations.length > 0 && (
        <UnorderedList aria-label="Doorzettingsmacht">
          {escalations.map((e) => (
            <UnorderedListItem key={e.id}>
              Doorzettingsmacht naar {partnerName(c, e.targetOrganisationId)} op {formatDateTime(e.raisedAt)}:{' '}
              {e.reason}
              {e.resolution ? ` — afgehandeld: ${e.resolution}` : ' — nog open'}
              {e.mayResolve && (
                <Step title="Doorzettingsmacht afhandelen">
                  <OperationForm
                    caseId={c.id}
                    title="Doorzettingsmacht afhandelen"
                    path={`/escalations/${e.id}/resolve`}
                    fields={[
                      {
                        name: 'resolution',
                        label: 'Hoe is het opgelost?',
                        type: 'textarea',
                        missing: 'Beschrijf hoe het is opgelost.',
                      },
                    ]}
                    confirmation="Doorzettingsmacht afgehandeld."
                  />
                </Step>
              )}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
    </>
  );
}

/** Suspensions and extensions of the investigation term. */
export function InvestigationTerm({ c }: { c: CaseView }) {
  const { suspensions = [], extensions = [] } = c.investigation ?? {};
  if (suspensions.length === 0 && extensions.length === 0) {
    return <Paragraph>Het onderzoek is niet opgeschort of verlengd.</Paragraph>;
  }
  return (
    <UnorderedList>
      {suspensions.map((s) => (
        <UnorderedListItem key={s.id}>
          Opgeschort vanaf {formatDateTime(s.startedAt)}: {s.reason}
          {s.endedAt
            ? ` — beëindigd ${formatDateTime(s.endedAt)}, termijn ${plural(s.workingDays ?? 0, 'werkdag', 'werkdagen')} opgeschoven`
            : ' — loopt nog'}
          {s.mayEnd && (
            <OperationForm
              caseId={c.id}
              title="Opschorting beëindigen"
              path={`/investigation/suspensions/${s.id}/end`}
              fields={[]}
              confirmation="Opschorting beëindigd; de termijn loopt weer."
            />
          )}
        </UnorderedListItem>
      ))}
      {extensions.map((e) => (
        <UnorderedListItem key={e.id}>
          Verlengd met {e.weeks} {e.weeks === 1 ? 'week' : 'weken'} op {formatDateTime(e.extendedAt)}: {e.reason} (nieuw
          einde {formatDate(e.dueAt)})
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}
