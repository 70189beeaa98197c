import { HttpExceptionFilter } from './http-exception.filter';

describe('HttpExceptionFilter.toBody', () => {
  const filter = new HttpExceptionFilter({});

  it.each([
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a database shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
  ])('answers %s with 503 common.unavailable', (_what, error) => {
    expect(filter.toBody(error, 'r')).toMatchObject({ statusCode: 503, code: 'common.unavailable' });
  });

  it('keeps anything else a 500 that says nothing of its cause', () => {
    expect(filter.toBody(new Error('column x does not exist'), 'r')).toMatchObject({
      statusCode: 500,
      code: 'internal',
      message: 'Interne fout / internal error',
    });
  });
});
