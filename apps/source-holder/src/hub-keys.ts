import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { DEV_HUB_KEY_THUMBPRINT, jwkThumbprint, TOKEN_ALGORITHMS } from '@vt/lookups-protocol';

export interface HubPublicKey {
  kid: string;
  alg: (typeof TOKEN_ALGORITHMS)[number];
  key: KeyObject;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The hub's public keys from a JWK Set (`{"keys":[…]}`): Ed25519 (EdDSA) or P-256 (ES256), each
 * with its own `kid`, so the hub can rotate by publishing the next key before signing with it.
 * Problems are collected, never the key material itself; a private key is refused outright.
 */
export function parseHubKeys(name: string, raw: string, production: boolean, problems: string[]): HubPublicKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(`${name} must be a JWK Set in JSON ({"keys":[...]})`);
    return [];
  }
  const jwks = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(jwks) || jwks.length === 0) {
    problems.push(`${name} must be a JWK Set with at least one key`);
    return [];
  }
  const keys: HubPublicKey[] = [];
  for (const [index, jwk] of (jwks as Record<string, unknown>[]).entries()) {
    const where = `${name} key ${index + 1}`;
    if (typeof jwk !== 'object' || jwk === null) {
      problems.push(`${where} is not a JWK`);
      continue;
    }
    if ('d' in jwk) {
      problems.push(`${where} holds a private key; configure only the public half`);
      continue;
    }
    const kid = jwk.kid;
    if (typeof kid !== 'string' || !KID.test(kid)) {
      problems.push(`${where} needs a kid of 1 to 64 characters A-Z, a-z, 0-9, . _ -`);
      continue;
    }
    const alg =
      jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : null;
    if (!alg || (jwk.alg !== undefined && jwk.alg !== alg)) {
      problems.push(`${where} must be an Ed25519 (EdDSA) or P-256 (ES256) public key`);
      continue;
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      problems.push(`${where} is not a valid ${alg} public key`);
      continue;
    }
    // By the key material, not the kid: a renamed copy of the published key is still refused.
    if (production && (kid.startsWith('dev-only') || jwkThumbprint(key) === DEV_HUB_KEY_THUMBPRINT)) {
      problems.push(`${where} is the development hub key (published in this repository), refused in production`);
      continue;
    }
    keys.push({ kid, alg, key });
  }
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) problems.push(`${name} repeats a kid`);
  return keys;
}
