export * from './case-subject';
export * from './lookup-audit';
export * from './lookups.exception';
export * from './lookups.module';
export * from './lookups.service';
export * from './source-holder.client';
export * from './source-holder-registry.service';
export * from './trace';
