import { INestApplication, NotFoundException } from '@nestjs/common';
import { createServer, IncomingMessage, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { EnvReader } from './config';

/**
 * Each app answers on two listeners: the public one (the hub's api, a source holder's protocol)
 * and an internal one for operations (metrics, a source holder's review API), bound to loopback
 * unless configured otherwise, so neither metrics nor the review API is reachable where the
 * public port is. Health answers on both: orchestrators probe whichever they can reach.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

const SHARED_PATHS = ['/health/'];

export interface ListenerAddress {
  port: number;
  host: string;
}

export interface InternalListenerNames {
  port: string;
  host: string;
  /** The setting that acknowledges a non-loopback host in production. */
  exposed: string;
  defaultPort: number;
  /** The public listener's setting and port, which the internal one must not share. */
  publicPortName: string;
  publicPort: number;
}

/**
 * The internal listener's address. Its port must differ from the public one; in production a
 * host other than loopback must be acknowledged (`<exposed>=true`): what it serves has no TLS
 * and, for metrics, no login, so it belongs on a private network only.
 */
export function readInternalListener(r: EnvReader, names: InternalListenerNames): ListenerAddress {
  const address = {
    port: r.int(names.port, names.defaultPort, 1, 65535),
    host: r.string(names.host, '127.0.0.1'),
  };
  if (address.port === names.publicPort) {
    r.problems.push(`${names.port} must differ from ${names.publicPortName} (both are ${address.port})`);
  }
  const exposed = r.oneOf(names.exposed, 'false', ['true', 'false'] as const) === 'true';
  if (r.production && !LOOPBACK_HOSTS.includes(address.host) && !exposed) {
    r.problems.push(
      `${names.host} is not a loopback address; set ${names.exposed}=true to confirm it is reachable from a private network only`,
    );
  }
  return address;
}

/** Requests that arrived on an internal listener (the same Express app serves both). */
const internalRequests = new WeakSet<IncomingMessage>();

function isUnder(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/**
 * Serves `internalPaths` on the internal listener only and everything else on the public one
 * only; anything else is the 404 of a path that does not exist (through the app's filters, so a
 * source holder logs it too), so neither listener tells what the other serves.
 */
export function listenerSeparation(internalPaths: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // As Express routes: case-insensitively (so /METRICS is /metrics), and empty segments too.
    const path = req.path.toLowerCase().replace(/\/{2,}/g, '/');
    if (isUnder(path, SHARED_PATHS) || isUnder(path, internalPaths) === internalRequests.has(req)) {
      next();
      return;
    }
    next(new NotFoundException());
  };
}

/**
 * Opens the internal listener on the app's own request handler (after `app.listen`, so the app is
 * initialised); it closes when the app's public server closes. Port 0 picks a free port.
 */
async function listenInternal(app: INestApplication, address: ListenerAddress): Promise<Server> {
  const handler = app.getHttpAdapter().getInstance() as RequestListener;
  const server = createServer((req, res) => {
    internalRequests.add(req);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  (app.getHttpServer() as Server).once('close', () => {
    server.close();
    server.closeAllConnections();
  });
  return server;
}

/** `http://host:port` of a listening server, for logs and tests. */
function listenerUrl(server: Server, scheme: 'http' | 'https' = 'http'): string {
  const { address, port } = server.address() as AddressInfo;
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/**
 * Opens the app's public listener and then its internal one; answers both URLs (the public one
 * with `scheme`, https where the app serves TLS itself).
 */
export async function listenBoth(
  app: INestApplication,
  publicAddress: ListenerAddress,
  internalAddress: ListenerAddress,
  scheme: 'http' | 'https' = 'http',
): Promise<{ publicUrl: string; internalUrl: string }> {
  await app.listen(publicAddress.port, publicAddress.host);
  const internal = await listenInternal(app, internalAddress);
  return { publicUrl: listenerUrl(app.getHttpServer() as Server, scheme), internalUrl: listenerUrl(internal) };
}
