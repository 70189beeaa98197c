import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { CaseView } from '../case-view';
import { formatDateTime, label } from '../labels';
import { Step } from './Steps';
import { OperationForm } from './OperationForm';

const FOLLOW_UPS: Record<string, string> = {
  none: 'geen verdere stappen van Veilig Thuis',
  voluntary_help: 'hulp wordt ingezet en gevolgd',
  investigation: 'Veilig Thuis stelt een onderzoek in',
};

const EMAIL_STATUSES: Record<string, string> = {
  none: 'geen e-mailadres bekend',
  pending: 'e-mail wordt verstuurd',
  sent: 'e-mail verstuurd',
  failed: 'e-mail niet verstuurd',
  skipped: 'e-mail staat uit',
};

export const FOLLOW_UP_OUTCOMES: Record<string, string> = {
  safe: 'Veilig',
  concern: 'Zorgen',
  new_report_needed: 'Nieuwe melding nodig',
};

/**
 * Terugkoppeling aan professionele melders (docs/feedback-and-follow-up.md): per report from a
 * professional, the feedback given or the step to give it. Only the receiving organisation sees it.
 */
export function ReporterFeedback({ c }: { c: CaseView }) {
  const reports = c.reports.filter((r) => r.reporter?.kind === 'professional');
  if (reports.length === 0) return <Paragraph>Geen meldingen van een professional in deze casus.</Paragraph>;
  const may = c.allowedOperations.includes('record_reporter_feedback');
  return (
    <UnorderedList>
      {reports.map((r) => (
        <UnorderedListItem key={r.id} className="vt-note">
          Melding van {formatDateTime(r.receivedAt)}
          {r.reporter?.name ? ` (${r.reporter.name})` : ''}:{' '}
          {r.feedback
            ? `teruggekoppeld op ${formatDateTime(r.feedback.recordedAt)}: ${label(FOLLOW_UPS, r.feedback.followUp)}; ${label(EMAIL_STATUSES, r.feedback.emailStatus)}.`
            : may
              ? 'nog niet teruggekoppeld.'
              : 'nog niet teruggekoppeld; dat kan na de veiligheidsbeoordeling.'}
          {!r.feedback && may && (
            <Step title="Terugkoppeling vastleggen">
              <Paragraph>
                De melder hoort alleen dat de melding in behandeling is genomen en welk soort vervolg er is, nooit de
                inhoud van de casus. Met een e-mailadres gaat dat bericht per e-mail.
              </Paragraph>
              <OperationForm
                caseId={c.id}
                title="Terugkoppeling vastleggen"
                path={`/reports/${r.id}/feedback`}
                fields={[{ name: 'note', label: 'Notitie voor het dossier', type: 'textarea', optional: true }]}
                submitLabel="Terugkoppeling vastleggen"
                confirmation="Terugkoppeling vastgelegd."
              />
            </Step>
          )}
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}

/** Nazorg: the checks after closing, each with its outcome or the step to record it. */
export function FollowUpChecks({ c }: { c: CaseView }) {
  const checks = c.followUpChecks ?? [];
  if (checks.length === 0) return <Paragraph>Geen controles na afsluiten gepland.</Paragraph>;
  return (
    <UnorderedList>
      {checks.map((check) => (
        <UnorderedListItem key={check.id} className="vt-note">
          Controle na {check.interval.replace('w', ' weken').replace('d', ' dagen')}, uiterlijk{' '}
          {formatDateTime(check.dueAt)}:{' '}
          {check.outcome
            ? `${label(FOLLOW_UP_OUTCOMES, check.outcome)} (${formatDateTime(check.recordedAt)})${check.note ? `: ${check.note}` : '.'}`
            : 'nog te doen.'}
          {!check.outcome && c.allowedOperations.includes('record_follow_up_check') && (
            <Step title="Controle vastleggen">
              <OperationForm
                caseId={c.id}
                title="Controle vastleggen"
                path={`/follow-up-checks/${check.id}`}
                fields={[
                  {
                    name: 'outcome',
                    label: 'Uitkomst',
                    type: 'select',
                    options: FOLLOW_UP_OUTCOMES,
                    placeholder: 'Kies een uitkomst',
                  },
                  { name: 'note', label: 'Toelichting', type: 'textarea', optional: true },
                ]}
                submitLabel="Controle vastleggen"
                confirmation="Controle vastgelegd."
              />
            </Step>
          )}
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}
