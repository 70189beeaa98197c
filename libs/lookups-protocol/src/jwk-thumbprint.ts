import { createHash, type KeyObject } from 'node:crypto';

/**
 * The RFC 7638 thumbprint (SHA-256, base64url) of an Ed25519 or P-256 public key: it names the key
 * material itself, so a copied key is recognised whatever `kid` it was given.
 */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  // The required members in lexicographic order, as RFC 7638 section 3.2 prescribes.
  const members =
    jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
