import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { METRICS_REGISTRY, readiness, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../security/decorators';

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await readiness({
      database: () => this.dataSource.query('SELECT 1'),
      redis: () => this.redis.ping(),
    });
    res.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape() {
    return this.metrics.metrics();
  }
}
