import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { CaseStore, DataProtection } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { CaseSubjectResolver } from './case-subject';
import { LookupAudit } from './lookup-audit';
import { LookupsService } from './lookups.service';
import { SourceHolderClient } from './source-holder.client';
import { SourceHolderRegistry } from './source-holder-registry.service';

/**
 * The lookup gateway: registry, client, known-by and custody. Needs HUB_CONFIG, the clock and the
 * DeadlinesModule from the app's global modules (CaseStore depends on them).
 */
@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: DataProtection,
      useFactory: (config: HubConfig) => new DataProtection(config.dataKeys, config.matchingKey),
      inject: [HUB_CONFIG],
    },
    CaseStore,
    CaseSubjectResolver,
    SourceHolderRegistry,
    SourceHolderClient,
    LookupAudit,
    LookupsService,
  ],
  exports: [SourceHolderRegistry, LookupsService],
})
export class LookupsModule {}
