import net from 'node:net';
import { SMTPServer, SMTPServerError } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  at: number;
  /** The message as sent, quoted-printable undone so the text can be searched. */
  raw: string;
}

/**
 * An in-process SMTP relay that records what it accepts and refuses, and can be told to refuse
 * an address for a while (451, try again later) or for good (550).
 */
export class TestRelay {
  readonly received: ReceivedMail[] = [];
  readonly refused: { to: string; at: number; code: number }[] = [];
  readonly refuseTemporarily = new Map<string, number>();
  readonly refuseForGood = new Set<string>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const left = this.refuseTemporarily.get(to) ?? 0;
        const code = this.refuseForGood.has(to) ? 550 : left > 0 ? 451 : 0;
        if (code) {
          this.refuseTemporarily.set(to, left - 1);
          this.refused.push({ to, at: Date.now(), code });
          const error: SMTPServerError = Object.assign(new Error('refused by the test relay'), { responseCode: code });
          return callback(error);
        }
        const raw = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        this.received.push({ to, at: Date.now(), raw });
        callback();
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as net.AddressInfo).port;
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
