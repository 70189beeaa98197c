import { Controller, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { METRICS_REGISTRY, OperationsControllerBase, REDIS } from '@vt/common';
import { DatabaseHealthRepository } from '@vt/database';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { Public } from '../security/decorators';

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController extends OperationsControllerBase {
  constructor(
    private readonly database: DatabaseHealthRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    super(metrics);
  }

  protected readinessChecks() {
    return { database: () => this.database.ping(), redis: () => this.redis.ping() };
  }
}
