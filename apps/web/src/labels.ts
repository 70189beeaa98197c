import { DEADLINE_KIND_DEFINITIONS } from '@vt/deadlines/deadline-kinds';

/** Dutch names for the API's codes (the glossary's terms). */

export const PHASES: Record<string, string> = {
  triage: 'Triage',
  investigation: 'Onderzoek',
  follow_up: 'Vervolg',
  closed: 'Afgesloten',
};

export const RISK_LEVELS: Record<string, string> = {
  low: 'Laag',
  elevated: 'Verhoogd',
  high: 'Hoog',
  critical: 'Acuut',
};

export const RISK_REASONS: Record<string, string> = {
  red_flag: 'Er is minstens één rode vlag',
  strangulation: 'Verwurging',
  threat_to_kill: 'Doodsbedreiging',
  weapon: 'Wapen',
  separation_coercive_control_physical: 'Scheiding met dwingende controle en fysiek geweld',
  acute: 'Acute melding',
  repeat_within_12_months: 'Herhaalde melding binnen 12 maanden',
  // The items of a risk assessment answered yes, and the professional's judgement.
  separation: 'Scheiding',
  stalking: 'Stalking',
  coercive_control: 'Dwingende controle',
  escalation: 'Escalatie',
  pregnancy: 'Zwangerschap',
  forced_sex: 'Gedwongen seks',
  victim_fear: 'Angst slachtoffer',
  order_breached: 'Verbod overtreden',
  children_present: 'Kinderen aanwezig',
  professional_judgement_raised: 'Verhoogd op oordeel van de professional',
  professional_judgement_lowered: 'Verlaagd op oordeel van de professional',
  professional_judgement_confirmed: 'Bevestigd door de professional',
};

/** Why a case waits for a new risk assessment. */
export const REASSESSMENT_REASONS: Record<string, string> = {
  new_report: 'er is een nieuwe melding',
  new_red_flag: 'er is een nieuwe rode vlag',
  order_breached: 'een huisverbod of andere maatregel is overtreden',
};

/** Each deadline kind's label, from the definitions the api uses too. */
export const DEADLINE_KINDS: Record<string, string> = Object.fromEntries(
  Object.entries(DEADLINE_KIND_DEFINITIONS).map(([kind, definition]) => [kind, definition.label]),
);

/** The steps that wait for a supervisor's approval (vier ogen), and the decisions on them. */
export const APPROVAL_OPERATIONS: Record<string, string> = {
  close: 'Casus afsluiten',
  record_safety_assessment: 'Afsluiten na veiligheidsbeoordeling',
};

export const APPROVAL_DECISIONS: Record<string, string> = { approved: 'Goedkeuren', rejected: 'Afwijzen' };

/** How a child was involved: als slachtoffer of getuige. */
export const CHILD_INVOLVEMENTS: Record<string, string> = {
  victim: 'Slachtoffer',
  witness: 'Getuige',
  both: 'Slachtoffer en getuige',
  unknown: 'Nog onbekend',
};

export const REFERRAL_REASONS: Record<string, string> = {
  partner_killing: 'Partnerdoding',
  attempted_partner_killing: 'Poging tot partnerdoding',
};

export const CHANNELS: Record<string, string> = {
  phone: 'Telefoon',
  email: 'E-mail',
  police: 'Politie',
  professional: 'Professional',
  chat: 'Chat',
  other: 'Anders',
};

export const REPORTER_KINDS: Record<string, string> = {
  citizen: 'Burger',
  professional: 'Professional',
  police: 'Politie',
};

export const ASSESSMENT_OUTCOMES: Record<string, string> = {
  structural_unsafe: 'Structureel onveilig',
  acute_unsafe: 'Acuut onveilig',
  safe: 'Veilig',
};

export const ASSESSMENT_DECISIONS: Record<string, string> = {
  investigation: 'Onderzoek',
  follow_up: 'Vervolg',
  close: 'Afsluiten',
};

export const PERSON_ROLES: Record<string, string> = {
  victim: 'Slachtoffer',
  suspect: 'Pleger',
  child: 'Kind',
  other: 'Anders',
};

export const VIOLENCE_TYPES: Record<string, string> = {
  partner_violence: 'Partnergeweld',
  child_abuse: 'Kindermishandeling',
  elder_abuse: 'Ouderenmishandeling',
  stalking: 'Stalking',
  honour_related: 'Eergerelateerd geweld',
  sexual_violence: 'Seksueel geweld',
  psychological: 'Psychisch geweld',
  financial: 'Financieel geweld',
  other: 'Anders',
};

/** Red flags with the short explanation the intake form shows under each. */
export const RED_FLAGS: Record<string, { label: string; hint: string }> = {
  strangulation: { label: 'Verwurging', hint: 'Keel dichtgeknepen of gewurgd, ook zonder zichtbaar letsel.' },
  threat_to_kill: { label: 'Doodsbedreiging', hint: 'Gedreigd het slachtoffer, de kinderen of zichzelf te doden.' },
  weapon: { label: 'Wapen', hint: 'Een wapen gebruikt, getoond of ermee gedreigd.' },
  stalking: { label: 'Stalking', hint: 'Stelselmatig volgen, lastigvallen of bespieden.' },
  separation: { label: 'Scheiding', hint: 'Recente of aanstaande scheiding of breuk.' },
  escalation: { label: 'Escalatie', hint: 'Het geweld wordt vaker of ernstiger.' },
  pregnancy: { label: 'Zwangerschap', hint: 'Het slachtoffer is zwanger of pas bevallen.' },
  forced_sex: { label: 'Gedwongen seks', hint: 'Seksuele handelingen onder dwang.' },
  coercive_control: { label: 'Dwingende controle', hint: 'Isoleren, controleren, vrijheid beperken.' },
  victim_fear: { label: 'Angst slachtoffer', hint: 'Het slachtoffer is bang voor ernstig letsel of de dood.' },
  order_breached: { label: 'Verbod overtreden', hint: 'Een huisverbod of contactverbod is overtreden.' },
};

export const DEADLINE_STATUSES: Record<string, string> = {
  open: 'Open',
  met: 'Gehaald',
  breached: 'Verlopen',
  cancelled: 'Vervallen',
};

export const ACTION_STATUSES: Record<string, string> = { open: 'Open', done: 'Gedaan', blocked: 'Geblokkeerd' };

export const LEGAL_BASES: Record<string, string> = { statutory: 'Wettelijke taak', consent: 'Toestemming' };

export const CATEGORIES: Record<string, string> = {
  basic: 'Basisgegevens',
  safety: 'Veiligheid',
  narrative: 'Verslag',
};

/** The audit log's actions and outcomes (NEN 7513), for the privacy officer. */
export const AUDIT_ACTIONS: Record<string, string> = {
  create: 'Aangemaakt',
  read: 'Ingezien',
  update: 'Gewijzigd',
  delete: 'Verwijderd',
  search: 'Gezocht',
  export: 'Geëxporteerd',
  lookup: 'Bevraagd bij bronhouder',
  login: 'Ingelogd',
  logout: 'Uitgelogd',
  denied: 'Geweigerd',
  verify: 'Keten gecontroleerd',
  checkpoint: 'Controlepunt ondertekend',
};

/** What an audit entry is about (its subject type), for the privacy officer. */
export const AUDIT_SUBJECTS: Record<string, string> = {
  AuditCheckpoint: 'Controlepunt van de auditlog',
  Approval: 'Goedkeuring (vier ogen)',
  AuditEntry: 'Auditlog',
  Calendar: 'Werkdagenkalender',
  Case: 'Casus',
  CaseAction: 'Afspraak',
  CaseNote: 'Notitie',
  CasePartner: 'Netwerkpartner',
  CaseTimeline: 'Tijdlijn van een casus',
  CustodyLookup: 'Gezagsvraag',
  Dashboard: 'Dashboard',
  Deadline: 'Termijn',
  DetailRequest: 'Gegevens opvragen bij een bronhouder',
  Escalation: 'Doorzettingsmacht',
  Investigation: 'Onderzoek',
  InvestigationExtension: 'Verlenging van het onderzoek',
  InvestigationSuspension: 'Opschorting van het onderzoek',
  KnownByLookup: 'Bekendheidsvraag',
  LeadTimeReport: 'Doorlooptijden (export)',
  Meeting: 'Overleg',
  MeetingDecision: 'Besluit in een overleg',
  MeetingItem: 'Agendapunt',
  MeetingMinutes: 'Verslag van een overleg',
  MeetingParticipant: 'Deelname aan een overleg',
  MeetingPreparation: 'Voorbereiding van een overleg',
  Notification: 'Bericht',
  NotificationCount: 'Aantal ongelezen berichten',
  NotificationPreferences: 'E-mailkeuze bij berichten',
  Organisation: 'Organisatie',
  Regie: 'Regie',
  RegisseurCandidates: 'Mogelijke regisseurs',
  RelatedCases: 'Eerdere casussen',
  Report: 'Melding',
  Request: 'Verzoek',
  RestrainingOrder: 'Huisverbod',
  RestrainingOrderBreach: 'Overtreding van een huisverbod',
  ProtectiveMeasure: 'Beschermingsmaatregel',
  ChildCheck: 'Kindcheck',
  ChildProtectionReferral: 'Raad voor de Kinderbescherming ingeschakeld',
  SafetyAssessment: 'Veiligheidsbeoordeling',
  Session: 'Inlogsessie',
  SourceHolder: 'Bronhouder',
  User: 'Gebruiker',
};

/** Why the chain check distrusts a range of regels, explained for the privacy officer. */
export const AUDIT_BREAK_REASONS: Record<string, string> = {
  hash_mismatch: 'De inhoud past niet meer bij de vastgelegde vingerafdruk: de regel is na het schrijven gewijzigd.',
  link_mismatch: 'De regel verwijst niet naar de regel ervoor: een eerdere regel is gewijzigd of vervangen.',
  missing_entries: 'Op deze plaats ontbreken regels: ze zijn uit de database verwijderd.',
  head_mismatch:
    'Het vastgelegde einde van de keten klopt niet met de laatste regel: er zijn regels aan het eind toegevoegd of gewijzigd.',
  truncated: 'De keten is korter dan vastgelegd of ondertekend: regels aan het eind zijn verwijderd.',
  checkpoint_mismatch:
    'De keten past niet bij een ondertekend controlepunt: regels tot dat punt zijn herschreven, ook als hun vingerafdrukken weer kloppen.',
  checkpoint_signature: 'De handtekening van een controlepunt is ongeldig: het controlepunt is vervalst of beschadigd.',
  witness_conflict:
    'De getuige heeft voor deze regel een ander controlepunt bevestigd dan de hub bewaart: de keten is herschreven.',
};

export const AUDIT_OUTCOMES: Record<string, string> = {
  success: 'Gelukt',
  failure: 'Mislukt',
  denied: 'Geweigerd',
};

/** A note's category, which decides who may read it. */
export const NOTE_CATEGORIES: Record<string, string> = {
  safety: 'Veiligheid',
  narrative: 'Verslag',
  medical: 'Medisch',
};

export const NOTE_READERS: Record<string, string> = {
  safety: 'te lezen door partners met de veiligheidsgegevens',
  narrative: 'te lezen door partners met het verslag',
  medical: 'alleen te lezen door artsen van uw organisatie',
};

/** A count with its noun in the singular or the plural: "1 werkdag", "3 werkdagen". */
export const plural = (n: number, one: string, more: string): string => `${n} ${n === 1 ? one : more}`;

export const label = (table: Record<string, string>, code: string | null | undefined): string =>
  code ? (table[code] ?? code) : '—';

const dateTime = new Intl.DateTimeFormat('nl-NL', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Amsterdam',
});
const date = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });

export const formatDateTime = (value: string | null | undefined) => (value ? dateTime.format(new Date(value)) : '—');
export const formatDate = (value: string | null | undefined) => (value ? date.format(new Date(value)) : '—');

/** The api's messages are "Nederlands / English"; the screens show the Dutch half. */
export const dutch = (message: string) => message.split(' / ')[0];

/** The persons of a case on one line: "Anna de Vries (slachtoffer), Bram de Vries (pleger)". */
export const personsText = (persons: { role: string; firstName: string; lastName: string }[]) =>
  persons.map((p) => `${p.firstName} ${p.lastName} (${label(PERSON_ROLES, p.role).toLowerCase()})`).join(', ');
