import { Agent, request } from 'node:http';

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  /** Statuses of the failed responses, or the error message, with counts. */
  failures: Map<string, number>;
  /** Milliseconds from each request's scheduled start to its complete response, sorted. */
  latencies: number[];
  /** Seconds from the first scheduled start to the last response. */
  elapsed: number;
}

/**
 * An open-loop load: one request every 1/rate s for `duration` s, each on its schedule whether or
 * not earlier ones have answered, as reports arrive from many callers. Latency counts from the
 * scheduled start, so a request delayed by a busy load generator is not flattered. autocannon's
 * `overallRate` is not used: it lets each connection send its share of a second back to back at
 * the start of that second, which offers bursts rather than a steady rate.
 */
export async function paced(
  baseUrl: string,
  rate: number,
  duration: number,
  next: () => PacedRequest,
): Promise<PacedResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const total = Math.round(rate * duration);
  const interval = 1000 / rate;
  const start = performance.now();
  let ok = 0;
  let lastDone = start;
  const fail = (reason: string) => failures.set(reason, (failures.get(reason) ?? 0) + 1);

  const send = (scheduled: number, spec: PacedRequest) =>
    new Promise<void>((done) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: spec.method,
          path: spec.path,
          headers: spec.body
            ? { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)) }
            : spec.headers,
          agent,
          timeout: 60_000,
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            const now = performance.now();
            lastDone = Math.max(lastDone, now);
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
              ok++;
              latencies.push(now - scheduled);
            } else {
              fail(`HTTP ${res.statusCode}`);
            }
            done();
          });
        },
      );
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', (error) => {
        fail(error.message);
        done();
      });
      req.end(spec.body);
    });

  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(scheduled, next()));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok, failed: total - ok, failures, latencies, elapsed: (lastDone - start) / 1000 };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
