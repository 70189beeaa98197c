import { Module } from '@nestjs/common';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditEntriesRepository } from './audit-entries.repository';
import { AuditMetrics } from './audit-metrics.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerifierService } from './audit-verifier.service';
import { AuditService } from './audit.service';

const SERVICES = [
  AuditService,
  AuditQueryService,
  AuditChainRepository,
  AuditVerifierService,
  AuditCheckpointService,
  AuditMetrics,
];

@Module({
  providers: [...SERVICES, AuditEntriesRepository],
  exports: SERVICES,
})
export class AuditModule {}
