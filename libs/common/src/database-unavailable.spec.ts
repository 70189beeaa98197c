import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED')],
    ['not accepting connections', withCode('55000', 'database "x" is not currently accepting connections')],
    ['terminated by an administrator', withCode('57P01')],
    ['too many connections', withCode('53300')],
    ['a broken connection', withCode('08006')],
    ['a connection ended mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('says yes for %s', (_label, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a programming error', new TypeError('cannot read properties of undefined')],
    ['a non-error', 'ECONNREFUSED'],
  ])('says no for %s', (_label, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
