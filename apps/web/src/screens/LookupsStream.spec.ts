import { describe, expect, it } from '@jest/globals';
import { applyEvent, KnownByProgress, ndjsonLines, progressSummary, STARTED, streamEnded } from './LookupsStream';

const encoder = new TextEncoder();

/** A body arriving in the given pieces, split wherever the test says. */
function body(pieces: (string | Uint8Array)[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>) {
  const values: unknown[] = [];
  for await (const value of ndjsonLines(stream)) values.push(value);
  return values;
}

const source = (id: string, name = id) => ({
  sourceHolderId: id,
  organisationId: `org-${id}`,
  organisationName: name,
  detailRequests: true,
});
const result = (id: string, status: string) => ({
  type: 'result',
  sourceHolderId: id,
  organisationId: `org-${id}`,
  organisationName: id,
  status,
  latencyMs: 12,
});

describe('ndjsonLines', () => {
  it('yields a value per line, whatever the chunks', async () => {
    expect(await all(body(['{"a":1}\n{"b":', '2}\n', '\n{"c":3}\n']))).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('keeps a character split over two chunks whole', async () => {
    const bytes = encoder.encode('{"naam":"Zoë"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await all(body([bytes.slice(0, cut), bytes.slice(cut)]))).toEqual([{ naam: 'Zoë' }]);
  });

  it('reads a last line without a newline', async () => {
    expect(await all(body(['{"a":1}\n{"type":"done"}']))).toEqual([{ a: 1 }, { type: 'done' }]);
  });

  it('stops a body that is still open when aborted', async () => {
    let cancelled = false;
    const open = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"a":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const abort = new AbortController();
    const seen: unknown[] = [];
    for await (const value of ndjsonLines(open, abort.signal)) {
      seen.push(value);
      abort.abort();
    }
    expect(seen).toEqual([{ a: 1 }]);
    expect(cancelled).toBe(true);
  });
});

describe('known-by progress', () => {
  const asked = applyEvent(STARTED, { type: 'sources', sources: [source('a', 'Bron A'), source('b', 'Bron B')] });

  it('shows every source at once, then fills in each as it answers', () => {
    expect(asked.rows.map((r) => [r.organisationName, r.result])).toEqual([
      ['Bron A', undefined],
      ['Bron B', undefined],
    ]);
    const one = applyEvent(asked, result('b', 'unavailable'));
    expect(one.rows.map((r) => r.result?.status)).toEqual([undefined, 'unavailable']);
    expect(one.rows[1].result).not.toHaveProperty('type');
    expect(one.end).toBeUndefined();
    expect(applyEvent(applyEvent(one, result('a', 'known')), { type: 'done' }).end).toBe('done');
  });

  it('keeps the api message when it breaks off, and calls an early end cut off', () => {
    const failed = applyEvent(asked, { type: 'error', code: 'audit.write_failed', message: 'Afgebroken / aborted' });
    expect(failed).toMatchObject({ end: 'failed', message: 'Afgebroken / aborted' });
    expect(streamEnded(failed).end).toBe('failed');
    expect(streamEnded(asked).end).toBe('cut');
  });

  it('ignores what it does not know', () => {
    expect(applyEvent(asked, { type: 'later' })).toBe(asked);
    expect(applyEvent(asked, 'tekst')).toBe(asked);
    expect(applyEvent(asked, { type: 'sources', sources: 'x' })).toBe(asked);
  });

  it('says once what is asked and once what came back, telling failures apart from "niet bekend"', () => {
    expect(progressSummary(asked)).toBe('2 bronhouders worden bevraagd…');
    const done: KnownByProgress = {
      ...applyEvent(applyEvent(asked, result('a', 'not_known')), result('b', 'timeout')),
      end: 'done',
    };
    expect(progressSummary(done)).toBe('Bevraging klaar voor 2 bronhouders: 1 niet bekend, 1 geen antwoord op tijd.');
    expect(progressSummary(streamEnded(applyEvent(asked, result('a', 'known'))))).toBe(
      'Bevraging afgebroken: 1 bekend, 1 zonder antwoord.',
    );
    expect(progressSummary(applyEvent(STARTED, { type: 'done' }))).toBe('Er zijn geen bronhouders om te bevragen.');
  });
});
