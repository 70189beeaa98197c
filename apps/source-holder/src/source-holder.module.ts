import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createMetricsRegistry, METRICS_REGISTRY } from '@vt/common';
import { DatabaseHealthRepository } from '@vt/database';
import { AdminGuard } from './auth/admin.guard';
import { HubTokenIds } from './auth/hub-token-ids';
import { HubTokenIdsRepository } from './auth/hub-token-ids.repository';
import { HubTokenVerifier } from './auth/hub-token.verifier';
import { ProtocolGuard } from './auth/protocol.guard';
import { CustodyController } from './custody/custody.controller';
import { CustodyRecordRepository } from './custody/custody-record.repository';
import { CustodyService } from './custody/custody.service';
import { DetailRequestReviewController } from './detail-requests/detail-request-review.controller';
import { DetailRequestsController } from './detail-requests/detail-requests.controller';
import { DetailRequestsRepository } from './detail-requests/detail-requests.repository';
import { DetailRequestsService } from './detail-requests/detail-requests.service';
import { OperationsController } from './operations/operations.controller';
import { KnownByController } from './records/known-by.controller';
import { KnownByService } from './records/known-by.service';
import { KnownPersonRepository } from './records/known-person.repository';
import { AddressRateLimitGuard } from './rate-limit/address-rate-limit.guard';
import { OrganisationRateLimitInterceptor } from './rate-limit/organisation-rate-limit.interceptor';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import { SubjectKeys } from './records/subject-keys';
import { RequestLogInterceptor } from './request-log/request-log.interceptor';
import { RequestLogRepository } from './request-log/request-log.repository';
import { RequestLogService } from './request-log/request-log.service';
import { SourceHolderConfig } from './source-holder-config';
import { sourceHolderDataSourceOptions } from './source-holder-data-source';
import { SOURCE_HOLDER_CONFIG } from './source-holder.tokens';
import { WitnessController } from './witness/witness.controller';
import { WitnessService } from './witness/witness.service';
import { WitnessedCheckpointRepository } from './witness/witnessed-checkpoint.repository';

/**
 * The source holder needs neither Redis nor the hub's configuration, so not the hub's CoreModule.
 * Its mode decides which protocol it serves: a partner's records, or a custody register. Either
 * mode witnesses the hub's audit checkpoints.
 */
@Module({})
export class SourceHolderModule {
  static forRoot(config: SourceHolderConfig): DynamicModule {
    const modeControllers =
      config.mode === 'gezag'
        ? [CustodyController]
        : [KnownByController, DetailRequestsController, DetailRequestReviewController];
    return {
      module: SourceHolderModule,
      imports: [
        TypeOrmModule.forRoot(
          sourceHolderDataSourceOptions(
            config.databaseUrl,
            config.databasePoolSize,
            // Tells the demo's instances apart in pg_stat_activity.
            `vt-source-holder-${config.organisation}`,
            config.databasePoolWaitMs,
          ),
        ),
      ],
      controllers: [OperationsController, WitnessController, ...modeControllers],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: SOURCE_HOLDER_CONFIG, useValue: config },
        { provide: SubjectKeys, useValue: new SubjectKeys(config.pseudonymKey, config.subjectKey) },
        DatabaseHealthRepository,
        HubTokenVerifier,
        HubTokenIdsRepository,
        HubTokenIds,
        RequestLogRepository,
        RequestLogService,
        RequestLogInterceptor,
        // Per address before the controllers' guards verify anything; per organisation once they have.
        RateLimiterService,
        { provide: APP_GUARD, useClass: AddressRateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: OrganisationRateLimitInterceptor },
        ProtocolGuard,
        AdminGuard,
        KnownPersonRepository,
        KnownByService,
        DetailRequestsRepository,
        DetailRequestsService,
        CustodyRecordRepository,
        CustodyService,
        WitnessedCheckpointRepository,
        WitnessService,
      ],
    };
  }
}
