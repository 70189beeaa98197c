/** The second factor's calls (docs/second-factor.md): completing sign-in, and enrolling factors. */
import { api, ApiError, begin, post, SecondFactorPending, SecondFactorStep, Session, User } from './api';
import type { components } from './api-types';

type Schemas = components['schemas'];

const PATH = '/auth/second-factor';

export type SecondFactorStatus = Schemas['SecondFactorStatusDto'];

/** What a confirmed factor brings: recovery codes with the first one, a session in the enrolment-only state. */
export type Enrolled = Schemas['FactorConfirmedDto'];

/** The browser's passkey prompt is loaded only when a passkey is used. */
const webauthn = () => import('@simplewebauthn/browser');

/** The step of a sign-in at the organisation's provider that still needs the hub's second factor (once). */
export async function pendingStep(): Promise<SecondFactorStep> {
  return (await post<SecondFactorPending>(`${PATH}/pending`, undefined)).secondFactor;
}

export async function signInWithCode(
  challengeToken: string,
  method: 'totp' | 'recovery_code',
  code: string,
): Promise<User> {
  const path = method === 'totp' ? `${PATH}/totp` : `${PATH}/recovery-code`;
  return begin(await post<Session>(path, { challengeToken, code: code.trim() }));
}

export async function signInWithPasskey(challengeToken: string, options: Record<string, unknown>): Promise<User> {
  const { startAuthentication } = await webauthn();
  const response = await startAuthentication({ optionsJSON: options as never });
  return begin(await post<Session>(`${PATH}/passkey`, { challengeToken, response }));
}

/**
 * Calls of the enrolment screen: with the session's token, or, in the enrolment-only state right
 * after the password, with the token of that state (which no other endpoint accepts).
 */
export function enrolmentClient(enrolmentToken?: string) {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    enrolmentToken ? post<T>(path, body, method, enrolmentToken) : api<T>(method, path, body);
  return {
    status: () => call<SecondFactorStatus>('GET', PATH),
    setUpTotp: () => call<Schemas['TotpSetupDto']>('POST', `${PATH}/totp/setup`),
    confirmTotp: (code: string) => call<Enrolled>('POST', `${PATH}/totp/confirm`, { code: code.trim() }),
    removeTotp: () => call<void>('DELETE', `${PATH}/totp`),
    addPasskey: async (name: string): Promise<Enrolled> => {
      const { options, registrationToken } = await call<Schemas['PasskeyRegistrationOptionsDto']>(
        'POST',
        `${PATH}/passkeys/options`,
      );
      const { startRegistration } = await webauthn();
      const response = await startRegistration({ optionsJSON: options as never });
      return call<Schemas['PasskeyRegisteredDto']>('POST', `${PATH}/passkeys`, {
        registrationToken,
        name: name.trim(),
        response,
      });
    },
    removePasskey: (id: string) => call<void>('DELETE', `${PATH}/passkeys/${id}`),
    regenerateRecoveryCodes: () => call<Schemas['RecoveryCodesDto']>('POST', `${PATH}/recovery-codes`),
  };
}

export type EnrolmentClient = ReturnType<typeof enrolmentClient>;

/** Changing the factors asks for a recent proof of one in the session: the api's 403 says so. */
export const isReauthenticationRequired = (error: unknown) =>
  error instanceof ApiError && error.code === 'access.reauthentication_required';

export type StepUpChallenge = Schemas['StepUpChallengeDto'];

/** Which factors a step-up of the session can take (its TOTP, its passkeys). */
export const stepUpChallenge = () => api<StepUpChallenge>('POST', `${PATH}/step-up`);

/**
 * Proves the factor again in this session, on a fresh challenge each time: a step-up's challenge is
 * used once, and a passkey signs its own.
 */
export async function stepUp(method: 'totp' | 'passkey', code = ''): Promise<void> {
  const { challengeToken, passkey } = await stepUpChallenge();
  if (method === 'totp') {
    await api<void>('POST', `${PATH}/step-up/totp`, { challengeToken, code: code.trim() });
    return;
  }
  const { startAuthentication } = await webauthn();
  const response = await startAuthentication({ optionsJSON: passkey as never });
  await api<void>('POST', `${PATH}/step-up/passkey`, { challengeToken, response });
}
