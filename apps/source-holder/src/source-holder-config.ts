import {
  EnvReader,
  ListenerAddress,
  LOOPBACK_HOSTS,
  RateLimitConfig,
  readInternalListener,
  readRateLimitConfig,
  readTlsFiles,
  TlsFiles,
} from '@vt/common';
import {
  DEV_CHECKPOINT_PUBLIC_JWKS,
  DEV_HUB_ISSUER,
  DEV_HUB_PUBLIC_JWKS,
  devPseudonymKey,
  jwkThumbprint,
  MIN_PSEUDONYM_KEY_LENGTH,
  ORGANISATION_SLUG_PATTERN,
} from '@vt/lookups-protocol';
import { CHECKPOINT_KEY_RULES, HUB_TOKEN_KEY_RULES, HubKeySetRules, HubPublicKey, parseHubKeys } from './hub-keys';

/** `bronhouder` answers known-by and detail requests; `gezag` is a custody register. */
export const SOURCE_HOLDER_MODES = ['bronhouder', 'gezag'] as const;
export type SourceHolderMode = (typeof SOURCE_HOLDER_MODES)[number];

export interface SourceHolderConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** The review API (/beheer), metrics and health: never on the protocol listener. */
  admin: ListenerAddress;
  /** Mutual TLS on the protocol listener; null (plain HTTP) outside production only. */
  tls: SourceHolderTls | null;
  databaseUrl: string;
  databasePoolSize: number;
  databasePoolWaitMs: number;
  /** Slug of the partner organisation that runs this instance (the demo runs several). */
  organisation: string;
  mode: SourceHolderMode;
  /** This source holder's id: the audience its tokens must name. */
  id: string;
  /** The registered hub: the issuer its tokens must name, and its public keys. */
  hubIssuer: string;
  hubKeys: HubPublicKey[];
  /** The hub's audit checkpoint keys (Ed25519): what the witness accepts checkpoints signed by. */
  auditCheckpointKeys: HubPublicKey[];
  /** HMAC key shared with the hub only, for the pseudonyms of known-by questions. */
  pseudonymKey: string;
  /** This source holder's own HMAC key for finding a record by BSN; never leaves it. */
  subjectKey: string;
  /** Bearer credential of the local review API (/beheer). */
  adminToken: string;
  /** How long after its decision a granted detail request still serves its data. */
  detailAnswerTtlHours: number;
  /** Demo and test switch: false makes the custody register answer 503. */
  registerAvailable: boolean;
  /** Counted in this process (docs/rate-limits.md); the caller is the requesting organisation. */
  rateLimit: RateLimitConfig;
  trustProxy: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export interface SourceHolderTls extends TlsFiles {
  /**
   * The registered hub's name in its client certificate: `serialNumber=<OIN>` (the subject's
   * serial number, as PKIoverheid certificates carry the OIN), `DNS:<name>` or `URI:<uri>` (a
   * subject alternative name).
   */
  hubIdentity: string;
}

export const CERTIFICATE_IDENTITY_PATTERN = /^(serialNumber=|DNS:|URI:)[^\s,]+$/;

/** The development default of SOURCE_HOLDER_ORGANISATION (and so of SOURCE_HOLDER_ID). */
export const DEV_ORGANISATION = 'demo-bron';

export const DEV_SOURCE_HOLDER_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vt_source_holder';

export function loadSourceHolderConfig(env: Record<string, string | undefined> = process.env): SourceHolderConfig {
  const r = new EnvReader(env);
  // In production the identities are agreed with the hub, never defaulted: two partners left on
  // the defaults would share an audience and accept each other's tokens.
  const organisation = r.string('SOURCE_HOLDER_ORGANISATION', r.production ? undefined : DEV_ORGANISATION);
  const id = r.string('SOURCE_HOLDER_ID', r.production ? undefined : organisation);
  // Development falls back to the published key pair; production requires the hub's real keys.
  const keySet = (name: string, devDefault: string, rules: HubKeySetRules): HubPublicKey[] => {
    const raw = r.optional(name) ?? (r.production ? undefined : devDefault);
    if (raw === undefined) {
      r.problems.push(`${name} is required in production`);
      return [];
    }
    return parseHubKeys(name, raw, rules, r.production, r.problems);
  };
  const port = r.int('SOURCE_HOLDER_PORT', 4100, 1, 65535);
  const config: SourceHolderConfig = {
    nodeEnv: r.nodeEnv,
    port,
    host: r.string('SOURCE_HOLDER_HOST', '127.0.0.1'),
    admin: readInternalListener(r, {
      port: 'SOURCE_HOLDER_ADMIN_PORT',
      host: 'SOURCE_HOLDER_ADMIN_HOST',
      exposed: 'SOURCE_HOLDER_ADMIN_EXPOSED',
      defaultPort: 4180,
      publicPortName: 'SOURCE_HOLDER_PORT',
      publicPort: port,
    }),
    tls: readSourceHolderTls(r),
    databaseUrl: r.url('SOURCE_HOLDER_DATABASE_URL', DEV_SOURCE_HOLDER_DATABASE_URL, ['postgres:', 'postgresql:']),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 500),
    databasePoolWaitMs: r.int('DATABASE_POOL_WAIT_MS', 30_000, 100, 120_000),
    organisation,
    mode: r.oneOf('SOURCE_HOLDER_MODE', 'bronhouder', SOURCE_HOLDER_MODES),
    id,
    hubIssuer: r.string('HUB_ISSUER', r.production ? undefined : DEV_HUB_ISSUER),
    hubKeys: keySet('HUB_PUBLIC_KEYS', DEV_HUB_PUBLIC_JWKS, HUB_TOKEN_KEY_RULES),
    auditCheckpointKeys: keySet('AUDIT_CHECKPOINT_PUBLIC_KEYS', DEV_CHECKPOINT_PUBLIC_JWKS, CHECKPOINT_KEY_RULES),
    pseudonymKey: r.optional('PSEUDONYM_KEY') ?? '',
    subjectKey: r.secret('SUBJECT_KEY', 32),
    adminToken: r.secret('SOURCE_HOLDER_ADMIN_TOKEN', 32),
    detailAnswerTtlHours: r.int('DETAIL_ANSWER_TTL_HOURS', 24, 1, 168),
    registerAvailable: r.oneOf('SOURCE_HOLDER_REGISTER_AVAILABLE', 'true', ['true', 'false'] as const) === 'true',
    // Every question comes through the hub, so one address carries all organisations' traffic.
    rateLimit: readRateLimitConfig(r, { name: 'RATE_LIMIT_PER_ORGANISATION', fallback: 1200 }, 6000),
    trustProxy: r.oneOf('TRUST_PROXY', 'false', ['true', 'false'] as const) === 'true',
    logLevel: r.oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
  };
  for (const [name, value] of [
    ['SOURCE_HOLDER_ORGANISATION', organisation],
    ['SOURCE_HOLDER_ID', id],
  ]) {
    if (value && !ORGANISATION_SLUG_PATTERN.test(value)) {
      r.problems.push(`${name} must be 1 to 40 characters a-z, 0-9 or - (got "${value}")`);
    }
  }
  if (r.production) {
    for (const [name, value, devDefault] of [
      ['SOURCE_HOLDER_ORGANISATION', organisation, DEV_ORGANISATION],
      ['SOURCE_HOLDER_ID', id, DEV_ORGANISATION],
      ['HUB_ISSUER', config.hubIssuer, DEV_HUB_ISSUER],
    ]) {
      if (value === devDefault) r.problems.push(`${name} holds a development default, refused in production`);
    }
  }
  // Checkpoint keys are meant to be held apart from the token key: were one key both, whoever
  // signs tokens could also sign checkpoints.
  const tokenKeys = new Set(config.hubKeys.map((key) => jwkThumbprint(key.key)));
  if (config.auditCheckpointKeys.some((key) => tokenKeys.has(jwkThumbprint(key.key)))) {
    r.problems.push('AUDIT_CHECKPOINT_PUBLIC_KEYS must not repeat a key of HUB_PUBLIC_KEYS (one key, one purpose)');
  }
  // An unset NODE_ENV means development, with its published keys; on a reachable address that
  // must be a deliberate choice, not an omission (e.g. `node dist/...` outside the image).
  if (env.NODE_ENV === undefined && !LOOPBACK_HOSTS.includes(config.host)) {
    r.problems.push('NODE_ENV must be set explicitly when SOURCE_HOLDER_HOST is not a loopback address');
  }
  // The development default is derived from the id, so the demo's hub can derive the same key.
  if (config.pseudonymKey === '') {
    if (r.production) r.problems.push('PSEUDONYM_KEY is required in production');
    else config.pseudonymKey = devPseudonymKey(id);
  } else {
    if (config.pseudonymKey.length < MIN_PSEUDONYM_KEY_LENGTH) {
      r.problems.push(`PSEUDONYM_KEY must be at least ${MIN_PSEUDONYM_KEY_LENGTH} characters`);
    }
    if (r.production && config.pseudonymKey.startsWith('dev-only-')) {
      r.problems.push('PSEUDONYM_KEY holds a development default, refused in production');
    }
  }
  if (config.pseudonymKey && config.pseudonymKey === config.subjectKey) {
    r.problems.push('SUBJECT_KEY must differ from PSEUDONYM_KEY (the hub knows the shared key)');
  }
  r.done();
  return config;
}

/** Production requires mutual TLS: the hub is known by its certificate as well as its token. */
function readSourceHolderTls(r: EnvReader): SourceHolderTls | null {
  const files = readTlsFiles(
    r,
    { cert: 'SOURCE_HOLDER_TLS_CERT', key: 'SOURCE_HOLDER_TLS_KEY', ca: 'SOURCE_HOLDER_TLS_CA' },
    r.production ? 'in production (mutual TLS with the hub)' : null,
  );
  const hubIdentity = r.optional('SOURCE_HOLDER_TLS_HUB_IDENTITY');
  if (files === null) {
    if (hubIdentity !== undefined) r.problems.push('SOURCE_HOLDER_TLS_HUB_IDENTITY needs SOURCE_HOLDER_TLS_CERT');
    return null;
  }
  if (hubIdentity === undefined || !CERTIFICATE_IDENTITY_PATTERN.test(hubIdentity)) {
    r.problems.push(
      "SOURCE_HOLDER_TLS_HUB_IDENTITY is required with mutual TLS: serialNumber=<OIN>, DNS:<name> or URI:<uri> of the hub's client certificate",
    );
  }
  return { ...files, hubIdentity: hubIdentity ?? '' };
}
