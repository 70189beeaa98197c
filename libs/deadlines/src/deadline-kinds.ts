/** How long before a deadline a reminder goes out: whole days, or working days. */
export interface ReminderLead {
  amount: number;
  unit: 'days' | 'working_days';
}

export const days = (amount: number): ReminderLead => ({ amount, unit: 'days' });
export const workingDays = (amount: number): ReminderLead => ({ amount, unit: 'working_days' });

interface DeadlineKindDefinition {
  /** On screen, as a label. */
  label: string;
  /** In a sentence: "De termijn {name} van casus …". */
  name: string;
  /** The reminders when `REMINDERS_<KIND>` sets none. */
  reminders: readonly ReminderLead[];
  /** Seen only by the receiving organisation. */
  receivingOnly?: true;
}

/**
 * Every kind of deadline, with what the api, the notices and the web app need to know of it: the
 * one place a new kind is named (docs/architecture.md, "A deadline kind"). Pure, so the web app
 * imports it too. Reminders: a working day before 5-working-day terms, a week and a day before
 * 10 weeks.
 */
export const DEADLINE_KIND_DEFINITIONS = {
  safety_assessment: { label: 'Veiligheidsbeoordeling', name: 'veiligheidsbeoordeling', reminders: [workingDays(1)] },
  investigation: { label: 'Onderzoek', name: 'onderzoek', reminders: [days(7), workingDays(1)] },
  restraining_order_advice: { label: 'Advies huisverbod', name: 'advies huisverbod', reminders: [days(1)] },
  restraining_order_end: { label: 'Einde huisverbod', name: 'einde huisverbod', reminders: [days(1)] },
  action: { label: 'Afspraak', name: 'afspraak veiligheidsplan', reminders: [days(1)] },
  escalation_response: {
    label: 'Reactie op doorzettingsmacht',
    name: 'reactie op doorzettingsmacht',
    reminders: [workingDays(1)],
  },
  child_check: { label: 'Kindcheck', name: 'kindcheck', reminders: [workingDays(1)] },
  approval: { label: 'Goedkeuring', name: 'goedkeuring', reminders: [workingDays(1)] },
  // A measure can run for months: a week's notice to arrange what follows, and a day's.
  protective_measure_end: {
    label: 'Einde beschermingsmaatregel',
    name: 'einde beschermingsmaatregel',
    reminders: [days(7), days(1)],
  },
  // Feedback is owed to a professional reporter, and that a report came from a professional is the
  // reporter's data, which never leaves the receiving organisation.
  reporter_feedback: {
    label: 'Terugkoppeling aan melder',
    name: 'terugkoppeling aan melder',
    reminders: [workingDays(1)],
    receivingOnly: true,
  },
  follow_up_check: { label: 'Controle na afsluiten', name: 'controle na afsluiten', reminders: [workingDays(1)] },
} as const satisfies Record<string, DeadlineKindDefinition>;

export type DeadlineKind = keyof typeof DEADLINE_KIND_DEFINITIONS;

const DEFINITIONS: Record<DeadlineKind, DeadlineKindDefinition> = DEADLINE_KIND_DEFINITIONS;

export const DEADLINE_KINDS = Object.keys(DEFINITIONS) as readonly DeadlineKind[];

/**
 * The statutory terms whose lead times are reported: on the dashboard, in its export and in the
 * quarterly figures. The histogram counts every kind; the figures read these.
 */
export const LEAD_TIME_DEADLINE_KINDS = [
  'safety_assessment',
  'investigation',
] as const satisfies readonly DeadlineKind[];
export type LeadTimeKind = (typeof LEAD_TIME_DEADLINE_KINDS)[number];

/** Terms only the receiving organisation sees. */
export const RECEIVING_ONLY_DEADLINE_KINDS: readonly DeadlineKind[] = DEADLINE_KINDS.filter(
  (kind) => DEFINITIONS[kind].receivingOnly,
);
