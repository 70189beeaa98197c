import { ConsoleLogger, INestApplication, Logger, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Histogram, Registry } from 'prom-client';
import { apiVersionMiddleware } from './api-version';
import { HttpExceptionFilter } from './http-exception.filter';
import { listenerSeparation } from './listeners';
import { canonicalInputMiddleware } from './canonical-input';
import { requestIdMiddleware } from './request-context';
import { createValidationPipe } from './validation';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** JSON log lines; callers log ids and codes only, never names, BSNs or bodies. */
export function createJsonLogger(level: LogLevel): ConsoleLogger {
  return new ConsoleLogger({ json: true, logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
}

export interface HttpAppOptions {
  statusByCode: Readonly<Record<string, number>>;
  trustProxy: boolean;
  metrics: Registry;
  /** The full semver every answer carries in `API-Version`. */
  apiVersion: string;
  /** Largest JSON body; default 256 kB. */
  jsonLimit?: string;
  /** Paths served on the internal listener only (see listeners.ts); `/metrics` always is. */
  internalPaths?: string[];
}

/** Everything the api and the source holder share at the HTTP edge. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', options.trustProxy);
  express.disable('x-powered-by');
  // First, so every answer carries it, even one the body parser refuses.
  app.use(apiVersionMiddleware(options.apiVersion));
  express.useBodyParser('json', { limit: options.jsonLimit ?? '256kb' });
  app.use(requestIdMiddleware);
  app.use(canonicalInputMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The OpenAPI UI under /docs needs inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(requestLogAndMetrics(options.metrics));
  // After the request log, so a refused path is logged like any other 404.
  app.use(listenerSeparation(['/metrics', ...(options.internalPaths ?? [])]));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(options.statusByCode));
  app.enableShutdownHooks();
}

function requestLogAndMetrics(registry: Registry) {
  const logger = new Logger('http');
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - req.startedAt) / 1e9;
      // The route pattern, not the URL: no ids or query strings become metric labels.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.log({
        msg: 'request',
        requestId: req.requestId,
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1000 * 10) / 10,
        userId: req.principal?.userId,
      });
    });
    next();
  };
}
