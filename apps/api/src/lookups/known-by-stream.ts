import { Logger } from '@nestjs/common';
import { DomainException } from '@vt/common';
import type { KnownByResult, KnownByRun, KnownBySource } from '@vt/lookups';

/** The media type a client asks for (`Accept`) to get known-by results one line at a time. */
export const NDJSON = 'application/x-ndjson';

export type KnownByEvent =
  | { type: 'sources'; sources: KnownBySource[] }
  | ({ type: 'result' } & KnownByResult)
  | { type: 'done' }
  | { type: 'error'; code: string; message: string; requestId: string };

const logger = new Logger('KnownByStream');

/**
 * The events of a known-by lookup that has started: the sources asked, a result per source as it
 * comes in, then `done`. Nest writes each as a JSON line when it is yielded. The status line has
 * gone out by the time a later step fails, so a failure becomes an `error` line without `done`.
 */
export async function* knownByEvents(run: KnownByRun, requestId: string): AsyncGenerator<KnownByEvent> {
  yield { type: 'sources', sources: run.sources };
  try {
    for await (const result of run.results) yield { type: 'result', ...result };
  } catch (error) {
    const code = error instanceof DomainException ? error.code : 'internal';
    logger.error({ msg: 'known-by stream failed', requestId, code });
    yield { type: 'error', code, message: 'De bevraging is afgebroken / the lookup was aborted', requestId };
    return;
  }
  yield { type: 'done' };
}
