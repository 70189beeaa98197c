import { createPublicKey } from 'node:crypto';
import { jwkThumbprint } from './jwk-thumbprint';

/**
 * The public half of the demo's hub key pair, so the demo's source holders trust the demo's hub
 * without configuration. The private half lives in `scripts/dev-hub-key.ts`, outside this library,
 * so no production code path can sign with it. Production refuses this key on both sides by its
 * thumbprint, whatever `kid` it is given.
 */
export const DEV_HUB_ISSUER = 'vt-hub';
export const DEV_HUB_KEY_ID = 'dev-only-hub-1';

const DEV_HUB_PUBLIC_JWK = { kty: 'OKP', crv: 'Ed25519', x: 'gUMh4it5hNcwUVc5-PM2INKduY4B-cXYla8db1h8V7g' };

/** The public half as a JWK Set, the format source holders are configured with (HUB_PUBLIC_KEYS). */
export const DEV_HUB_PUBLIC_JWKS = JSON.stringify({
  keys: [{ ...DEV_HUB_PUBLIC_JWK, kid: DEV_HUB_KEY_ID, alg: 'EdDSA', use: 'sig' }],
});

/** RFC 7638 thumbprint of the development hub key. */
export const DEV_HUB_KEY_THUMBPRINT = jwkThumbprint(createPublicKey({ key: DEV_HUB_PUBLIC_JWK, format: 'jwk' }));
