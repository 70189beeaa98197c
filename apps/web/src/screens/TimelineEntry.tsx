import type { components } from '../api-types';
import { ACTION_STATUSES, formatDateTime, label, PHASES, RISK_LEVELS } from '../labels';

type TimelineEvent = components['schemas']['TimelineEventDto'];

const ACTOR_ROLES: Record<string, string> = {
  regisseur: 'regisseur',
  caseworker: 'medewerker',
  supervisor: 'leidinggevende',
  medical: 'medisch',
  chair: 'voorzitter',
  admin: 'beheerder',
  privacy_officer: 'privacy officer',
};

/** Each changed field in words, with how its values read. */
const FIELDS: Record<string, { name: string; value: (v: unknown) => string }> = {
  phase: { name: 'Fase', value: (v) => label(PHASES, v as string) },
  regisseur: { name: 'Regisseur', value: (v) => (v as string) ?? 'geen' },
  regieOrganisation: { name: 'Regieorganisatie', value: (v) => (v as string) ?? 'geen' },
  status: { name: 'Status', value: (v) => label(ACTION_STATUSES, v as string) },
  until: { name: 'Einde', value: (v) => formatDateTime(v as string) },
  investigationDueAt: { name: 'Onderzoekstermijn', value: (v) => formatDateTime(v as string) },
  riskLevel: { name: 'Risico', value: (v) => label(RISK_LEVELS, v as string) },
};

function actorText({ name, organisationName, role }: TimelineEvent['actor']): string {
  if (role === 'system') return 'door het systeem';
  const who = [role ? (ACTOR_ROLES[role] ?? role) : null, organisationName].filter(Boolean).join(', ');
  return `door ${name ?? 'onbekend'}${who ? ` (${who})` : ''}`;
}

/** One timeline line: when, what, who did it, and what it changed from and to. */
export function TimelineEntry({ event, what }: { event: TimelineEvent; what: string }) {
  return (
    <>
      {formatDateTime(event.occurredAt)}: {what} {actorText(event.actor)}
      {event.changes.map((change) => {
        const field = FIELDS[change.field] ?? { name: change.field, value: (v: unknown) => String(v ?? '—') };
        return (
          <span key={change.field} className="timeline-change">
            {' '}
            — {field.name}: {field.value(change.from)} → {field.value(change.to)}
          </span>
        );
      })}
    </>
  );
}
