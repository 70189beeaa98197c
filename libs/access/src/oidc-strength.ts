/**
 * `amr` values (RFC 8176) that say the provider itself asked more than one factor: multi-factor as
 * such, a one-time code, a hardware key or smart card after the password, or a key with its PIN.
 * Biometrics alone (`fpt`, `face`) and a password (`pwd`) alone are one factor.
 */
const MULTI_FACTOR_AMR = new Set(['mfa', 'otp', 'sms', 'hwk', 'sc']);

/**
 * Whether the provider's ID token says the person passed a second factor there: then the hub asks
 * none of its own. Otherwise the hub's second factor follows, as after a password.
 */
export function multiFactorAtProvider(claims: { amr?: unknown; acr?: unknown }, mfaAcr: string | null): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.some((method) => MULTI_FACTOR_AMR.has(method))) return true;
  if (amr.includes('swk') && amr.includes('pin')) return true;
  return mfaAcr !== null && claims.acr === mfaAcr;
}
