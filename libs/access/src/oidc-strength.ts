/**
 * `amr` values (RFC 8176) by the kind of factor they prove. A method names one factor: `otp`, `sms`
 * or `hwk` alone is a passwordless sign-in with one thing held, not two factors.
 */
const FACTOR_KINDS: Record<string, 'knowledge' | 'possession' | 'inherence'> = {
  pwd: 'knowledge',
  pin: 'knowledge',
  kba: 'knowledge',
  otp: 'possession',
  sms: 'possession',
  tel: 'possession',
  hwk: 'possession',
  swk: 'possession',
  sc: 'possession',
  pop: 'possession',
  fpt: 'inherence',
  face: 'inherence',
  iris: 'inherence',
  retina: 'inherence',
  vbm: 'inherence',
};

/**
 * Whether the provider's ID token says the person passed a second factor there: `mfa`, methods of
 * two different kinds (a password and a one-time code, a key and its PIN), or the `acr` configured
 * on the provider. Then the hub asks none of its own; otherwise the hub's second factor follows,
 * as after a password.
 */
export function multiFactorAtProvider(claims: { amr?: unknown; acr?: unknown }, mfaAcr: string | null): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.includes('mfa')) return true;
  const kinds = new Set(amr.map((method) => FACTOR_KINDS[method]).filter((kind) => kind !== undefined));
  if (kinds.size >= 2) return true;
  return mfaAcr !== null && claims.acr === mfaAcr;
}
