export * from './data-source-options';
export * from './organisation-scoped.repository';
export * from './ensure-database';
export * from './migration-cli';
