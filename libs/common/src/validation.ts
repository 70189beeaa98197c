import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonException, FieldError } from './domain.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Deeper than any body the apps take; a deeper one is refused before it can overflow the stack. */
export const MAX_BODY_DEPTH = 32;

class TooDeep extends Error {}

/**
 * Paths of strings holding a NUL character, which PostgreSQL refuses to store. Walked with an
 * explicit stack, in document order, so a deeply nested body costs no recursion; one nested deeper
 * than `MAX_BODY_DEPTH` throws `TooDeep`.
 */
function nulFields(value: unknown): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) found.push(path || 'body');
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) throw new TooDeep();
    const entries: [string, unknown][] = Array.isArray(item)
      ? item.map((child, i) => [`${path}.${i}`, child])
      : Object.entries(item).map(([key, child]) => [path ? `${path}.${key}` : key, child]);
    for (let i = entries.length - 1; i >= 0; i--) {
      stack.push({ value: entries[i][1], path: entries[i][0], depth: depth + 1 });
    }
  }
  return found;
}

/**
 * Whitelist, reject unknown fields, transform types; errors become the documented body. Text with
 * a NUL character, and nesting deeper than `MAX_BODY_DEPTH`, are refused here, before they can
 * fail deep in the database or in class-transformer's recursion as a 500.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    let fields: string[];
    try {
      fields = nulFields(value);
    } catch (error) {
      if (!(error instanceof TooDeep)) throw error;
      throw new CommonException('common.validation', 'Ongeldige invoer / invalid input', [
        {
          field: 'body',
          message: `te diep genest (meer dan ${MAX_BODY_DEPTH} niveaus) / nested too deeply (over ${MAX_BODY_DEPTH} levels)`,
        },
      ]);
    }
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
