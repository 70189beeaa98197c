export * from './data-source-options';
export * from './database-role-check';
export * from './ensure-database';
export * from './ensure-login-role';
export * from './migration-cli';
export * from './snake-naming.strategy';
export * from './database-health.repository';
// The type only: opening one (`@vt/database/transaction-handle`) is for repositories.
export type { Transaction } from './transaction-handle';
