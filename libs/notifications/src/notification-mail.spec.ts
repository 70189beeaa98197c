import { notificationMail } from './notification-mail';

describe('notificationMail', () => {
  it('names the kind in Dutch and links to the app', () => {
    const mail = notificationMail('deadline_breached', 'https://vt.example/meldingen');
    expect(mail.subject).toBe('Nieuwe melding in Casusregie');
    expect(mail.text).toContain('Er is een nieuwe melding voor u in Casusregie: een overschreden termijn.');
    expect(mail.text).toContain('https://vt.example/meldingen');
  });

  it('says several for a summary of breaches (no case), and the plain text for other kinds without a case', () => {
    expect(notificationMail('deadline_breached', 'https://vt.example', true).text).toContain(
      'Er is een nieuwe melding voor u in Casusregie: meerdere overschreden termijnen.',
    );
    expect(notificationMail('audit_chain_broken', 'https://vt.example', true)).toEqual(
      notificationMail('audit_chain_broken', 'https://vt.example'),
    );
  });

  it('falls back to a plain notification for a kind it does not know', () => {
    expect(notificationMail('something_new', 'https://vt.example').text).toContain(': een nieuwe melding.');
  });

  it('is the same text for every notification of a kind: nothing from the case gets in', () => {
    for (const kind of ['escalation_raised', 'deadline_breached', 'deadline_reminder']) {
      const mail = notificationMail(kind, 'https://vt.example');
      expect(mail.text).not.toMatch(/VT-\d{4}-\d{6}|\d{1,2}[-/ ]\d{1,2}|\d{2}:\d{2}/);
      expect(mail).toEqual(notificationMail(kind, 'https://vt.example'));
    }
  });
});
