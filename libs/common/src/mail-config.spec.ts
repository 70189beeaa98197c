import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config';
import { loadHubConfig } from './hub-config';
import { DEV_APP_URL, isMailbox } from './mail-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  ACCESS_TOKEN_SECRET: 'x'.repeat(48),
  MATCHING_KEY: 'm'.repeat(48),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  // Audit checkpoints: a key of its own and a witness are required in production.
  AUDIT_CHECKPOINT_KEY: JSON.stringify({
    ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
    kid: 'checkpoint-1',
  }),
  AUDIT_WITNESS_URL: 'https://getuige.example',
  AUDIT_WITNESS_ID: 'getuige',
};

describe('mail configuration', () => {
  it('sends nothing by default, with development defaults for the rest', () => {
    const { mail } = loadHubConfig({});
    expect(mail.smtpUrl).toBeUndefined();
    expect(mail.appUrl).toBe(DEV_APP_URL);
    expect(mail.attempts).toBeGreaterThan(1);
  });

  it('treats an empty SMTP_URL as unset (docker compose passes empty values)', () => {
    expect(loadHubConfig({ SMTP_URL: '' }).mail.smtpUrl).toBeUndefined();
  });

  it('accepts smtp and smtps with credentials', () => {
    expect(loadHubConfig({ SMTP_URL: 'smtp://relay.example:587' }).mail.smtpUrl).toBe('smtp://relay.example:587');
    expect(loadHubConfig({ SMTP_URL: 'smtps://user:secret@relay.example' }).mail.smtpUrl).toContain('smtps:');
  });

  it.each([
    ['SMTP_URL', 'http://relay.example'],
    ['SMTP_URL', 'relay.example:25'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_FROM', 'Casusregie <noreply@vt.example>\r\nBcc: x@evil.example'],
    ['APP_URL', 'ftp://vt.example'],
    ['APP_URL', 'not a url'],
    ['MAIL_ATTEMPTS', '0'],
    ['MAIL_BACKOFF_MS', 'soon'],
    ['MAIL_POLL_MS', '10'],
  ])('refuses a bad %s and names it', (name, value) => {
    expect(() => loadHubConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadHubConfig({ [name]: value })).toThrow(name);
  });

  it('never repeats the SMTP password in its message', () => {
    let message = '';
    try {
      loadHubConfig({ SMTP_URL: 'http://user:hunter2-secret@relay.example' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_URL');
    expect(message).not.toContain('hunter2');
  });

  it('in production with SMTP, requires a real sender and an https link', () => {
    const smtp = { ...PRODUCTION, SMTP_URL: 'smtps://relay.example' };
    expect(() => loadHubConfig(smtp)).toThrow('MAIL_FROM is required');
    expect(() => loadHubConfig(smtp)).toThrow('APP_URL is required');
    expect(() => loadHubConfig({ ...smtp, MAIL_FROM: 'noreply@vt.example', APP_URL: 'http://vt.example' })).toThrow(
      'APP_URL must use https:',
    );
    const config = loadHubConfig({
      ...smtp,
      MAIL_FROM: 'Casusregie <noreply@vt.example>',
      APP_URL: 'https://vt.example',
    });
    expect(config.mail.appUrl).toBe('https://vt.example');
    // Production without e-mail needs neither.
    expect(loadHubConfig(PRODUCTION).mail.smtpUrl).toBeUndefined();
  });

  it.each([
    ['noreply@vt.example', true],
    ['Casusregie Veilig Thuis <noreply@vt.example>', true],
    ['<noreply@vt.example>', true],
    ['noreply', false],
    ['Name <noreply>', false],
    ['a@b\nBcc: c@d', false],
  ])('isMailbox(%j) is %s', (value, expected) => {
    expect(isMailbox(value)).toBe(expected);
  });
});
