import { inArrivalOrder } from './in-arrival-order';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failAfter = (ms: number, error: Error) =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(error), ms));

describe('inArrivalOrder', () => {
  it('yields each value as its task settles, not in the order given', async () => {
    const seen: string[] = [];
    for await (const value of inArrivalOrder([after(30, 'slow'), after(1, 'fast'), after(15, 'middle')])) {
      seen.push(value);
    }
    expect(seen).toEqual(['fast', 'middle', 'slow']);
  });

  it('throws a failure at its turn, after the values that came before it', async () => {
    const seen: string[] = [];
    const run = async () => {
      for await (const value of inArrivalOrder([after(1, 'first'), failAfter(10, new Error('kapot'))])) {
        seen.push(value);
      }
    };
    await expect(run()).rejects.toThrow('kapot');
    expect(seen).toEqual(['first']);
  });

  /** Runs `body` and answers the rejections nobody handled meanwhile. */
  async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await body();
      await after(30, null);
      return unhandled;
    } finally {
      process.off('unhandledRejection', listener);
    }
  }

  it('leaves no unhandled rejection when the reader stops before a task fails', async () => {
    const unhandled = await unhandledDuring(async () => {
      for await (const value of inArrivalOrder([after(1, 'first'), failAfter(5, new Error('later'))])) {
        expect(value).toBe('first');
        break;
      }
    });
    expect(unhandled).toEqual([]);
  });

  it('leaves no unhandled rejection when a task fails before anyone reads', async () => {
    const unhandled = await unhandledDuring(async () => {
      inArrivalOrder([failAfter(1, new Error('unread'))]);
      await after(10, null);
    });
    expect(unhandled).toEqual([]);
  });

  it('ends at once without tasks', async () => {
    const seen: unknown[] = [];
    for await (const value of inArrivalOrder([])) seen.push(value);
    expect(seen).toEqual([]);
  });
});
