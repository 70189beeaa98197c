import { Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { readiness } from './health';

/**
 * The operations endpoints every app serves (no prefix). Each app's subclass names the
 * dependencies its readiness depends on; the routes are inherited.
 */
export abstract class OperationsControllerBase {
  constructor(private readonly metrics: Registry) {}

  protected abstract readinessChecks(): Record<string, () => Promise<unknown>>;

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await readiness(this.readinessChecks());
    res.status(result.status === 'ok' ? 200 : 503);
    return result;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape() {
    return this.metrics.metrics();
  }
}
