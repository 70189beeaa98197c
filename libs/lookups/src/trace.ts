import { randomBytes } from 'node:crypto';

/** One W3C trace id per lookup, shared by all its requests; a span id per request. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function traceparent(traceId: string): string {
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}
