import type { NotificationKind } from './notification-kinds';

/** The product name as readers know it from the login page. */
const APP_NAME = 'Casusregie';

/**
 * What a kind of notification is, in words that name no person, case or organisation. A row of a
 * kind no longer made falls back to the plain "new notification".
 */
const KIND_TEXT: Record<NotificationKind, string> = {
  escalation_raised: 'een verzoek om een reactie op doorzettingsmacht',
  deadline_breached: 'een overschreden termijn',
  deadline_reminder: 'een herinnering aan een termijn',
  approval_requested: 'een verzoek om goedkeuring',
  approval_approved: 'een goedgekeurd verzoek',
  approval_rejected: 'een afgewezen verzoek',
  child_protection_referral: 'een verzoek aan de Raad voor de Kinderbescherming',
  reassessment_due: 'een verzoek om het risico opnieuw te beoordelen',
  regie_assigned: 'een casus waarover u de regie krijgt',
  action_assigned: 'een nieuwe afspraak voor uw organisatie',
  action_updated: 'voortgang op een afspraak',
  meeting_decision: 'een besluit in een overleg',
  order_breached: 'een overtreding van een huisverbod',
  partner_added: 'een nieuwe netwerkpartner in een casus',
  partner_removed: 'een netwerkpartner die uit een casus is gehaald',
  escalation_resolved: 'een afgehandelde doorzettingsmacht',
  audit_chain_broken: 'een breuk in de auditlog',
};

/** What a notification of the kind that names no case is: a summary of several (see docs/notifications.md). */
const SUMMARY_TEXT: Partial<Record<NotificationKind, string>> = {
  deadline_breached: 'meerdere overschreden termijnen',
};

export interface NotificationMail {
  subject: string;
  text: string;
}

/**
 * The e-mail for a notification. It leaves the trusted network, so it is built from the kind alone
 * (and whether it names a case): no title or body (they hold case references, dates and counts), no
 * names, no case reference. The reader logs in to see the notification itself.
 */
export function notificationMail(kind: string, appUrl: string, caseless = false): NotificationMail {
  const what = (caseless ? SUMMARY_TEXT[kind as NotificationKind] : undefined) ?? KIND_TEXT[kind as NotificationKind];
  return {
    subject: `Nieuwe melding in ${APP_NAME}`,
    text: [
      `Er is een nieuwe melding voor u in ${APP_NAME}: ${what ?? 'een nieuwe melding'}.`,
      '',
      `Log in om de melding te lezen: ${appUrl}`,
      '',
      'Deze e-mail bevat bewust geen gegevens over personen of casussen. U kunt er niet op antwoorden.',
    ].join('\n'),
  };
}
