import { Controller, Inject } from '@nestjs/common';
import { METRICS_REGISTRY, OperationsControllerBase } from '@vt/common';
import { DatabaseHealthRepository } from '@vt/database';
import { Registry } from 'prom-client';

@Controller()
export class OperationsController extends OperationsControllerBase {
  constructor(
    private readonly database: DatabaseHealthRepository,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    super(metrics);
  }

  protected readinessChecks() {
    return { database: () => this.database.ping() };
  }
}
