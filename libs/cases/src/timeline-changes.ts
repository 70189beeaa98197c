/** One value a timeline event changed, in the words a client shows beside the event. */
export interface TimelineChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Names for the users and organisations an event's data refers to by id. */
export interface TimelineNames {
  user(id: unknown): string | null;
  organisation(id: unknown): string | null;
}

type ChangesOf = (data: Record<string, unknown>, names: TimelineNames) => TimelineChange[];

const fromTo =
  (field: string, from = 'from', to = 'to'): ChangesOf =>
  (data) => [{ field, from: data[from] ?? null, to: data[to] ?? null }];

/**
 * What each kind of event changed. An event's category already decides whether the caller sees it,
 * so its changes are shown with it; events that only add something (a report, a note) change nothing.
 */
const CHANGES: Record<string, ChangesOf> = {
  phase_changed: fromTo('phase'),
  regisseur_changed: (data, names) => [
    { field: 'regisseur', from: names.user(data.fromUserId), to: names.user(data.toUserId) },
    {
      field: 'regieOrganisation',
      from: names.organisation(data.fromOrganisationId),
      to: names.organisation(data.toOrganisationId),
    },
  ],
  action_updated: fromTo('status'),
  restraining_order_extended: fromTo('until', 'from', 'until'),
  investigation_extended: fromTo('investigationDueAt', 'previousDueAt', 'dueAt'),
  risk_assessment_recorded: fromTo('riskLevel', 'previousLevel', 'level'),
};

export function timelineChanges(type: string, data: Record<string, unknown>, names: TimelineNames): TimelineChange[] {
  // A handover within one organisation keeps the organisation: only what differs is a change.
  return (CHANGES[type]?.(data, names) ?? []).filter((change) => change.from !== change.to);
}

/** The ids of users and organisations an event's data names, so a timeline resolves them in one read. */
export function namedIds(data: Record<string, unknown>): { users: string[]; organisations: string[] } {
  const pick = (...keys: string[]) => keys.map((key) => data[key]).filter((v): v is string => typeof v === 'string');
  return {
    users: pick('fromUserId', 'toUserId'),
    organisations: pick('fromOrganisationId', 'toOrganisationId'),
  };
}
