import { DomainException } from '@vt/common';

export type AuditErrorCode = 'audit.write_failed' | 'audit.invalid_cursor';

export class AuditException extends DomainException<AuditErrorCode> {}

/** A failed audit write fails the request: nothing is served unaudited. */
export const AUDIT_ERROR_STATUS: Record<AuditErrorCode, number> = {
  'audit.write_failed': 503,
  'audit.invalid_cursor': 400,
};
