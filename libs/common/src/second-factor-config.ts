import { EnvReader } from './config';

/** The second factor at sign-in (docs/second-factor.md). */
export interface SecondFactorConfig {
  /**
   * Every local account must pass a second factor (passkey, TOTP or a recovery code) before a
   * session opens. `SECOND_FACTOR_REQUIRED=false` relaxes that for development and the demo only:
   * accounts that enrolled a factor are still asked for it. Production refuses `false`.
   */
  required: boolean;
  /** The WebAuthn relying party: the host name the web app is served under (no scheme, no port). */
  rpId: string;
  /** The name authenticators show beside the passkey. */
  rpName: string;
  /** Origins passkeys are accepted from; empty: any http(s) origin on `rpId` itself. */
  origins: string[];
  /**
   * Minutes a session's proof of the second factor (its sign-in, or a step-up) allows changing the
   * account's factors: after that, a stolen access token or a session left open cannot.
   */
  stepUpMinutes: number;
}

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Reads the second factor's settings; bad values are added to `r.problems` (the caller calls `r.done()`). */
export function readSecondFactorConfig(r: EnvReader): SecondFactorConfig {
  // Required everywhere but on a developer's laptop unless said otherwise.
  const fallback = r.nodeEnv === 'development' ? 'false' : 'true';
  const required = r.oneOf('SECOND_FACTOR_REQUIRED', fallback, ['true', 'false'] as const) === 'true';
  if (r.production && !required) r.problems.push('SECOND_FACTOR_REQUIRED=false is refused in production');
  const rpId = r.string('WEBAUTHN_RP_ID', 'localhost');
  if (!HOST.test(rpId)) r.problems.push('WEBAUTHN_RP_ID must be a host name (no scheme, no port)');
  const origins = (r.optional('WEBAUTHN_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin || !['https:', 'http:'].includes(parsed.protocol)) {
      r.problems.push('WEBAUTHN_ORIGINS must be origins like https://casusregie.example, separated by commas');
    } else if (r.production && parsed.protocol !== 'https:') {
      r.problems.push('WEBAUTHN_ORIGINS must use https: in production');
    }
  }
  const rpName = r.string('WEBAUTHN_RP_NAME', 'Casusregie');
  if (rpName.length > 64) r.problems.push('WEBAUTHN_RP_NAME must be at most 64 characters');
  const stepUpMinutes = r.int('SECOND_FACTOR_STEP_UP_MINUTES', 10, 1, 60);
  return { required, rpId, rpName, origins, stepUpMinutes };
}
