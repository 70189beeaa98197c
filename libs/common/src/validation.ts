import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonException, FieldError } from './domain.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Paths of strings holding a NUL character, which PostgreSQL refuses to store. */
function nulFields(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'body'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulFields(item, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nulFields(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/**
 * Whitelist, reject unknown fields, transform types; errors become the documented body. Text with
 * a NUL character is refused here, before it can fail deep in the database as a 500.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fields = nulFields(value, '');
    if (fields.length > 0) {
      throw new CommonException(
        'common.validation',
        'Ongeldige invoer / invalid input',
        fields.map((field) => ({ field, message: 'bevat een ongeldig teken (NUL) / contains a NUL character' })),
      );
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new CommonException('common.validation', 'Ongeldige invoer / invalid input', flatten(errors)),
  });
}
