import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  DEV_CHECKPOINT_KEY_THUMBPRINT,
  DEV_HUB_KEY_THUMBPRINT,
  jwkThumbprint,
  TOKEN_ALGORITHMS,
} from '@vt/lookups-protocol';

export type HubKeyAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

export interface HubPublicKey {
  kid: string;
  alg: HubKeyAlgorithm;
  key: KeyObject;
}

/** What one of the hub's key sets may hold, and which published development key it must not. */
export interface HubKeySetRules {
  algorithms: readonly HubKeyAlgorithm[];
  /** Named in the refusal, e.g. "development hub key". */
  devKeyName: string;
  devKeyThumbprint: string;
}

/** The keys the hub signs its tokens with (HUB_PUBLIC_KEYS). */
export const HUB_TOKEN_KEY_RULES: HubKeySetRules = {
  algorithms: TOKEN_ALGORITHMS,
  devKeyName: 'development hub key',
  devKeyThumbprint: DEV_HUB_KEY_THUMBPRINT,
};

/** The keys the hub signs its audit checkpoints with (AUDIT_CHECKPOINT_PUBLIC_KEYS): Ed25519 only. */
export const CHECKPOINT_KEY_RULES: HubKeySetRules = {
  algorithms: ['EdDSA'],
  devKeyName: 'development checkpoint key',
  devKeyThumbprint: DEV_CHECKPOINT_KEY_THUMBPRINT,
};

export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const CURVES: Record<HubKeyAlgorithm, string> = { EdDSA: 'Ed25519', ES256: 'P-256' };

function algorithmOf(jwk: Record<string, unknown>): HubKeyAlgorithm | null {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  return null;
}

/**
 * Public keys of the hub from a JWK Set (`{"keys":[…]}`), each with its own `kid`, so the hub can
 * rotate by publishing the next key before signing with it. Only the algorithms `rules` allow pass.
 * Problems are collected, never the key material itself; a private key is refused outright.
 */
export function parseHubKeys(
  name: string,
  raw: string,
  rules: HubKeySetRules,
  production: boolean,
  problems: string[],
): HubPublicKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(`${name} must be a JWK Set in JSON ({"keys":[...]})`);
    return [];
  }
  const jwks = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(jwks) || jwks.length === 0) {
    problems.push(`${name} must be a JWK Set with at least one key`);
    return [];
  }
  const allowed = rules.algorithms.map((alg) => `${CURVES[alg]} (${alg})`).join(' or ');
  const keys: HubPublicKey[] = [];
  for (const [index, jwk] of (jwks as unknown[]).entries()) {
    const where = `${name} key ${index + 1}`;
    if (typeof jwk !== 'object' || jwk === null) {
      problems.push(`${where} is not a JWK`);
      continue;
    }
    const fields = jwk as Record<string, unknown>;
    if ('d' in fields) {
      problems.push(`${where} holds a private key; configure only the public half`);
      continue;
    }
    const kid = fields.kid;
    if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
      problems.push(`${where} needs a kid of 1 to 64 characters A-Z, a-z, 0-9, . _ -`);
      continue;
    }
    const alg = algorithmOf(fields);
    if (!alg || !rules.algorithms.includes(alg) || (fields.alg !== undefined && fields.alg !== alg)) {
      problems.push(`${where} must be an ${allowed} public key`);
      continue;
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: fields as JsonWebKey, format: 'jwk' });
    } catch {
      problems.push(`${where} is not a valid ${alg} public key`);
      continue;
    }
    // By the key material, not the kid: a renamed copy of the published key is still refused.
    if (production && (kid.startsWith('dev-only') || jwkThumbprint(key) === rules.devKeyThumbprint)) {
      problems.push(`${where} is the ${rules.devKeyName} (published in this repository), refused in production`);
      continue;
    }
    keys.push({ kid, alg, key });
  }
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) problems.push(`${name} repeats a kid`);
  return keys;
}
