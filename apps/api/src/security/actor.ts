import { CaseReach } from '@vt/access';
import type { Actor } from '@vt/cases';
import type { Request } from 'express';
import { principalOf } from './principal';

/** Each request's actor, made on first use: its case reach is opened once, however often it is asked for. */
const actors = new WeakMap<Request, Actor>();

/**
 * Who acts in this request, with the case reach opened for them. Every service that reads or
 * writes case data gets this actor or its reach, never the bare principal.
 */
export function actorOf(req: Request): Actor {
  let actor = actors.get(req);
  if (!actor) {
    const principal = principalOf(req);
    actor = { principal, reach: CaseReach.of(principal), requestId: req.requestId, clientAddress: req.ip ?? 'unknown' };
    actors.set(req, actor);
  }
  return actor;
}

/** The request's case reach (its actor's), for reads that are audited at the edge. */
export function reachOf(req: Request): CaseReach {
  return actorOf(req).reach;
}
