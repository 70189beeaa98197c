import {
  Alert,
  Heading2,
  Paragraph,
  TableBody,
  TableCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { api, ApiError } from '../api';
import type { components } from '../api-types';
import { CaseView, partnerName } from '../case-view';
import {
  APPROVAL_OPERATIONS,
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
import { useSession } from '../session';
import { CaseOperations, InvestigationTerm, SafetyPlan } from './CaseWork';
import { CaseNotes, noteCategoriesOf } from './CaseNotes';
import { ChildChecks } from './ChildChecks';
import { CaseDecisions, CaseReports } from './CaseReports';
import { FollowUpChecks, ReporterFeedback } from './FeedbackAndFollowUp';
import { LookupsPanel } from './LookupsPanel';
import { ProtectiveMeasures, RestrainingOrders } from './ProtectionPanel';
import { TimelineEntry } from './TimelineEntry';
import { RiskAssessments } from './RiskAssessments';
import { ColumnHeaders, DataTable, DeadlineCountdown, ScreenTitle, Tab, Tabs } from '../ui';
import { Confirmations } from './Steps';

// The timeline's common events in words; any other type shows with its code.
const EVENT_TYPES: Record<string, string> = {
  case_opened: 'Casus geopend',
  report_received: 'Melding ontvangen',
  risk_assessed: 'Risico bepaald',
  radar_linked: 'Gekoppeld aan eerdere casus (radar)',
  radar_refreshed: 'Andere regio’s opnieuw bevraagd (radar): nieuwe treffers',
  deadline_breached: 'Termijn verlopen',
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
  investigation_suspended: 'Onderzoek opgeschort',
  investigation_suspension_ended: 'Opschorting beëindigd',
  investigation_extended: 'Onderzoekstermijn verlengd',
  restraining_order_recorded: 'Huisverbod vastgelegd',
  restraining_order_extended: 'Huisverbod verlengd',
  restraining_order_advised: 'Advies over verlenging huisverbod gegeven',
  restraining_order_ended: 'Huisverbod beëindigd',
  restraining_order_breached: 'Huisverbod overtreden',
  protective_measure_recorded: 'Beschermingsmaatregel vastgelegd',
  protective_measure_changed: 'Beschermingsmaatregel gewijzigd',
  protective_measure_ended: 'Beschermingsmaatregel beëindigd',
  predecessor_linked: 'Gekoppeld aan vorige casus',
  successor_opened: 'Nieuwe casus geopend na afsluiten',
  note_added: 'Notitie toegevoegd',
  meeting_decision: 'Besluit in overleg',
  child_check_recorded: 'Kindcheck vastgelegd',
  child_check_updated: 'Kindcheck bijgewerkt',
  child_protection_referred: 'Raad voor de Kinderbescherming ingeschakeld',
  partner_changed: 'Grondslag netwerkpartner gewijzigd',
  approval_requested: 'Goedkeuring gevraagd',
  approval_decided: 'Besluit over goedkeuring',
  risk_assessment_recorded: 'Risicobeoordeling vastgelegd',
  reassessment_due: 'Herbeoordeling risico nodig',
  follow_up_scheduled: 'Controles na afsluiten gepland',
  follow_up_checked: 'Controle na afsluiten vastgelegd',
  follow_up_report_flagged: 'Nieuwe melding na afsluiten gesignaleerd',
  new_report_during_follow_up: 'Nieuwe melding tijdens de nazorg',
  reporter_feedback_recorded: 'Terugkoppeling aan de melder vastgelegd',
  advice_request_reported: 'Adviesvraag omgezet in een melding',
};

/** A part of the case; a step done in it is confirmed at its top. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="vt-stack">
      <Heading2 id={id}>{title}</Heading2>
      <Confirmations>{children}</Confirmations>
    </section>
  );
}

/** The term to act on first: the earliest one not met, breached ones included. */
const nextDeadline = (c: CaseView) =>
  c.deadlines
    .filter((d) => d.status === 'open' || d.status === 'breached')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];

function Deadlines({ c }: { c: CaseView }) {
  if (c.deadlines.length === 0) return <Paragraph>Geen termijnen.</Paragraph>;
  return (
    <UnorderedList>
      {c.deadlines.map((d) => (
        <UnorderedListItem key={d.id}>
          <DeadlineCountdown deadline={d} />
          {/* Each child has a check of its own. */}
          {d.kind === 'child_check' &&
            ` van ${c.persons.find((p) => p.id === d.subjectId)?.firstName ?? 'een kind'}`}{' '}
          (uiterlijk {formatDateTime(d.dueAt)}, {label(DEADLINE_STATUSES, d.status).toLowerCase()})
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}

/** Who holds regie, in a few words. */
function regisseurName(c: CaseView): string {
  if (!c.regisseur) return 'Nog niemand (wachtlijst)';
  const organisation = c.regieContact?.organisationName ?? partnerName(c, c.regisseur.organisationId);
  return c.regieContact?.name ? `${c.regieContact.name}, ${organisation}` : organisation;
}

/** What a worker checks first on opening a case: phase, risk, regie and the next term, at the top. */
function SummaryBar({ c, regisseur }: { c: CaseView; regisseur: string }) {
  const next = nextDeadline(c);
  return (
    <section aria-label="Samenvatting van de casus">
      <dl className="vt-summary">
        <div>
          <dt>Fase</dt>
          <dd>
            {label(PHASES, c.phase)}
            {c.acute && ', acuut'}
          </dd>
        </div>
        <div>
          <dt>Risico</dt>
          <dd>{c.riskLevel === undefined ? 'Niet zichtbaar voor uw organisatie' : label(RISK_LEVELS, c.riskLevel)}</dd>
        </div>
        <div>
          <dt>Regisseur</dt>
          <dd>{regisseur}</dd>
        </div>
        <div>
          <dt>Eerstvolgende termijn</dt>
          <dd>
            {next ? (
              <>
                <DeadlineCountdown deadline={next} /> (uiterlijk {formatDateTime(next.dueAt)})
              </>
            ) : (
              'Geen'
            )}
          </dd>
        </div>
        <div>
          <dt>Ontvangen</dt>
          <dd>{formatDateTime(c.receivedAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Who holds regie and how to reach them, for whoever is not the regisseur. */
function regieText(c: CaseView): string {
  const contact = c.regieContact;
  const organisation = contact?.organisationName ?? partnerName(c, c.regisseur!.organisationId);
  const desk = [contact?.email, contact?.organisationContact].filter(Boolean).join(', ');
  return `${contact?.name ? `${contact.name}, ` : ''}${organisation}${desk ? ` (${desk})` : ''}`;
}

export function CaseScreen({ caseId }: { caseId: string }) {
  const { user } = useSession();
  const found = useQuery({ queryKey: ['case', caseId], queryFn: () => api<CaseView>('GET', `/cases/${caseId}`) });
  const timeline = useQuery({
    queryKey: ['case', caseId, 'timeline'],
    queryFn: () => api<components['schemas']['TimelineDto']>('GET', `/cases/${caseId}/timeline`),
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
  const noteCategories = noteCategoriesOf(c, user?.roles ?? []);
  const regisseurText = c.regisseur
    ? c.regisseur.userId === user?.id
      ? 'U bent regisseur.'
      : `Regie bij ${regieText(c)}.`
    : 'Nog geen regisseur (wachtlijst).';

  const sections = (...parts: (ReactNode | false)[]) => <>{parts.filter(Boolean)}</>;
  const tabs: Tab[] = [
    {
      id: 'overzicht',
      title: 'Overzicht',
      content: sections(
        <Section key="termijnen" id="termijnen" title="Termijnen">
          <Deadlines c={c} />
        </Section>,
        <Section key="betrokkenen" id="betrokkenen" title="Betrokkenen">
          <UnorderedList>
            {c.persons.map((p) => (
              <UnorderedListItem key={p.id}>
                {p.firstName} {p.lastName} ({label(PERSON_ROLES, p.role)}
                {p.dateOfBirth ? `, geboren ${formatDate(p.dateOfBirth)}` : ''}
                {p.bsnLast4 ? `, BSN eindigt op ${p.bsnLast4}` : ''})
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </Section>,
        c.persons.some((p) => p.role === 'child') && (
          <Section key="kinderen" id="kinderen" title="Kinderen">
            <ChildChecks c={c} />
          </Section>
        ),
        <Section key="regie" id="regie" title="Regie">
          <Paragraph>{regisseurText}</Paragraph>
          {c.regieHistory.length > 0 && (
            <UnorderedList>
              {c.regieHistory.map((r) => (
                <UnorderedListItem key={r.assignedAt}>
                  {formatDateTime(r.assignedAt)}: regie naar {partnerName(c, r.toOrganisationId)}
                  {r.reason ? ` (${r.reason})` : ''}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </Section>,
        <Section key="partners" id="partners" title="Netwerkpartners">
          <DataTable>
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
          </DataTable>
        </Section>,
      ),
    },
    {
      id: 'meldingen',
      title: 'Meldingen en beoordeling',
      content: sections(
        <Section key="meldingen" id="meldingen" title="Meldingen in deze casus">
          <CaseReports c={c} />
        </Section>,
        <Section key="beoordeling" id="beoordeling" title="Beoordeling en besluiten">
          <CaseDecisions c={c} />
        </Section>,
        c.reports.some((r) => r.reporter) && (
          <Section key="terugkoppeling" id="terugkoppeling" title="Terugkoppeling aan de melder">
            <ReporterFeedback c={c} />
          </Section>
        ),
        c.followUpChecks && (
          <Section key="nazorg" id="nazorg" title="Controles na afsluiten">
            <FollowUpChecks c={c} />
          </Section>
        ),
      ),
    },
    {
      id: 'veiligheid',
      title: 'Risico en veiligheid',
      content: sections(
        <Section key="risico" id="risico" title="Risico en rode vlaggen">
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
              <RiskAssessments c={c} />
            </>
          )}
        </Section>,
        c.actions && (
          <Section key="afspraken" id="afspraken" title="Veiligheidsplan: afspraken en doorzettingsmacht">
            <SafetyPlan c={c} />
          </Section>
        ),
        c.investigation && (c.phase === 'investigation' || c.investigation.suspensions.length > 0) && (
          <Section key="onderzoek" id="onderzoek" title="Onderzoekstermijn">
            <InvestigationTerm c={c} />
          </Section>
        ),
        c.restrainingOrders && (
          <Section key="huisverbod" id="huisverbod" title="Tijdelijk huisverbod">
            <RestrainingOrders c={c} />
          </Section>
        ),
        c.protectiveMeasures && (
          <Section key="beschermingsmaatregelen" id="beschermingsmaatregelen" title="Beschermingsmaatregelen">
            <ProtectiveMeasures c={c} />
          </Section>
        ),
      ),
    },
    ...(c.phase !== 'closed'
      ? [
          {
            id: 'bevragen',
            title: 'Wie kent deze persoon?',
            content: (
              <Section id="bevragen" title="Samen onder Handbereik: wie kent deze persoon?">
                <LookupsPanel caseId={c.id} persons={c.persons} noteCategories={noteCategories} />
              </Section>
            ),
          },
        ]
      : []),
    {
      id: 'dossier',
      title: 'Notities en tijdlijn',
      content: sections(
        <Section key="notities" id="notities" title="Notities">
          <CaseNotes c={c} categories={noteCategories} />
        </Section>,
        <Section key="tijdlijn" id="tijdlijn" title="Tijdlijn">
          {timeline.isPending && <Paragraph>Bezig met laden…</Paragraph>}
          {timeline.isError && <Paragraph>De tijdlijn kon niet worden geladen.</Paragraph>}
          {timeline.data && (
            <UnorderedList>
              {timeline.data.items.map((e) => (
                <UnorderedListItem key={e.id}>
                  <TimelineEntry event={e} what={label(EVENT_TYPES, e.type)} />
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </Section>,
      ),
    },
  ];

  return (
    <div className="vt-stack">
      <ScreenTitle title={`Casus ${c.reference}`}>Casus {c.reference}</ScreenTitle>
      <SummaryBar c={c} regisseur={c.regisseur?.userId === user?.id ? 'U' : regisseurName(c)} />
      {c.pendingApproval && (
        <Alert type="info" role="status">
          <Paragraph>
            Wacht op goedkeuring: {label(APPROVAL_OPERATIONS, c.pendingApproval.operation).toLowerCase()}, gevraagd op{' '}
            {formatDateTime(c.pendingApproval.requestedAt)}. Een leidinggevende van de regieorganisatie, niet de
            aanvrager, keurt het goed of wijst het af.
          </Paragraph>
        </Alert>
      )}

      <Section id="stappen" title="Wat u nu kunt doen">
        <CaseOperations c={c} />
      </Section>

      <Tabs label="Onderdelen van de casus" tabs={tabs} />
    </div>
  );
}
