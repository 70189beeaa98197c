import { EnvReader } from '@vt/common';

export interface SourceHolderConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  /** Slug of the partner organisation that runs this instance (the demo runs several). */
  organisation: string;
  trustProxy: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export const DEV_SOURCE_HOLDER_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vt_source_holder';

export function loadSourceHolderConfig(env: Record<string, string | undefined> = process.env): SourceHolderConfig {
  const r = new EnvReader(env);
  const config: SourceHolderConfig = {
    nodeEnv: r.nodeEnv,
    port: r.int('SOURCE_HOLDER_PORT', 4100, 1, 65535),
    host: r.string('SOURCE_HOLDER_HOST', '127.0.0.1'),
    databaseUrl: r.url('SOURCE_HOLDER_DATABASE_URL', DEV_SOURCE_HOLDER_DATABASE_URL, ['postgres:', 'postgresql:']),
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 500),
    organisation: r.string('SOURCE_HOLDER_ORGANISATION', 'demo-bron'),
    trustProxy: r.oneOf('TRUST_PROXY', 'false', ['true', 'false'] as const) === 'true',
    logLevel: r.oneOf('LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
  };
  if (config.organisation && !/^[a-z0-9-]{1,40}$/.test(config.organisation)) {
    r.problems.push(
      `SOURCE_HOLDER_ORGANISATION must be 1 to 40 characters a-z, 0-9 or - (got "${config.organisation}")`,
    );
  }
  r.done();
  return config;
}
