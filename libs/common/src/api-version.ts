import type { NextFunction, Request, Response } from 'express';

/**
 * The full version of the hub's API and of the source holders' protocol APIs, released together
 * (NL API Design Rules `/core/semver`): every answer carries it in `API-Version`
 * (`/core/version-header`), the OpenAPI documents as `info.version`, and the URIs carry its major
 * (`/core/uri-version`). A backwards-incompatible change raises the major and with it the path.
 */
export const API_VERSION = '1.0.0';

export const API_VERSION_HEADER = 'API-Version';

/** The URI segment of a version's major, `v1` for 1.0.0. */
export function majorVersionSegment(version: string): string {
  return `v${version.split('.')[0]}`;
}

/** Sets `API-Version` before anything else can answer, so errors, health and static files carry it too. */
export function apiVersionMiddleware(version: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader(API_VERSION_HEADER, version);
    next();
  };
}
