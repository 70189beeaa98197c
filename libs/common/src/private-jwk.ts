import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { jwkThumbprint } from '@vt/lookups-protocol';
import { EnvReader } from './config';

export type PrivateJwkAlgorithm = 'EdDSA' | 'ES256';

const CURVE_NAMES: Record<PrivateJwkAlgorithm, string> = { EdDSA: 'Ed25519', ES256: 'P-256' };

/**
 * A private key configured as a JWK with its `kid`, of one of `algorithms`. Problems go to
 * `r.problems` and name the variable, never its content (it is a private key). Production refuses
 * the development key by its thumbprint, and any `dev-only` kid.
 */
export function readPrivateJwk(
  r: EnvReader,
  name: string,
  raw: string,
  options: { algorithms: readonly PrivateJwkAlgorithm[]; devThumbprint: string },
): { key: KeyObject; kid: string; alg: PrivateJwkAlgorithm } | null {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    r.problems.push(`${name} must be a private JWK (JSON)`);
    return null;
  }
  const kid = typeof jwk.kid === 'string' ? jwk.kid : '';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid)) r.problems.push(`${name} needs a kid of 1 to 64 characters`);
  const alg: PrivateJwkAlgorithm | null =
    jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : null;
  if (alg === null || !options.algorithms.includes(alg) || typeof jwk.d !== 'string') {
    const curves = options.algorithms.map((algorithm) => CURVE_NAMES[algorithm]).join(' or ');
    r.problems.push(`${name} must be an ${curves} private JWK`);
    return null;
  }
  try {
    const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    if (r.production && (kid.startsWith('dev-only') || jwkThumbprint(createPublicKey(key)) === options.devThumbprint)) {
      r.problems.push(`${name} is the development key, refused in production`);
    }
    return { key, kid, alg };
  } catch {
    r.problems.push(`${name} is not a usable private key`);
    return null;
  }
}
