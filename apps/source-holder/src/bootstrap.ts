import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  API_VERSION,
  CommonException,
  configureHttpApp,
  createJsonLogger,
  ListenerAddress,
  listenBoth,
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
    // Production: only a client certificate from the configured CA completes the handshake; the
    // protocol guard then matches it to the registered hub (auth/client-certificate.ts).
    ...(config.tls && {
      httpsOptions: {
        cert: config.tls.cert,
        key: config.tls.key,
        ca: config.tls.ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
    }),
  });
  configureHttpApp(app, {
    statusByCode: SOURCE_HOLDER_ERROR_STATUS,
    trustProxy: config.trustProxy,
    metrics: app.get(METRICS_REGISTRY),
    apiVersion: API_VERSION,
    // Protocol bodies are a few hundred bytes.
    jsonLimit: '16kb',
    // The review API answers the source holder's own staff, never the hub.
    internalPaths: ['/beheer'],
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

export interface SourceHolderListeners {
  /** The protocol (and health), HTTPS with mutual TLS when configured. */
  protocolUrl: string;
  /** The review API, metrics and health. */
  adminUrl: string;
}

/** Opens both listeners; tests pass port 0 for free ports. */
export async function listenSourceHolder(
  app: INestApplication,
  config: SourceHolderConfig,
  protocol: ListenerAddress = { port: config.port, host: config.host },
  admin: ListenerAddress = config.admin,
): Promise<SourceHolderListeners> {
  const { publicUrl, internalUrl } = await listenBoth(app, protocol, admin, config.tls ? 'https' : 'http');
  return { protocolUrl: publicUrl, adminUrl: internalUrl };
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
  // On the admin listener, like the API it describes.
  { basePath: '/beheer/v1', title: 'Beheer: besluiten over verzoeken die het beleid openlaat' },
  { basePath: '/getuige/v1', title: 'Getuige: auditcheckpoints van de hub' },
];

function publishProtocolDocuments(app: INestApplication): void {
  const generated = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bronhouderprotocol')
      .setDescription('Bevragingen van de hub bij een bronhouder, tussen organisaties')
      .addBearerAuth()
      .build(),
  );
  for (const api of PROTOCOL_APIS) {
    const document = publishedDocument(generated, api);
    if (Object.keys(document.paths).length > 0) serveOpenApiDocument(app, document, []);
  }
}
