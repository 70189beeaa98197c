import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditEntry } from './audit-entry.entity';
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
  imports: [TypeOrmModule.forFeature([AuditEntry])],
  providers: SERVICES,
  exports: SERVICES,
})
export class AuditModule {}
