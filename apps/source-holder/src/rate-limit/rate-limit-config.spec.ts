import { ConfigError } from '@vt/common';
import { loadSourceHolderConfig } from '../source-holder-config';

describe('source holder rate limit configuration', () => {
  it('defaults to 1200 a minute per requesting organisation and 6000 per address (the hub)', () => {
    expect(loadSourceHolderConfig({}).rateLimit).toEqual({ perCaller: 1200, perAddress: 6000, windowSeconds: 60 });
  });

  it('reads its own per-organisation setting', () => {
    const config = loadSourceHolderConfig({ RATE_LIMIT_PER_ORGANISATION: '10', RATE_LIMIT_PER_ADDRESS: '20' });
    expect(config.rateLimit).toEqual({ perCaller: 10, perAddress: 20, windowSeconds: 60 });
  });

  it.each([
    [{ RATE_LIMIT_PER_ORGANISATION: '0' }, 'RATE_LIMIT_PER_ORGANISATION must be an integer from 1'],
    [{ RATE_LIMIT_PER_ORGANISATION: '7000' }, 'RATE_LIMIT_PER_ADDRESS must not be below RATE_LIMIT_PER_ORGANISATION'],
  ])('refuses to start on %j', (env, problem) => {
    expect(() => loadSourceHolderConfig(env)).toThrow(ConfigError);
    expect(() => loadSourceHolderConfig(env)).toThrow(problem);
  });
});
