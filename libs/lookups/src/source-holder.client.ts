import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import {
  OIN_HEADER,
  OrganisationKind,
  signHubToken,
  TRACEPARENT_HEADER,
  TRANSACTION_ID_HEADER,
} from '@vt/lookups-protocol';
import type { Response } from 'undici';
import { LookupsException } from './lookups.exception';
import { sourceHolderFetch } from './source-holder-fetch';
import type { SourceHolderTarget } from './source-holder-registry.service';
import { traceparent } from './trace';

/** The most the hub reads of one answer; a protocol answer is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Why a source gave no usable answer. A failure is never shown as "not known". */
export type SourceFailure = 'timeout' | 'unavailable' | 'refused';

export type SourceReply = { ok: true; status: number; body: unknown } | { ok: false; failure: SourceFailure };

/** The organisation on whose behalf the hub asks; the token names it, never a header. */
export interface Requester {
  slug: string;
  kind: OrganisationKind;
}

/** How a request proves it comes from the hub: its signed token, or an API key in a header. */
export type Credentials = 'hub-token' | { header: string; value: string };

export interface Exchange {
  target: SourceHolderTarget;
  method: 'GET' | 'POST';
  path: string;
  requester: Requester;
  transactionId: string;
  traceId: string;
  body?: unknown;
  /** The hub's token unless said otherwise. */
  credentials?: Credentials;
  /** Headers a protocol asks besides the usual ones (the custody source's `OIN`). */
  headers?: Record<string, string>;
}

/**
 * One request to one source holder over the protocol: a fresh token for that audience (or, for the
 * custody source, the configured API key), the
 * transaction id and trace context, and a timeout covering the whole answer. Connection errors,
 * 429, 5xx and bodies that are not JSON are `unavailable`; 401 and 403 are `refused`.
 */
@Injectable()
export class SourceHolderClient {
  private readonly fetch;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {
    this.fetch = sourceHolderFetch(config.sourceHolderTls);
  }

  get timeoutMs(): number {
    return this.config.lookups.timeoutMs;
  }

  get configured(): boolean {
    return this.config.lookups.signingKey !== null;
  }

  /** Refuses early when the hub has no signing key, before anything is audited or sent. */
  assertConfigured(): void {
    if (!this.configured) throw LookupsException.notConfigured();
  }

  /**
   * What a custody question carries by configuration: the hub organisation's OIN and the
   * credential the custody source takes. Refuses before anything is audited or sent when either is
   * missing.
   */
  custodyAccess(): Required<Pick<Exchange, 'credentials' | 'headers'>> {
    const { oin, auth, apiKey } = this.config.custody;
    if (oin === null) throw LookupsException.notConfigured('CUSTODY_OIN');
    if (auth === 'api-key' && apiKey) return { credentials: apiKey, headers: { [OIN_HEADER]: oin } };
    this.assertConfigured();
    return { credentials: 'hub-token', headers: { [OIN_HEADER]: oin } };
  }

  async send(exchange: Exchange): Promise<SourceReply> {
    const credentials = exchange.credentials ?? 'hub-token';
    const proof: Record<string, string> =
      credentials === 'hub-token'
        ? { authorization: `Bearer ${await this.token(exchange)}` }
        : { [credentials.header]: credentials.value };
    const signal = AbortSignal.timeout(this.config.lookups.timeoutMs);
    try {
      const res = await this.fetch(`${exchange.target.baseUrl.replace(/\/+$/, '')}${exchange.path}`, {
        method: exchange.method,
        headers: {
          ...exchange.headers,
          ...proof,
          [TRANSACTION_ID_HEADER]: exchange.transactionId,
          [TRACEPARENT_HEADER]: traceparent(exchange.traceId),
          accept: 'application/json',
          ...(exchange.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: exchange.body === undefined ? undefined : JSON.stringify(exchange.body),
        redirect: 'error',
        signal,
      });
      if (res.status === 401 || res.status === 403) return { ok: false, failure: 'refused' };
      // 429: the source's rate limit (docs/rate-limits.md); like a 503, asking later may succeed.
      if (res.status >= 500 || res.status === 429) return { ok: false, failure: 'unavailable' };
      const text = await readCapped(res);
      if (text === null) return { ok: false, failure: 'unavailable' };
      try {
        return { ok: true, status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, failure: 'unavailable' };
      }
    } catch {
      return { ok: false, failure: signal.aborted ? 'timeout' : 'unavailable' };
    }
  }

  private token(exchange: Exchange): Promise<string> {
    const signingKey = this.config.lookups.signingKey;
    if (!signingKey) throw LookupsException.notConfigured();
    return signHubToken(signingKey, {
      issuer: this.config.lookups.issuer,
      audience: exchange.target.sourceId,
      organisation: exchange.requester.slug,
      organisationKind: exchange.requester.kind,
    });
  }
}

/** The body as text, or null when it is larger than a protocol answer can be (then it is dropped). */
async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream, so the rest is never read.
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
