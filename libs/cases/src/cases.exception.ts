import { DomainException, FieldError } from '@vt/common';

export type CasesErrorCode =
  'cases.not_found' | 'cases.forbidden' | 'cases.invalid' | 'cases.wrong_phase' | 'cases.conflict';

export class CasesException extends DomainException<CasesErrorCode> {
  /** One answer for "does not exist" and "not in your network", so existence does not leak. */
  static notFound(): CasesException {
    return new CasesException('cases.not_found', 'Niet gevonden / not found');
  }

  static forbidden(): CasesException {
    return new CasesException('cases.forbidden', 'Geen toegang voor deze handeling / not allowed');
  }

  static invalid(field: string, message: string): CasesException {
    return new CasesException('cases.invalid', 'Ongeldige invoer / invalid input', [{ field, message }]);
  }

  static conflict(message: string, details: FieldError[] = []): CasesException {
    return new CasesException('cases.conflict', message, details);
  }

  static wrongPhase(phase: string, dutchName: string): CasesException {
    return new CasesException(
      'cases.wrong_phase',
      `Niet mogelijk in fase ${dutchName} / not allowed in phase ${phase}`,
      [{ field: 'phase', message: phase }],
    );
  }
}

export const CASES_ERROR_STATUS: Record<CasesErrorCode, number> = {
  'cases.not_found': 404,
  'cases.forbidden': 403,
  'cases.invalid': 400,
  'cases.wrong_phase': 409,
  'cases.conflict': 409,
};
