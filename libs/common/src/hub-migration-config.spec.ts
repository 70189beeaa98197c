import { ConfigError } from './config';
import { DEV_DATABASE_URL, DEV_MIGRATION_DATABASE_URL, loadHubConfig, loadHubMigrationConfig } from './hub-config';

describe('loadHubMigrationConfig', () => {
  it('migrates as postgres and provisions the app login role vt_app_login outside production', () => {
    expect(loadHubMigrationConfig({})).toEqual({
      nodeEnv: 'development',
      migrationDatabaseUrl: DEV_MIGRATION_DATABASE_URL,
      databaseUrl: DEV_DATABASE_URL,
    });
    expect(new URL(DEV_MIGRATION_DATABASE_URL).username).toBe('postgres');
    expect(new URL(DEV_DATABASE_URL).username).toBe('vt_app_login');
  });

  it('requires the owner URL in production and leaves the app role to the operators there', () => {
    expect(() => loadHubMigrationConfig({ NODE_ENV: 'production' })).toThrow(
      'MIGRATION_DATABASE_URL is required in production',
    );
    const config = loadHubMigrationConfig({
      NODE_ENV: 'production',
      MIGRATION_DATABASE_URL: 'postgres://vt_owner:s3cret@db:5432/vt_hub',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      migrationDatabaseUrl: 'postgres://vt_owner:s3cret@db:5432/vt_hub',
      databaseUrl: null,
    });
  });

  it('refuses an app URL that names the owner role', () => {
    expect(() =>
      loadHubMigrationConfig({
        MIGRATION_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vt_hub',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vt_hub',
      }),
    ).toThrow('the app must not be the owner');
  });

  it('refuses development default passwords in production', () => {
    expect(() =>
      loadHubMigrationConfig({
        NODE_ENV: 'production',
        MIGRATION_DATABASE_URL: 'postgres://postgres:dev-only-postgres@db:5432/vt_hub',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      loadHubConfig({
        NODE_ENV: 'production',
        ACCESS_TOKEN_SECRET: 'x'.repeat(48),
        MATCHING_KEY: 'm'.repeat(48),
        DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        DATABASE_URL: 'postgres://vt_app_login:dev-only-app-database-password@db:5432/vt_hub',
      }),
    ).toThrow('DATABASE_URL holds a development default password, refused in production');
  });
});
