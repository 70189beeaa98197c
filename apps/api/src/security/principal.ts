import { AccessException } from '@vt/access';
import type { Principal } from '@vt/common';
import type { Request } from 'express';

/** The authenticated principal; the guard guarantees it on every non-public route. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw AccessException.unauthenticated();
  return req.principal;
}
