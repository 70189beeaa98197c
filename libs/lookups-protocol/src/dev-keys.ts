import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import type { HubSigningKey } from './token';

/**
 * The demo's hub key pair, so the demo's hub and source holders trust each other without
 * configuration. Its key id starts with `dev-only-`; production refuses it on both sides.
 */
export const DEV_HUB_ISSUER = 'vt-hub';
export const DEV_HUB_KEY_ID = 'dev-only-hub-1';

const DEV_HUB_PRIVATE_JWK: JsonWebKey = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'gUMh4it5hNcwUVc5-PM2INKduY4B-cXYla8db1h8V7g',
  d: 'FG3tjyArVTpPf7tiJrbymkpG_8eHXTNyaXvUbiZ4laU',
};

/** The public half as a JWK Set, the format source holders are configured with (HUB_PUBLIC_KEYS). */
export const DEV_HUB_PUBLIC_JWKS = JSON.stringify({
  keys: [{ kty: 'OKP', crv: 'Ed25519', x: DEV_HUB_PRIVATE_JWK.x, kid: DEV_HUB_KEY_ID, alg: 'EdDSA', use: 'sig' }],
});

export function devHubSigningKey(): HubSigningKey {
  return { key: createPrivateKey({ key: DEV_HUB_PRIVATE_JWK, format: 'jwk' }), kid: DEV_HUB_KEY_ID, alg: 'EdDSA' };
}
