import type { TlsFiles } from '@vt/common';
import { Agent, fetch, type RequestInit, type Response } from 'undici';

export type SourceHolderFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The one way the hub makes HTTP requests to source holders (lookups, custody, the witness): with
 * mutual TLS configured, over a connection pool that presents the hub's client certificate and
 * trusts only the configured CA; without, plain fetch. undici's own fetch, so the pool and the
 * fetch always come from the same undici version.
 */
export function sourceHolderFetch(tls: TlsFiles | null): SourceHolderFetch {
  const dispatcher = tls ? new Agent({ connect: { cert: tls.cert, key: tls.key, ca: tls.ca } }) : undefined;
  return (url, init) => fetch(url, { ...init, dispatcher });
}
