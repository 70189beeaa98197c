import { isValidBsn } from '@vt/common';
import { CASE_REFERENCE_PATTERN, CODE_PATTERN } from '@vt/lookups-protocol';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Matches, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';

export const REQUIRED = { message: 'verplicht / required' };

export const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export function IsBsn(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isBsn',
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidBsn(value) },
    },
    { message: 'geen geldig BSN (elfproef) / not a valid BSN', ...options },
  );
}

/**
 * Each item once, checked with a Set in one pass (class-validator's ArrayUnique compares every
 * pair, which a long list turns into seconds of blocked event loop).
 */
export function IsUniqueList(options: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isUniqueList',
      validator: { validate: (value: unknown) => !Array.isArray(value) || new Set(value).size === value.length },
    },
    options,
  );
}

/** A purpose (doelbinding) code: codes, not free text, land in both sides' logs. */
export function IsPurposeCode() {
  return (target: object, property: string) => {
    IsString(REQUIRED)(target, property);
    Matches(CODE_PATTERN, {
      message: 'een code: a-z, 0-9, _ . : - (tot 100 tekens) / a code: a-z, 0-9, _ . : - (up to 100 characters)',
    })(target, property);
  };
}

export function IsCaseReference() {
  return (target: object, property: string) => {
    IsString(REQUIRED)(target, property);
    Matches(CASE_REFERENCE_PATTERN, {
      message: 'een zaakreferentie: letters, cijfers, . _ / - (tot 64 tekens) / a case reference (up to 64 characters)',
    })(target, property);
  };
}

/** A required nested object of class `type`. */
export function IsNested(type: () => Function) {
  return (target: object, property: string) => {
    IsDefined(REQUIRED)(target, property);
    IsObject({ message: 'moet een object zijn / must be an object' })(target, property);
    ValidateNested()(target, property);
    Type(type)(target, property);
  };
}
