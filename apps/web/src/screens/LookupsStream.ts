/** Known-by results as the api streams them (NDJSON), and the panel's picture of a lookup under way. */
import type { components } from '../api-types';

type Schemas = components['schemas'];

/** One source's answer: a `result` line of the stream is this with its `type`. */
export type KnownByResult = Schemas['KnownByResultDto'];
export type KnownByStatus = KnownByResult['status'];

/** A source asked, from the stream's `sources` line. */
export type KnownBySource = Schemas['KnownBySourceDto'];

export interface SourceRow extends KnownBySource {
  /** Absent while the source has not answered. */
  result?: KnownByResult;
}

export interface KnownByProgress {
  rows: SourceRow[];
  /** `done`: every source answered; `failed`: the api broke off; `cut`: the stream ended early. */
  end?: 'done' | 'failed' | 'cut';
  /** The api's message when it broke off. */
  message?: string;
}

export const STARTED: KnownByProgress = { rows: [] };

/**
 * The values of an NDJSON body, one per line, as the lines arrive. Aborting `signal` (or leaving the
 * loop) cancels the body, so an abandoned lookup stops downloading.
 */
export async function* ndjsonLines(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<unknown> {
  const reader = stream.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop);
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      // The last piece is a line still arriving, unless the body has ended.
      buffered = done ? '' : (lines.pop() ?? '');
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as unknown;
      if (done) return;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The lookup after one event of the stream; anything it does not know leaves it as it was. */
export function applyEvent(progress: KnownByProgress, event: unknown): KnownByProgress {
  if (!isObject(event)) return progress;
  switch (event.type) {
    case 'sources': {
      const { sources } = event as Partial<Schemas['KnownBySourcesLineDto']>;
      return Array.isArray(sources) ? { rows: sources.map((s) => ({ ...s })) } : progress;
    }
    case 'result': {
      // The line is the result with its `type`; the row keeps the result alone.
      const result = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'type')) as KnownByResult;
      const known = progress.rows.some((row) => row.sourceHolderId === result.sourceHolderId);
      return {
        ...progress,
        rows: known
          ? progress.rows.map((row) => (row.sourceHolderId === result.sourceHolderId ? { ...row, result } : row))
          : [...progress.rows, { ...result, detailRequests: false, result }],
      };
    }
    case 'done':
      return { ...progress, end: 'done' };
    case 'error':
      return { ...progress, end: 'failed', message: typeof event.message === 'string' ? event.message : undefined };
    default:
      return progress;
  }
}

/** When the stream has ended: a lookup that never said `done` or `error` was cut off. */
export function streamEnded(progress: KnownByProgress): KnownByProgress {
  return progress.end ? progress : { ...progress, end: 'cut' };
}

const SUMMARY_WORDS: Record<KnownByStatus, string> = {
  known: 'bekend',
  not_known: 'niet bekend',
  undetermined: 'niet te bepalen',
  timeout: 'geen antwoord op tijd',
  unavailable: 'niet bereikbaar',
  refused: 'vraag geweigerd',
};

const sources = (n: number) => (n === 1 ? '1 bronhouder' : `${n} bronhouders`);

/**
 * What the live region says: once when the question goes out and once at the end, not per row,
 * so a screen reader is not talked over while the table fills.
 */
export function progressSummary(progress: KnownByProgress): string {
  const total = progress.rows.length;
  if (!progress.end) return total === 0 ? 'De bronhouders worden bevraagd…' : `${sources(total)} worden bevraagd…`;
  if (total === 0 && progress.end === 'done') return 'Er zijn geen bronhouders om te bevragen.';
  const counts = new Map<KnownByStatus, number>();
  for (const row of progress.rows)
    if (row.result) counts.set(row.result.status, (counts.get(row.result.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${SUMMARY_WORDS[status]}`);
  const missing = progress.rows.filter((row) => !row.result).length;
  if (missing > 0) parts.push(`${missing} zonder antwoord`);
  const head = progress.end === 'done' ? `Bevraging klaar voor ${sources(total)}` : 'Bevraging afgebroken';
  return parts.length > 0 ? `${head}: ${parts.join(', ')}.` : `${head}.`;
}
