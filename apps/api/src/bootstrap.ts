import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  API_VERSION,
  Clock,
  configureHttpApp,
  createJsonLogger,
  HubConfig,
  ListenerAddress,
  listenBoth,
  METRICS_REGISTRY,
  publishedDocument,
  serveOpenApiDocument,
} from '@vt/common';
import { DeadlinePolicy, loadDeadlinePolicy } from '@vt/deadlines';
import type { NextFunction, Request, Response } from 'express';
import { ApiModule } from './api.module';
import { API_ERROR_STATUS } from './error-status';
import { serveWebApp } from './web/web-app';
import { resolve } from 'node:path';

export const API_PREFIX = 'api/v1';

/** Builds the api application (used by main.ts, the end-to-end tests and the benchmarks). */
export interface ApiAppOptions {
  deadlinePolicy?: DeadlinePolicy;
  /** Tests move time; everyone else uses the system clock. */
  clock?: Clock;
  /** The built web app; default dist/web under the working directory (where npm scripts run). */
  webRoot?: string;
}

export async function createApiApp(config: HubConfig, options: ApiAppOptions = {}): Promise<INestApplication> {
  const module = ApiModule.forRoot(config, options.deadlinePolicy ?? loadDeadlinePolicy(), options.clock);
  const app = await NestFactory.create(module, {
    logger: createJsonLogger(config.logLevel),
    bodyParser: false,
  });
  // Case data and sessions must not stay in a browser's or proxy's cache: every answer under /api,
  // so first, before the body parser or a route can answer (errors too). Static assets, health and
  // docs keep their own.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  configureHttpApp(app, {
    statusByCode: API_ERROR_STATUS,
    trustProxy: config.trustProxy,
    metrics: app.get(METRICS_REGISTRY),
    apiVersion: API_VERSION,
  });
  useApiPrefix(app);
  const document = apiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // In the base path as `/core/publish-openapi` asks, and at the root where it was already served;
  // before the web app, whose fallback would answer a browser's request for it with the app.
  serveOpenApiDocument(app, document, ['/openapi.json']);
  serveWebApp(app, options.webRoot ?? resolve('dist/web'));
  return app;
}

/** The api's routes under its base path; health and metrics stay at the root for the operators. */
function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}

/** What each group of operations (`@ApiTags`) is about, for the document's readers. */
const API_TAGS: Record<string, string> = {
  auth: 'Aanmelden, sessies en de tweede factor',
  organisations: 'De aangemelde gebruiker, organisaties en hun gebruikers',
  audit: 'Het auditlog: zoeken, exporteren, de keten controleren',
  cases: 'Casussen: melding, netwerk, veiligheidsplan, onderzoek, maatregelen, notities',
  'advice-requests': 'Adviesvragen: consultaties zonder casus',
  reports: 'Kwartaalcijfers van de organisatie',
  approvals: 'Stappen die wachten op goedkeuring van een leidinggevende',
  deadlines: 'Termijnen, het dashboard en doorlooptijden',
  calendar: 'De werkdagenkalender waarmee termijnen tellen',
  notifications: 'Meldingen aan de gebruiker en hun voorkeuren',
  search: 'Zoeken naar casussen binnen bereik',
  lookups: 'Bevragingen bij bronhouders vanuit een casus',
  'source-holders': 'De bronhouders die de hub bevraagt',
  meetings: 'Overleggen (MDO): agenda, besluiten, verslag',
};

/** The document the api publishes, made from its controllers' decorators (docs/api-contract.md). */
function apiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Casusregie huiselijk geweld en kindermishandeling')
    .setDescription('Hub-API: organisaties, gebruikers, casussen, termijnen, meldingen, bevragingen, overleggen, audit')
    .addBearerAuth();
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  return publishedDocument(SwaggerModule.createDocument(app, builder.build()), { basePath: `/${API_PREFIX}` });
}

/**
 * The same document without a database or Redis, for the web app's generated types: Nest's
 * preview mode registers the routes without creating a single provider.
 */
export async function previewApiDocument(config: HubConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(config, loadDeadlinePolicy()), {
    preview: true,
    logger: false,
  });
  useApiPrefix(app);
  try {
    return apiDocument(app);
  } finally {
    await app.close();
  }
}

export interface ApiListeners {
  apiUrl: string;
  /** `/metrics` and health, for Prometheus. */
  metricsUrl: string;
}

/** Opens the api's listener and the metrics listener; tests pass port 0 for free ports. */
export async function listenApi(
  app: INestApplication,
  config: HubConfig,
  api: ListenerAddress = { port: config.apiPort, host: config.apiHost },
  metrics: ListenerAddress = config.metrics,
): Promise<ApiListeners> {
  const { publicUrl, internalUrl } = await listenBoth(app, api, metrics);
  return { apiUrl: publicUrl, metricsUrl: internalUrl };
}
