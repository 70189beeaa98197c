import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommonException, configureHttpApp, createJsonLogger, METRICS_REGISTRY } from '@vt/common';
import { SOURCE_HOLDER_ERROR_STATUS } from './error-status';
import { RequestLogExceptionFilter } from './request-log/request-log.filter';
import { RequestLogService } from './request-log/request-log.service';
import { SourceHolderConfig } from './source-holder-config';
import { SourceHolderException } from './source-holder.exception';
import { SourceHolderModule } from './source-holder.module';

/** Builds the source-holder application (used by main.ts and the end-to-end tests). */
export async function createSourceHolderApp(config: SourceHolderConfig): Promise<INestApplication> {
  const app = await NestFactory.create(SourceHolderModule.forRoot(config), {
    logger: createJsonLogger(config.logLevel),
    bodyParser: false,
  });
  // Protocol bodies are a few hundred bytes: a 16 kB limit, registered before the shared 256 kB
  // parser, which then finds the body read and leaves it.
  (app as NestExpressApplication).useBodyParser('json', { limit: '16kb' });
  configureHttpApp(app, {
    statusByCode: SOURCE_HOLDER_ERROR_STATUS,
    trustProxy: config.trustProxy,
    metrics: app.get(METRICS_REGISTRY),
  });
  // Registered last, so Nest tries it before the shared filter: every error answer is logged.
  app.useGlobalFilters(
    new RequestLogExceptionFilter(SOURCE_HOLDER_ERROR_STATUS, app.get(RequestLogService), () =>
      config.mode === 'gezag'
        ? SourceHolderException.registerUnavailable()
        : new CommonException('common.unavailable', 'Tijdelijk niet beschikbaar / temporarily unavailable'),
    ),
  );
  return app;
}
