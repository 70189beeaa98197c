import { ConfigError } from '@vt/common';
import { loadSourceHolderConfig } from './source-holder-config';

describe('loadSourceHolderConfig', () => {
  it('uses development defaults on 127.0.0.1 with a database of its own', () => {
    expect(loadSourceHolderConfig({})).toEqual({
      nodeEnv: 'development',
      port: 4100,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/vt_source_holder',
      databasePoolSize: 10,
      organisation: 'demo-bron',
      trustProxy: false,
      logLevel: 'log',
    });
  });

  it('reads every variable', () => {
    const config = loadSourceHolderConfig({
      NODE_ENV: 'production',
      SOURCE_HOLDER_PORT: '4200',
      SOURCE_HOLDER_HOST: '0.0.0.0',
      SOURCE_HOLDER_DATABASE_URL: 'postgresql://sh@db:5432/politie',
      SOURCE_HOLDER_ORGANISATION: 'politie-oost',
      DATABASE_POOL_SIZE: '4',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      port: 4200,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://sh@db:5432/politie',
      databasePoolSize: 4,
      organisation: 'politie-oost',
      trustProxy: true,
      logLevel: 'warn',
    });
  });

  it.each([
    ['SOURCE_HOLDER_PORT', 'abc'],
    ['SOURCE_HOLDER_PORT', '0'],
    ['SOURCE_HOLDER_PORT', '70000'],
    ['SOURCE_HOLDER_HOST', ''],
    ['SOURCE_HOLDER_DATABASE_URL', 'mysql://x@y/z'],
    ['SOURCE_HOLDER_DATABASE_URL', 'not a url'],
    ['SOURCE_HOLDER_ORGANISATION', 'Demo Bron'],
    ['SOURCE_HOLDER_ORGANISATION', 'x'.repeat(41)],
    ['SOURCE_HOLDER_ORGANISATION', ''],
    ['DATABASE_POOL_SIZE', '0'],
    ['TRUST_PROXY', 'yes'],
    ['LOG_LEVEL', 'chatty'],
    ['NODE_ENV', 'staging'],
  ])('refuses a bad %s (%j) and names it', (name, value) => {
    expect(() => loadSourceHolderConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadSourceHolderConfig({ [name]: value })).toThrow(name);
  });

  it('names every bad variable at once', () => {
    expect(() => loadSourceHolderConfig({ SOURCE_HOLDER_PORT: '-1', SOURCE_HOLDER_ORGANISATION: 'A_B' })).toThrow(
      /SOURCE_HOLDER_PORT[\s\S]*SOURCE_HOLDER_ORGANISATION/,
    );
  });
});
