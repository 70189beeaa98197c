import { Module } from '@nestjs/common';
import { OrganisationDirectoryModule } from '@vt/access';
import { AuditModule } from '@vt/audit';
import { CasesModule, DataProtection } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { CaseSubjectResolver } from './case-subject';
import { DetailRequestsRepository } from './detail-requests.repository';
import { DetailRequestsService } from './detail-requests.service';
import { LookupAudit } from './lookup-audit';
import { LookupsQueue } from './lookups-queue.service';
import { LookupsService } from './lookups.service';
import { SourceHolderClient } from './source-holder.client';
import { SourceHolderRegistry } from './source-holder-registry.service';
import { SourceHoldersRepository } from './source-holders.repository';

/**
 * The lookup gateway: registry, client, known-by, custody and detail requests. Needs HUB_CONFIG, the clock and the
 * DeadlinesModule from the app's global modules (CaseStore depends on them).
 */
@Module({
  imports: [AuditModule, CasesModule, OrganisationDirectoryModule],
  providers: [
    {
      provide: DataProtection,
      useFactory: (config: HubConfig) => new DataProtection(config.dataKeys, config.matchingKey),
      inject: [HUB_CONFIG],
    },
    CaseSubjectResolver,
    SourceHoldersRepository,
    SourceHolderRegistry,
    SourceHolderClient,
    LookupAudit,
    LookupsService,
    LookupsQueue,
    DetailRequestsRepository,
    DetailRequestsService,
  ],
  exports: [SourceHolderRegistry, LookupsService, DetailRequestsService, LookupsQueue],
})
export class LookupsModule {}
