import { DomainException, FieldError } from '@vt/common';

export type LookupsErrorCode =
  'lookups.not_found' | 'lookups.invalid' | 'lookups.conflict' | 'lookups.no_bsn' | 'lookups.not_configured';

export class LookupsException extends DomainException<LookupsErrorCode> {
  /** One answer for "does not exist" and "not yours", so existence does not leak. */
  static notFound(): LookupsException {
    return new LookupsException('lookups.not_found', 'Niet gevonden / not found');
  }

  static invalid(field: string, message: string): LookupsException {
    return new LookupsException('lookups.invalid', 'Ongeldige invoer / invalid input', [{ field, message }]);
  }

  static conflict(message: string, details: FieldError[] = []): LookupsException {
    return new LookupsException('lookups.conflict', message, details);
  }

  static noBsn(): LookupsException {
    return new LookupsException(
      'lookups.no_bsn',
      'Van deze persoon is geen BSN bekend; bronhouders kunnen niet worden bevraagd / no BSN known for this person',
      [{ field: 'personId', message: 'geen BSN / no BSN' }],
    );
  }

  /** `setting`: the configuration the hub misses (never its value). */
  static notConfigured(setting = 'HUB_SIGNING_KEY'): LookupsException {
    return new LookupsException(
      'lookups.not_configured',
      `Bevragingen zijn niet ingericht (${setting}) / lookups are not configured`,
    );
  }
}

export const LOOKUPS_ERROR_STATUS: Record<LookupsErrorCode, number> = {
  'lookups.not_found': 404,
  'lookups.invalid': 400,
  'lookups.conflict': 409,
  'lookups.no_bsn': 409,
  'lookups.not_configured': 503,
};
