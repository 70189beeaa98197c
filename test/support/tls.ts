import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of a certificate and its key (what the apps' *_TLS_* settings name). */
export interface IssuedCert {
  cert: string;
  key: string;
}

/**
 * A throw-away PKI made with the `openssl` command line in a temporary directory: CAs, and
 * certificates they sign for servers (127.0.0.1, localhost) and clients (a subject and SANs).
 * P-256 keys, valid for two days.
 */
export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'vt-pki-'));
  private serial = 0;

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  ca(name: string): IssuedCert {
    const files = this.files(name);
    this.openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    return files;
  }

  /** A leaf certificate signed by `ca`; `subject` like `/O=Hub/serialNumber=0000.../CN=hub`. */
  issue(
    ca: IssuedCert,
    name: string,
    subject: string,
    usage: 'serverAuth' | 'clientAuth',
    altNames: string[],
  ): IssuedCert {
    const files = this.files(name);
    const csr = join(this.dir, `${name}.csr`);
    const extensions = join(this.dir, `${name}.ext`);
    writeFileSync(
      extensions,
      [
        'basicConstraints=critical,CA:FALSE',
        `extendedKeyUsage=${usage}`,
        ...(altNames.length > 0 ? [`subjectAltName=${altNames.join(',')}`] : []),
      ].join('\n'),
    );
    this.openssl(
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      csr,
      '-subj',
      subject,
    );
    this.openssl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      String(++this.serial + 1000),
      '-days',
      '2',
      '-extfile',
      extensions,
      '-out',
      files.cert,
    );
    return files;
  }

  /** A server certificate for this machine's loopback address. */
  server(ca: IssuedCert, name: string): IssuedCert {
    return this.issue(ca, name, `/CN=${name}`, 'serverAuth', ['DNS:localhost', 'IP:127.0.0.1']);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private files(name: string): IssuedCert {
    return { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
  }
}
