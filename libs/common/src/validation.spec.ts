import { ArgumentMetadata } from '@nestjs/common';
import { CommonException } from './domain.exception';
import { MAX_BODY_DEPTH } from './canonical-input';
import { createValidationPipe } from './validation';

const BODY: ArgumentMetadata = { type: 'body', metatype: Object };

function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

async function refusal(value: unknown): Promise<CommonException> {
  try {
    await createValidationPipe().transform(value, BODY);
  } catch (error) {
    if (error instanceof CommonException) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('createValidationPipe', () => {
  it('names every string holding a NUL character, in document order', async () => {
    const error = await refusal({ a: 'ok', b: ['x\u0000', { c: '\u0000' }], d: '\u0000' });
    expect(error.code).toBe('common.validation');
    expect(error.details.map((detail) => detail.field)).toEqual(['b.0', 'b.1.c', 'd']);
  });

  it('accepts nesting up to the limit', async () => {
    await expect(createValidationPipe().transform({ subject: nested(MAX_BODY_DEPTH - 1) }, BODY)).resolves.toEqual({
      subject: nested(MAX_BODY_DEPTH - 1),
    });
  });

  it('refuses deeper nesting as invalid input, even 100,000 levels, without overflowing the stack', async () => {
    for (const levels of [MAX_BODY_DEPTH, 100_000]) {
      const error = await refusal({ subject: nested(levels) });
      expect(error.code).toBe('common.validation');
      expect(error.details).toEqual([{ field: 'body', message: expect.stringContaining('te diep genest') }]);
    }
  });
});
