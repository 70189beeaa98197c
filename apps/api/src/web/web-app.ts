import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the api answers itself; the web app's fallback never takes them. */
const API_PATHS = /^\/(api|health|metrics|docs)(\/|-json|$)/;

/**
 * Serves the built web app (`npm run build:web`, into dist/web) next to the api: hashed assets
 * cached for good, and index.html for any other page a browser asks for, so deep links work.
 * Without a build there is nothing to serve and the api runs as before.
 */
export function serveWebApp(app: INestApplication, root: string): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  const express = app as NestExpressApplication;
  express.useStaticAssets(join(root, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '1y', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const page = (req.method === 'GET' || req.method === 'HEAD') && req.headers.accept?.includes('text/html');
    if (!page || API_PATHS.test(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
