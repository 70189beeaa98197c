import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  API_VERSION,
  CommonException,
  configureHttpApp,
  createJsonLogger,
  METRICS_REGISTRY,
  publishedDocument,
  serveOpenApiDocument,
} from '@vt/common';
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
  configureHttpApp(app, {
    statusByCode: SOURCE_HOLDER_ERROR_STATUS,
    trustProxy: config.trustProxy,
    metrics: app.get(METRICS_REGISTRY),
    apiVersion: API_VERSION,
    // Protocol bodies are a few hundred bytes.
    jsonLimit: '16kb',
  });
  // Registered last, so Nest tries it before the shared filter: every error answer is logged.
  app.useGlobalFilters(
    new RequestLogExceptionFilter(SOURCE_HOLDER_ERROR_STATUS, app.get(RequestLogService), () =>
      config.mode === 'gezag'
        ? SourceHolderException.registerUnavailable()
        : new CommonException('common.unavailable', 'Tijdelijk niet beschikbaar / temporarily unavailable'),
    ),
  );
  publishProtocolDocuments(app);
  return app;
}

/**
 * The protocol is several small APIs, each under its own base path with its major version, so
 * each publishes its own document at `<base path>/openapi.json` (`/core/publish-openapi`: every
 * API its own document in its base path); a mode serves the documents of the APIs it answers.
 * The custody endpoint is left out: it follows the BRP API Gezag, whose owner publishes its
 * document, and its path is that contract's, not ours.
 */
const PROTOCOL_APIS = [
  { basePath: '/bekendheid/v1', title: 'Bekendheid: is deze persoon bij de bron bekend (op pseudoniem)' },
  { basePath: '/verrijking/v1', title: 'Verrijking: verzoeken om gegevens over een persoon' },
  { basePath: '/beheer/v1', title: 'Beheer: besluiten over verzoeken die het beleid openlaat' },
  { basePath: '/getuige/v1', title: 'Getuige: auditcheckpoints van de hub' },
];

function publishProtocolDocuments(app: INestApplication): void {
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bronhouderprotocol')
      .setDescription('Bevragingen van de hub bij een bronhouder, tussen organisaties')
      .build(),
  );
  for (const api of PROTOCOL_APIS) {
    const document = publishedDocument(generated, api);
    if (Object.keys(document.paths).length > 0) serveOpenApiDocument(app, document, []);
  }
}
