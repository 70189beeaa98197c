import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { CommonException } from '@vt/common';
import { TRACEPARENT_HEADER, TRACEPARENT_PATTERN, TRANSACTION_ID_HEADER, UUID_V7_PATTERN } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { RequestLogDraft, RequestLogService } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SourceHolderException } from '../source-holder.exception';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';
import { presentsIdentity } from './client-certificate';
import { HubTokenIds } from './hub-token-ids';
import { HubTokenVerifier, TokenRefused } from './hub-token.verifier';

/** Starts the request's log entry from what every request has: time, operation, address, ids. */
export function startRequestLog(req: Request): RequestLogDraft {
  const transactionId = req.header(TRANSACTION_ID_HEADER);
  // An invalid traceparent is ignored, as W3C Trace Context asks of a receiver.
  const trace = TRACEPARENT_PATTERN.exec(req.header(TRACEPARENT_HEADER) ?? '');
  req.requestLog = {
    receivedAt: new Date(),
    // Outside a route the path is the caller's text: long digit runs (a BSN?) are not logged.
    operation: `${req.method} ${req.route ? String(req.route.path) : req.path.replace(/[0-9]{6,}/g, '…')}`.slice(
      0,
      200,
    ),
    clientAddress: req.ip ?? null,
    transactionId: transactionId && UUID_V7_PATTERN.test(transactionId) ? transactionId.toLowerCase() : null,
    traceId: trace ? trace[1] : null,
  };
  return req.requestLog;
}

/** Writes a refused request's entry; if even that fails the caller gets 503, not the refusal. */
export async function logRefusal(log: RequestLogService, draft: RequestLogDraft, status: number): Promise<void> {
  try {
    await log.write(draft, status);
  } catch {
    throw new CommonException('common.unavailable', 'Verzoeklog niet beschikbaar / request log unavailable');
  }
}

/**
 * Admits only the registered hub: a valid token used for the first time (401 otherwise) and a UUID v7 `X-Transaction-Id`
 * (400 otherwise). Both refusals are logged. The requesting organisation comes from the token;
 * with mutual TLS the client certificate must also name the registered hub (401 `certificaat`).
 */
@Injectable()
export class ProtocolGuard implements CanActivate {
  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig,
    private readonly verifier: HubTokenVerifier,
    private readonly tokenIds: HubTokenIds,
    private readonly log: RequestLogService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const draft = startRequestLog(req);
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.header('authorization') ?? '');
    try {
      if (!match) throw new TokenRefused('geen_token');
      const hub = await this.verifier.verify(match[1]);
      Object.assign(draft, {
        issuer: hub.issuer,
        tokenId: hub.tokenId,
        requestingOrganisation: hub.organisation,
        requestingOrganisationKind: hub.organisationKind,
      });
      if (this.config.tls && !presentsIdentity(req, this.config.tls.hubIdentity)) {
        throw new TokenRefused('certificaat');
      }
      // A replayed token is refused and logged with whom it named; a database failure is a 503.
      if (!(await this.tokenIds.claim(hub))) throw new TokenRefused('hergebruik');
      req.hub = hub;
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      draft.denialReason = error.reason;
      draft.answerClass = 'NIET_GEAUTHENTICEERD';
      await logRefusal(this.log, draft, 401);
      throw SourceHolderException.unauthenticated();
    }
    if (!draft.transactionId) {
      draft.answerClass = 'ONGELDIG_VERZOEK';
      draft.denialReason = 'transactie_id';
      await logRefusal(this.log, draft, 400);
      throw new CommonException('common.validation', 'Ongeldige invoer / invalid input', [
        {
          field: 'X-Transaction-Id',
          message: 'verplicht, een UUID versie 7 / required, a UUID version 7',
        },
      ]);
    }
    return true;
  }
}
