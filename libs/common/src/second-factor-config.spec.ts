import { EnvReader } from './config';
import { readSecondFactorConfig } from './second-factor-config';

function read(env: Record<string, string>) {
  const r = new EnvReader(env);
  return { config: readSecondFactorConfig(r), problems: r.problems };
}

describe('readSecondFactorConfig', () => {
  it('requires the second factor outside development unless relaxed', () => {
    expect(read({ NODE_ENV: 'test' }).config.required).toBe(true);
    expect(read({ NODE_ENV: 'development' }).config.required).toBe(false);
    expect(read({ NODE_ENV: 'development', SECOND_FACTOR_REQUIRED: 'true' }).config.required).toBe(true);
    expect(read({ NODE_ENV: 'test', SECOND_FACTOR_REQUIRED: 'false' })).toEqual({
      config: expect.objectContaining({ required: false }),
      problems: [],
    });
  });

  it('refuses the relaxed setting in production, and a value that is not true or false', () => {
    expect(read({ NODE_ENV: 'production', SECOND_FACTOR_REQUIRED: 'false' }).problems).toEqual([
      'SECOND_FACTOR_REQUIRED=false is refused in production',
    ]);
    expect(read({ NODE_ENV: 'production' }).problems).toEqual([]);
    expect(read({ NODE_ENV: 'test', SECOND_FACTOR_REQUIRED: 'nee' }).problems).toHaveLength(1);
  });

  it('reads the relying party and its origins', () => {
    const { config, problems } = read({
      NODE_ENV: 'production',
      WEBAUTHN_RP_ID: 'casusregie.example',
      WEBAUTHN_ORIGINS: 'https://casusregie.example, https://www.casusregie.example',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      required: true,
      rpId: 'casusregie.example',
      rpName: 'Casusregie',
      origins: ['https://casusregie.example', 'https://www.casusregie.example'],
      stepUpMinutes: 10,
    });
    expect(read({ NODE_ENV: 'test' }).config).toMatchObject({ rpId: 'localhost', origins: [] });
  });

  it('refuses a relying party with a scheme or port, and origins that are not origins', () => {
    expect(read({ NODE_ENV: 'test', WEBAUTHN_RP_ID: 'https://casusregie.example' }).problems).toHaveLength(1);
    expect(read({ NODE_ENV: 'test', WEBAUTHN_RP_ID: 'localhost:3000' }).problems).toHaveLength(1);
    expect(read({ NODE_ENV: 'test', WEBAUTHN_ORIGINS: 'https://casusregie.example/login' }).problems).toHaveLength(1);
    expect(read({ NODE_ENV: 'production', WEBAUTHN_ORIGINS: 'http://casusregie.example' }).problems).toEqual([
      'WEBAUTHN_ORIGINS must use https: in production',
    ]);
  });

  it('reads the step-up window in minutes, from 1 to 60', () => {
    expect(read({ NODE_ENV: 'test', SECOND_FACTOR_STEP_UP_MINUTES: '5' })).toEqual({
      config: expect.objectContaining({ stepUpMinutes: 5 }),
      problems: [],
    });
    for (const bad of ['0', '61', '2.5', 'tien']) {
      expect(read({ NODE_ENV: 'test', SECOND_FACTOR_STEP_UP_MINUTES: bad }).problems).toEqual([
        `SECOND_FACTOR_STEP_UP_MINUTES must be an integer from 1 to 60 (got "${bad}")`,
      ]);
    }
  });
});
