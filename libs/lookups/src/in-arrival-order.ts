type Settled<T> = { index: number } & ({ ok: true; value: T } | { ok: false; error: unknown });

/**
 * The values of tasks already under way, in the order they settle; a failure is thrown at its
 * turn. Every task is handled here whether or not the reader keeps reading, so one that fails
 * after the reader left (a client that went away) is never an unhandled rejection.
 */
export async function* inArrivalOrder<T>(tasks: Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map<number, Promise<Settled<T>>>(
    tasks.map((task, index) => [
      index,
      task.then(
        (value): Settled<T> => ({ index, ok: true, value }),
        (error: unknown): Settled<T> => ({ index, ok: false, error }),
      ),
    ]),
  );
  while (pending.size > 0) {
    const next = await Promise.race(pending.values());
    pending.delete(next.index);
    if (!next.ok) throw next.error;
    yield next.value;
  }
}
