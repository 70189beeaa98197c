import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createMetricsRegistry, METRICS_REGISTRY } from '@vt/common';
import { OperationsController } from './operations/operations.controller';
import { SourceHolderConfig } from './source-holder-config';
import { sourceHolderDataSourceOptions } from './source-holder-data-source';

/** The source holder needs neither Redis nor the hub's configuration, so not the hub's CoreModule. */
@Module({})
export class SourceHolderModule {
  static forRoot(config: SourceHolderConfig): DynamicModule {
    return {
      module: SourceHolderModule,
      imports: [
        TypeOrmModule.forRoot(
          sourceHolderDataSourceOptions(
            config.databaseUrl,
            config.databasePoolSize,
            // Tells the demo's instances apart in pg_stat_activity.
            `vt-source-holder-${config.organisation}`,
          ),
        ),
      ],
      controllers: [OperationsController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useFactory: createMetricsRegistry,
        },
      ],
    };
  }
}
