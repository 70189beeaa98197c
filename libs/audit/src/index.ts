export * from './audit-chain.repository';
export * from './audit-checkpoint.service';
export * from './audit-entry.entity';
export * from './audit-export';
export * from './audit-hash';
export * from './audit-metrics.service';
export * from './audit-query.service';
export * from './audit-verifier.service';
export * from './audit.exception';
export * from './audit.module';
export * from './audit.service';
export * from './audit-witness';

import { AuditEntry } from './audit-entry.entity';
export const AUDIT_ENTITIES = [AuditEntry];
