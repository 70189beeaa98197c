import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { createTransport, Transporter } from 'nodemailer';
import { NotificationMail } from './notification-mail';

/** The outcome of a failed send, safe to log and store: codes only, never the server's text. */
export interface MailFailure {
  /** Nodemailer's code and the SMTP reply code, e.g. `EMESSAGE 451`. */
  code: string;
  /** The server refused this message for good (5xx); another attempt would be refused again. */
  permanent: boolean;
}

/**
 * Reduces a send error to what may be logged: the server's reply text often repeats the recipient's
 * address. A refused login (535) counts as temporary: it is a configuration fault, and mail waiting
 * in its retries still goes out once it is fixed.
 */
export function mailFailure(error: unknown): MailFailure {
  const { code, responseCode, permanent } = (error ?? {}) as {
    code?: string;
    responseCode?: number;
    permanent?: boolean;
  };
  return {
    code: [code ?? 'EUNKNOWN', responseCode].filter((part) => part !== undefined).join(' '),
    permanent: permanent === true && code !== 'EAUTH' && code !== 'ENOAUTH',
  };
}

/** SMTP through nodemailer, with one pooled transport per process, opened on the first send. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private transporter?: Transporter;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  get configured(): boolean {
    return this.config.mail.smtpUrl !== undefined;
  }

  async send(to: string, mail: NotificationMail): Promise<void> {
    const { smtpUrl, from } = this.config.mail;
    if (smtpUrl === undefined) throw new Error('SMTP_URL is not set');
    this.transporter ??= createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 4,
      // A hung relay must not hold the notification's row lock for long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
    });
    await this.transporter.sendMail({
      from,
      to,
      subject: mail.subject,
      text: mail.text,
      // No out-of-office replies or forwarding loops back to the sender address.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
