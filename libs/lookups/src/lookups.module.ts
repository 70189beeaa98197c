import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { CasesModule, DataProtection } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { CaseSubjectResolver } from './case-subject';
import { DetailRequestsService } from './detail-requests.service';
import { LookupAudit } from './lookup-audit';
import { LookupsQueue } from './lookups-queue.service';
import { LookupsService } from './lookups.service';
import { SourceHolderClient } from './source-holder.client';
import { SourceHolderRegistry } from './source-holder-registry.service';

/**
 * The lookup gateway: registry, client, known-by, custody and detail requests. Needs HUB_CONFIG, the clock and the
 * DeadlinesModule from the app's global modules (CaseStore depends on them).
 */
@Module({
  imports: [AuditModule, CasesModule],
  providers: [
    {
      provide: DataProtection,
      useFactory: (config: HubConfig) => new DataProtection(config.dataKeys, config.matchingKey),
      inject: [HUB_CONFIG],
    },
    CaseSubjectResolver,
    SourceHolderRegistry,
    SourceHolderClient,
    LookupAudit,
    LookupsService,
    LookupsQueue,
    DetailRequestsService,
  ],
  exports: [SourceHolderRegistry, LookupsService, DetailRequestsService, LookupsQueue],
})
export class LookupsModule {}
