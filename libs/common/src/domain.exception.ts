export interface FieldError {
  field: string;
  message: string;
}

/**
 * Base of the one exception class per bounded context. Each context narrows `code` to its own
 * union; the global filter maps every code to an HTTP status from one exhaustive table.
 */
export abstract class DomainException<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type CommonErrorCode = 'common.validation' | 'common.unavailable' | 'common.throttled';

export class CommonException extends DomainException<CommonErrorCode> {}
