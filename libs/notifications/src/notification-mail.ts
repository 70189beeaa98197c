/** The product name as readers know it from the login page. */
const APP_NAME = 'Casusregie';

/**
 * What a kind of notification is, in words that name no person, case or organisation. Kinds not
 * listed (a producer added later) fall back to the plain "new notification".
 */
const KIND_TEXT: Record<string, string> = {
  escalation_raised: 'een verzoek om een reactie op doorzettingsmacht',
  deadline_breached: 'een overschreden termijn',
  deadline_reminder: 'een herinnering aan een termijn',
  reassessment_due: 'een verzoek om het risico opnieuw te beoordelen',
};

export interface NotificationMail {
  subject: string;
  text: string;
}

/**
 * The e-mail for a notification. It leaves the trusted network, so it is built from the kind alone:
 * no title or body (they hold case references and dates), no names, no case reference. The reader
 * logs in to see the notification itself.
 */
export function notificationMail(kind: string, appUrl: string): NotificationMail {
  return {
    subject: `Nieuwe melding in ${APP_NAME}`,
    text: [
      `Er is een nieuwe melding voor u in ${APP_NAME}: ${KIND_TEXT[kind] ?? 'een nieuwe melding'}.`,
      '',
      `Log in om de melding te lezen: ${appUrl}`,
      '',
      'Deze e-mail bevat bewust geen gegevens over personen of casussen. U kunt er niet op antwoorden.',
    ].join('\n'),
  };
}
