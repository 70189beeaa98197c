import { createPrivateKey } from 'node:crypto';
import {
  DEV_CHECKPOINT_KEY_ID,
  DEV_CHECKPOINT_KEY_THUMBPRINT,
  DEV_CHECKPOINT_PRIVATE_JWK,
  type CheckpointKey,
} from '@vt/lookups-protocol';
import { EnvReader } from './config';
import { readPrivateJwk } from './private-jwk';

/** Signed, witnessed checkpoints of the audit chains (DESIGN section 12). */
export interface AuditConfig {
  /** Ed25519 key that signs chain heads; held in configuration, never in the database. */
  checkpointKey: CheckpointKey;
  /** How often the worker signs and hands to the witness the head of every chain that grew. */
  checkpointIntervalSeconds: number;
  /** How often the worker walks every chain and its checkpoints (the periodic tamper check). */
  verifyIntervalSeconds: number;
  /** The witness (a source holder run by another organisation); null only outside production. */
  witness: { url: string; audience: string } | null;
}

/**
 * `AUDIT_CHECKPOINT_KEY` is an Ed25519 private JWK with its `kid`. Outside production the
 * DEVELOPMENT key from the protocol library is the default; production requires a key of its own
 * and refuses the development key by its thumbprint, whatever `kid` it carries.
 */
function readCheckpointKey(r: EnvReader): CheckpointKey {
  const raw = r.optional('AUDIT_CHECKPOINT_KEY');
  if (raw === undefined && r.production) r.problems.push('AUDIT_CHECKPOINT_KEY is required in production');
  const read = readPrivateJwk(r, 'AUDIT_CHECKPOINT_KEY', raw ?? DEV_CHECKPOINT_PRIVATE_JWK, {
    algorithms: ['EdDSA'],
    devThumbprint: DEV_CHECKPOINT_KEY_THUMBPRINT,
  });
  // On a refused value start-up fails anyway (r.done()); the development key only fills the type.
  return (
    read ?? {
      kid: DEV_CHECKPOINT_KEY_ID,
      key: createPrivateKey({ key: JSON.parse(DEV_CHECKPOINT_PRIVATE_JWK), format: 'jwk' }),
    }
  );
}

function readWitness(r: EnvReader): AuditConfig['witness'] {
  const url = r.optional('AUDIT_WITNESS_URL');
  const audience = r.optional('AUDIT_WITNESS_ID');
  if (url === undefined) {
    if (r.production) r.problems.push('AUDIT_WITNESS_URL is required in production');
    if (audience !== undefined) r.problems.push('AUDIT_WITNESS_ID is set without AUDIT_WITNESS_URL');
    return null;
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    r.problems.push('AUDIT_WITNESS_URL is not a valid URL');
  }
  if (protocol !== undefined && protocol !== 'http:' && protocol !== 'https:') {
    r.problems.push('AUDIT_WITNESS_URL must use http: or https:');
  }
  if (r.production && protocol === 'http:') r.problems.push('AUDIT_WITNESS_URL must use https: in production');
  if (audience === undefined || !/^[a-z0-9-]{1,40}$/.test(audience)) {
    r.problems.push('AUDIT_WITNESS_ID (the witness source holder id) is required with AUDIT_WITNESS_URL: a-z, 0-9, -');
  }
  return { url: url.replace(/\/+$/, ''), audience: audience ?? '' };
}

/** Reads the audit settings; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readAuditConfig(r: EnvReader): AuditConfig {
  return {
    checkpointKey: readCheckpointKey(r),
    checkpointIntervalSeconds: r.int('AUDIT_CHECKPOINT_INTERVAL_SECONDS', 300, 10, 86_400),
    verifyIntervalSeconds: r.int('AUDIT_VERIFY_INTERVAL_SECONDS', 3600, 10, 7 * 86_400),
    witness: readWitness(r),
  };
}
