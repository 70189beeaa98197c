import { DomainException } from '@vt/common';

export type AccessErrorCode =
  | 'access.unauthenticated'
  | 'access.invalid_credentials'
  | 'access.throttled'
  | 'access.forbidden'
  | 'access.not_found'
  | 'access.email_taken'
  | 'access.weak_password'
  | 'access.invalid_refresh_token'
  | 'access.organisation_required'
  | 'access.invalid'
  | 'access.invalid_challenge'
  | 'access.invalid_second_factor'
  | 'access.second_factor_conflict'
  | 'access.reauthentication_required';

export class AccessException extends DomainException<AccessErrorCode> {
  /** One answer for "does not exist" and "not yours", so existence does not leak. */
  static notFound(): AccessException {
    return new AccessException('access.not_found', 'Niet gevonden / not found');
  }

  static forbidden(): AccessException {
    return new AccessException('access.forbidden', 'Geen toegang / forbidden');
  }

  /** A second factor's challenge token that is forged, expired, of another step or used already. */
  static invalidChallenge(): AccessException {
    return new AccessException(
      'access.invalid_challenge',
      'Deze inlogstap is verlopen; log opnieuw in / sign-in step expired, log in again',
    );
  }

  /**
   * Changing the second factor needs the session to have proved it recently (a step-up). 403, not
   * 401: the session is valid, and a client must not take this for an ended one.
   */
  static reauthenticationRequired(): AccessException {
    return new AccessException(
      'access.reauthentication_required',
      'Bevestig eerst dat u het bent / confirm it is you first',
    );
  }

  static unauthenticated(): AccessException {
    return new AccessException('access.unauthenticated', 'Niet ingelogd of sessie verlopen / not authenticated');
  }
}

export const ACCESS_ERROR_STATUS: Record<AccessErrorCode, number> = {
  'access.unauthenticated': 401,
  'access.invalid_credentials': 401,
  'access.invalid_refresh_token': 401,
  'access.throttled': 429,
  'access.forbidden': 403,
  'access.not_found': 404,
  'access.email_taken': 409,
  'access.weak_password': 400,
  'access.organisation_required': 409,
  'access.invalid': 400,
  'access.invalid_challenge': 401,
  'access.invalid_second_factor': 401,
  'access.second_factor_conflict': 409,
  'access.reauthentication_required': 403,
};
