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
import { CaseView, partnerName } from '../case-view';
import {
  APPROVAL_OPERATIONS,
  CATEGORIES,
  DEADLINE_STATUSES,
  dutch,
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
import { TimelineEntry, TimelineEvent } from './TimelineEntry';
import { RiskAssessments } from './RiskAssessments';
import { ColumnHeaders, DataTable, DeadlineCountdown, ScreenTitle } from '../ui';

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
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="vt-stack">
      <Heading2 id={id}>{title}</Heading2>
      {children}
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
            {missing ? 'Deze casus bestaat niet of u heeft er geen toegang toe.' : dutch(found.error.message)}
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

  return (
    <div className="vt-stack">
      <ScreenTitle title={`Casus ${c.reference}`}>Casus {c.reference}</ScreenTitle>
      <Paragraph>
        Fase: <strong>{label(PHASES, c.phase)}</strong>
        {c.acute && ' · acuut'} · ontvangen {formatDateTime(c.receivedAt)}
      </Paragraph>
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

      <Section id="termijnen" title="Termijnen">
        {c.deadlines.length === 0 ? (
          <Paragraph>Geen termijnen.</Paragraph>
        ) : (
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

      {c.persons.some((p) => p.role === 'child') && (
        <Section id="kinderen" title="Kinderen">
          <ChildChecks c={c} />
        </Section>
      )}

      <Section id="meldingen" title="Meldingen in deze casus">
        <CaseReports c={c} />
      </Section>

      <Section id="beoordeling" title="Beoordeling en besluiten">
        <CaseDecisions c={c} />
      </Section>

      {c.reports.some((r) => r.reporter) && (
        <Section id="terugkoppeling" title="Terugkoppeling aan de melder">
          <ReporterFeedback c={c} />
        </Section>
      )}

      {c.followUpChecks && (
        <Section id="nazorg" title="Controles na afsluiten">
          <FollowUpChecks c={c} />
        </Section>
      )}

      {c.phase !== 'closed' && (
        <Section id="bevragen" title="Samen onder Handbereik: wie kent deze persoon?">
          <LookupsPanel caseId={c.id} persons={c.persons} noteCategories={noteCategories} />
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
            <RiskAssessments c={c} />
          </>
        )}
      </Section>

      <Section id="regie" title="Regie">
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
      </Section>

      <Section id="partners" title="Netwerkpartners">
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
      </Section>

      {c.actions && (
        <Section id="afspraken" title="Veiligheidsplan: afspraken en doorzettingsmacht">
          <SafetyPlan c={c} />
        </Section>
      )}

      {c.investigation && (c.phase === 'investigation' || c.investigation.suspensions.length > 0) && (
        <Section id="onderzoek" title="Onderzoekstermijn">
          <InvestigationTerm c={c} />
        </Section>
      )}

      {c.restrainingOrders && (
        <Section id="huisverbod" title="Tijdelijk huisverbod">
          <RestrainingOrders c={c} />
        </Section>
      )}

      {c.protectiveMeasures && (
        <Section id="beschermingsmaatregelen" title="Beschermingsmaatregelen">
          <ProtectiveMeasures c={c} />
        </Section>
      )}

      <Section id="notities" title="Notities">
        <CaseNotes c={c} categories={noteCategories} />
      </Section>

      <Section id="tijdlijn" title="Tijdlijn">
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
      </Section>
    </div>
  );
}
