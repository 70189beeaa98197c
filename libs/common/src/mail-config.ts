import { EnvReader } from './config';

/** E-mail about new notifications (issue 4). Without `smtpUrl` notifications stay in the inbox only. */
export interface MailConfig {
  /** `smtp://` (STARTTLS when offered) or `smtps://`; may hold credentials, so it is never logged. */
  smtpUrl: string | undefined;
  /** The From header, `address` or `Name <address>`. */
  from: string;
  /** Where the mail sends the reader to log in; the mail itself carries no case data. */
  appUrl: string;
  /** Send attempts per notification before it is recorded as failed. */
  attempts: number;
  /** First retry delay; each next one doubles it. */
  backoffMs: number;
  /** How often the worker looks for notifications still to be mailed. */
  pollMs: number;
}

export const DEV_MAIL_FROM = 'Casusregie <noreply@localhost>';
export const DEV_APP_URL = 'http://127.0.0.1:3000';

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** `address` or `Display Name <address>`, no control characters (they would split the header). */
export function isMailbox(value: string): boolean {
  if (/[\p{Cc}]/u.test(value)) return false;
  const named = /^([^<>]*)<([^<>]+)>$/.exec(value.trim());
  return named ? ADDRESS.test(named[2]) : ADDRESS.test(value);
}

/** Reads the mail settings; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readMailConfig(r: EnvReader): MailConfig {
  const smtpUrl = r.optional('SMTP_URL');
  if (smtpUrl !== undefined) {
    // The value may hold a password: the messages name the variable, never its content.
    let protocol: string | undefined;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      r.problems.push('SMTP_URL is not a valid URL');
    }
    if (protocol !== undefined && protocol !== 'smtp:' && protocol !== 'smtps:') {
      r.problems.push('SMTP_URL must use smtp: or smtps:');
    }
  }
  // A production mail must not point readers at a laptop or come from a made-up sender.
  const productionMail = r.production && smtpUrl !== undefined;
  const from = r.optional('MAIL_FROM');
  if (from === undefined && productionMail) r.problems.push('MAIL_FROM is required in production when SMTP_URL is set');
  if (from !== undefined && !isMailbox(from)) r.problems.push('MAIL_FROM must be an address or "Name <address>"');
  const appUrl = r.optional('APP_URL');
  if (appUrl === undefined && productionMail) r.problems.push('APP_URL is required in production when SMTP_URL is set');
  if (appUrl !== undefined) {
    try {
      const protocol = new URL(appUrl).protocol;
      if (protocol !== 'https:' && (r.production || protocol !== 'http:')) {
        r.problems.push(`APP_URL must use https:${r.production ? '' : ' or http:'}`);
      }
    } catch {
      r.problems.push('APP_URL is not a valid URL');
    }
  }
  return {
    smtpUrl,
    from: from ?? DEV_MAIL_FROM,
    appUrl: appUrl ?? DEV_APP_URL,
    attempts: r.int('MAIL_ATTEMPTS', 8, 1, 50),
    // 30 s doubling over 8 attempts spans about an hour: a relay restart or a short outage passes.
    backoffMs: r.int('MAIL_BACKOFF_MS', 30_000, 10, 3_600_000),
    pollMs: r.int('MAIL_POLL_MS', 5000, 100, 300_000),
  };
}
