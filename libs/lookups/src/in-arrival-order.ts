type Settled<T> = { index: number } & ({ ok: true; value: T } | { ok: false; error: unknown });

/**
 * The values of tasks already under way, in the order they settle; a failure is thrown at its
 * turn. Every task is handled from the start, not from the first read, so one that fails before
 * anyone reads or after the reader left (a client that went away) is never an unhandled rejection.
 */
export function inArrivalOrder<T>(tasks: Promise<T>[]): AsyncGenerator<T> {
  return arrivals(
    new Map(
      tasks.map((task, index) => [
        index,
        task.then(
          (value): Settled<T> => ({ index, ok: true, value }),
          (error: unknown): Settled<T> => ({ index, ok: false, error }),
        ),
      ]),
    ),
  );
}

async function* arrivals<T>(pending: Map<number, Promise<Settled<T>>>): AsyncGenerator<T> {
  while (pending.size > 0) {
    const next = await Promise.race(pending.values());
    pending.delete(next.index);
    if (!next.ok) throw next.error;
    yield next.value;
  }
}
