export * from './audit-entry.entity';
export * from './audit-export';
export * from './audit-hash';
export * from './audit-query.service';
export * from './audit-verifier.service';
export * from './audit.exception';
export * from './audit.module';
export * from './audit.service';

import { AuditEntry } from './audit-entry.entity';
export const AUDIT_ENTITIES = [AuditEntry];
