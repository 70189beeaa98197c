import { Controller, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { METRICS_REGISTRY, OperationsControllerBase, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../security/decorators';

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController extends OperationsControllerBase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    super(metrics);
  }

  protected readinessChecks() {
    return { database: () => this.dataSource.query('SELECT 1'), redis: () => this.redis.ping() };
  }
}
