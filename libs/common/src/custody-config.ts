import { EnvReader } from './config';

/**
 * How the hub asks the custody source (the BRP API Gezag): with its own signed token, as the demo
 * register expects, or with an API key in a header, as an API gateway in front of the national
 * Gezagsmodule may ask. The source's address is its entry in the source-holder registry.
 */
export const CUSTODY_AUTH_MODES = ['hub-token', 'api-key'] as const;
export type CustodyAuthMode = (typeof CUSTODY_AUTH_MODES)[number];

/** A placeholder OIN for development and tests; production refuses it. */
export const DEV_CUSTODY_OIN = '00000000000000000000';
export const DEFAULT_CUSTODY_API_KEY_HEADER = 'X-API-KEY';

export interface CustodyConfig {
  /** The hub organisation's OIN, sent in the `OIN` header; null when unset (custody then answers 503). */
  oin: string | null;
  auth: CustodyAuthMode;
  /** Only with `api-key`: the header and the key. The key is a secret: never logged or echoed. */
  apiKey: { header: string; value: string } | null;
}

/** Headers the hub sets itself on a custody request: an API key may not take their place. */
const RESERVED_HEADERS = ['oin', 'content-type', 'accept', 'host', 'content-length', 'x-transaction-id', 'traceparent'];
const MIN_API_KEY_LENGTH = 16;

function readApiKey(r: EnvReader, auth: CustodyAuthMode): CustodyConfig['apiKey'] {
  const value = r.optional('CUSTODY_API_KEY');
  const header = r.string('CUSTODY_API_KEY_HEADER', DEFAULT_CUSTODY_API_KEY_HEADER);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(header) || RESERVED_HEADERS.includes(header.toLowerCase())) {
    r.problems.push(
      `CUSTODY_API_KEY_HEADER must be a header name of A-Z, a-z, 0-9 and - other than ${RESERVED_HEADERS.join(', ')}`,
    );
  }
  if (auth !== 'api-key') {
    if (value !== undefined) r.problems.push('CUSTODY_API_KEY is set, but CUSTODY_AUTH is not api-key');
    return null;
  }
  // The messages name the variable, never its content.
  if (value === undefined) {
    r.problems.push('CUSTODY_API_KEY is required when CUSTODY_AUTH is api-key');
    return null;
  }
  if (value.length < MIN_API_KEY_LENGTH || !/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(value)) {
    r.problems.push(`CUSTODY_API_KEY must be at least ${MIN_API_KEY_LENGTH} printable characters`);
  }
  if (r.production && value.startsWith('dev-only-')) {
    r.problems.push('CUSTODY_API_KEY holds a development default, refused in production');
  }
  return { header, value };
}

/** Reads the custody settings; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readCustodyConfig(r: EnvReader): CustodyConfig {
  const oin = r.optional('CUSTODY_OIN') ?? (r.production ? null : DEV_CUSTODY_OIN);
  if (oin !== null && !/^[0-9]{20}$/.test(oin)) r.problems.push('CUSTODY_OIN must be 20 digits');
  if (r.production && oin === DEV_CUSTODY_OIN) {
    r.problems.push('CUSTODY_OIN is the development placeholder, refused in production');
  }
  const auth = r.oneOf('CUSTODY_AUTH', 'hub-token', CUSTODY_AUTH_MODES);
  return { oin, auth, apiKey: readApiKey(r, auth) };
}
