import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EnvReader } from './config';

/** PEM texts for one side of mutual TLS: its certificate (chain), its key, the CA it trusts. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

export interface TlsFileNames {
  cert: string;
  key: string;
  ca: string;
}

function readPem(r: EnvReader, name: string): string | null {
  const path = r.optional(name);
  if (path === undefined) return null;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    r.problems.push(`${name} names a file that cannot be read (${path})`);
    return null;
  }
}

function certificate(r: EnvReader, name: string, pem: string): X509Certificate | null {
  try {
    const cert = new X509Certificate(pem);
    if (Date.parse(cert.validTo) <= Date.now()) r.problems.push(`${name}: the certificate expired on ${cert.validTo}`);
    return cert;
  } catch {
    r.problems.push(`${name} does not hold a PEM certificate`);
    return null;
  }
}

/**
 * The three files named by `names`, read and checked at start-up: all three or none (null), each a
 * PEM that parses, the certificate unexpired and matching the key. `required` makes none a
 * problem too.
 */
export function readTlsFiles(r: EnvReader, names: TlsFileNames, required: string | null): TlsFiles | null {
  const cert = readPem(r, names.cert);
  const key = readPem(r, names.key);
  const ca = readPem(r, names.ca);
  const set = [names.cert, names.key, names.ca].filter((name) => r.optional(name) !== undefined);
  if (set.length === 0) {
    if (required) r.problems.push(`${names.cert}, ${names.key} and ${names.ca} are required ${required}`);
    return null;
  }
  if (set.length < 3) {
    r.problems.push(`${names.cert}, ${names.key} and ${names.ca} go together (only ${set.join(', ')} set)`);
    return null;
  }
  if (cert === null || key === null || ca === null) return null;
  const own = certificate(r, names.cert, cert);
  certificate(r, names.ca, ca);
  try {
    if (own && !own.checkPrivateKey(createPrivateKey(key))) {
      r.problems.push(`${names.key} is not the key of the certificate in ${names.cert}`);
    }
  } catch {
    r.problems.push(`${names.key} does not hold a PEM private key`);
  }
  return { cert, key, ca };
}
