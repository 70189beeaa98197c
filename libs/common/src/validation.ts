import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { canonicaliseValue, inputRefusal } from './canonical-input';
import { CommonException, FieldError } from './domain.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Whitelist, reject unknown fields, transform types; errors become the documented body. Text the
 * database cannot store, and nesting deeper than `MAX_BODY_DEPTH`, are refused here too (for apps
 * without the api's input guard), before they can fail deep in the database or in
 * class-transformer's recursion as a 500.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { problems } = canonicaliseValue(value, '');
    if (problems.length > 0) throw inputRefusal(problems);
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
