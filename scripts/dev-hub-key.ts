import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { DEV_HUB_KEY_ID, type HubSigningKey } from '@vt/lookups-protocol';

/**
 * The private half of the demo's hub key (published, so for the demo and tests only). It is kept
 * out of `@vt/lookups-protocol`, which production code imports; production refuses its public
 * half by thumbprint (`DEV_HUB_KEY_THUMBPRINT`).
 */
const DEV_HUB_PRIVATE_JWK: JsonWebKey = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'gUMh4it5hNcwUVc5-PM2INKduY4B-cXYla8db1h8V7g',
  d: 'FG3tjyArVTpPf7tiJrbymkpG_8eHXTNyaXvUbiZ4laU',
};

export function devHubSigningKey(): HubSigningKey {
  return { key: createPrivateKey({ key: DEV_HUB_PRIVATE_JWK, format: 'jwk' }), kid: DEV_HUB_KEY_ID, alg: 'EdDSA' };
}
