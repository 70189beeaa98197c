import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { METRICS_REGISTRY, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../security/decorators';

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), 2000);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

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
    const checks = {
      database: await check(() => this.dataSource.query('SELECT 1')),
      redis: await check(() => this.redis.ping()),
    };
    const up = Object.values(checks).every((state) => state === 'up');
    res.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'unavailable', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape() {
    return this.metrics.metrics();
  }
}
