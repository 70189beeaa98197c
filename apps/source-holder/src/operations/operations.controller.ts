import { Controller, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { METRICS_REGISTRY, OperationsControllerBase } from '@vt/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

@Controller()
export class OperationsController extends OperationsControllerBase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    super(metrics);
  }

  protected readinessChecks() {
    return { database: () => this.dataSource.query('SELECT 1') };
  }
}
