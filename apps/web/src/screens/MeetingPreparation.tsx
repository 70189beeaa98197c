import { Heading3, Heading4, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { formatDateTime, label, RED_FLAGS, RISK_LEVELS } from '../labels';
import type { components } from '../api-types';
import { DeadlineCountdown } from '../ui';

type Schemas = components['schemas'];

/** GET /meetings/{id}/preparation: per agenda item hidden, or what the chair prepares for its case. */
export type Preparation = Schemas['MeetingPreparationDto'];

/**
 * What the chair prepares for one case: its open deadlines, open or blocked actions and
 * unresolved escalations (doorzettingsmacht) as countdowns in working days, its risk level and red
 * flags; the safety part only when the chair's organisation sees that category of the case.
 */
export function ItemPreparation({
  item,
  organisationName,
}: {
  item: Schemas['PreparedAgendaItemDto'];
  organisationName: (id: string) => string;
}) {
  const headingId = `voorbereiding-${item.id}`;
  // An action's or escalation's deadline is shown with it when the chair sees the safety plan.
  const deadlines = item.openActions
    ? item.openDeadlines.filter((d) => d.kind !== 'action' && d.kind !== 'escalation_response')
    : item.openDeadlines;
  const actionOf = (id: string | null) => item.openActions?.find((a) => a.id === id)?.description;
  return (
    <section aria-labelledby={headingId} className="vt-stack">
      <Heading3 id={headingId}>Voorbereiding</Heading3>
      <Heading4>Open termijnen</Heading4>
      {deadlines.length === 0 ? (
        <Paragraph>Geen open termijnen.</Paragraph>
      ) : (
        <UnorderedList>
          {deadlines.map((d) => (
            <UnorderedListItem key={d.id}>
              <DeadlineCountdown deadline={{ ...d, status: 'open' }} /> (uiterlijk {formatDateTime(d.dueAt)})
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {item.riskLevel === undefined ? (
        <Paragraph>
          Uw organisatie ziet de veiligheidsgegevens van deze casus niet: risico, rode vlaggen en afspraken ontbreken
          hier.
        </Paragraph>
      ) : (
        <>
          <Paragraph>
            Risiconiveau: <strong>{label(RISK_LEVELS, item.riskLevel)}</strong>. Rode vlaggen:{' '}
            {(item.redFlags ?? []).map((flag) => RED_FLAGS[flag]?.label ?? flag).join(', ') || 'geen'}.
          </Paragraph>
          <Heading4>Open afspraken</Heading4>
          {(item.openActions ?? []).length === 0 ? (
            <Paragraph>Geen open afspraken.</Paragraph>
          ) : (
            <UnorderedList>
              {(item.openActions ?? []).map((a) => (
                <UnorderedListItem key={a.id}>
                  {a.description} — {organisationName(a.assigneeOrganisationId)}
                  {a.status === 'blocked' ? ' (geblokkeerd)' : ''}:{' '}
                  <DeadlineCountdown deadline={{ id: a.id, kind: 'action', dueAt: a.dueAt, status: 'open' }} />
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
          <Heading4>Doorzettingsmacht die nog loopt</Heading4>
          {(item.openEscalations ?? []).length === 0 ? (
            <Paragraph>Geen lopende doorzettingsmacht.</Paragraph>
          ) : (
            <UnorderedList>
              {(item.openEscalations ?? []).map((e) => (
                <UnorderedListItem key={e.id}>
                  Naar {organisationName(e.targetOrganisationId)} sinds {formatDateTime(e.raisedAt)}
                  {actionOf(e.actionId) ? `, over "${actionOf(e.actionId)}"` : ''}: {e.reason}.{' '}
                  {e.responseDueAt ? (
                    <DeadlineCountdown
                      deadline={{ id: e.id, kind: 'escalation_response', dueAt: e.responseDueAt, status: 'open' }}
                    />
                  ) : (
                    'Geen open reactietermijn.'
                  )}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </>
      )}
    </section>
  );
}
