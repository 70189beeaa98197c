import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { METRICS_REGISTRY, readiness } from '@vt/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

@Controller()
export class OperationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await readiness({ database: () => this.dataSource.query('SELECT 1') });
    res.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape() {
    return this.metrics.metrics();
  }
}
