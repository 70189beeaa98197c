import { mailFailure } from './mail-sender.service';

const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error('550 5.1.1 <anna@example.org>: Recipient address rejected'), fields);

describe('mailFailure', () => {
  it('keeps the codes and drops the server text, which names the recipient', () => {
    const failure = mailFailure(smtpError({ code: 'EENVELOPE', responseCode: 550, permanent: true }));
    expect(failure).toEqual({ code: 'EENVELOPE 550', permanent: true });
    expect(JSON.stringify(failure)).not.toContain('anna');
  });

  it('retries what may pass later: a 4xx, a dropped connection, a refused login', () => {
    expect(mailFailure(smtpError({ code: 'EMESSAGE', responseCode: 451, permanent: false })).permanent).toBe(false);
    expect(mailFailure(smtpError({ code: 'ECONNECTION' }))).toEqual({ code: 'ECONNECTION', permanent: false });
    expect(mailFailure(smtpError({ code: 'EAUTH', responseCode: 535, permanent: true })).permanent).toBe(false);
  });

  it('copes with something that is not a nodemailer error', () => {
    expect(mailFailure(new Error('boom'))).toEqual({ code: 'EUNKNOWN', permanent: false });
    expect(mailFailure(undefined)).toEqual({ code: 'EUNKNOWN', permanent: false });
  });
});
