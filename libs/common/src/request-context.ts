import { randomUUID } from 'node:crypto';
import { canonicalUuid, isCanonicalUuid } from './canonical-input';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    startedAt: bigint;
  }
}

/**
 * Gives every request an id, echoed in the response and stored in the audit log. A client's
 * X-Request-Id is kept only when it is a UUID (in canonical form); anything else is replaced, so
 * nothing a client types reaches the log as sent.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = canonicalUuid(req.header('x-request-id') ?? '');
  req.requestId = isCanonicalUuid(incoming) ? incoming : randomUUID();
  req.startedAt = process.hrtime.bigint();
  res.setHeader('X-Request-Id', req.requestId);
  next();
}
