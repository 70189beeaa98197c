export * from './data-source-options';
export * from './database-role-check';
export * from './ensure-database';
export * from './ensure-login-role';
export * from './migration-cli';
export * from './snake-naming.strategy';
export * from './database-health.repository';
