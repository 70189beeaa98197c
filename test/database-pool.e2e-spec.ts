import { expectError, openCase, veiligThuis } from './support/cases';
import { asOwner, call, Hub, startHub } from './support/hub';

/**
 * A hub whose connection pool is full answers 503 with Retry-After once a request has waited its
 * DATABASE_POOL_WAIT_MS, never 500; the requests holding the connections finish when they can.
 */
describe('database pool exhausted', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ DATABASE_POOL_SIZE: '2', DATABASE_POOL_WAIT_MS: '1000' });
  });
  afterAll(() => hub?.close());

  it('answers 503 with Retry-After, not 500, while both connections wait on a lock', async () => {
    const vt = await veiligThuis(hub);
    const opened = await openCase(hub, vt.caseworker.token);
    const note = (text: string) =>
      call(hub, 'POST', `/api/v1/cases/${opened.id}/notes`, {
        token: vt.caseworker.token,
        body: { category: 'safety', text },
      });

    const { blocked, crowdedOut } = await asOwner(hub, async (owner) => {
      const runner = owner.createQueryRunner();
      await runner.startTransaction();
      try {
        // Both notes take the case's row lock in their transaction, holding the pool's two connections.
        await runner.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [opened.id]);
        const [{ pid }] = (await runner.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
        const notes = [note('Eerste notitie'), note('Tweede notitie')];
        for (let polls = 0; ; polls++) {
          if (polls > 600) throw new Error('the notes never waited on the lock');
          const [{ waiting }] = (await runner.query(
            // The second note queues behind the first for the row, so follow the chain of waits.
            `WITH RECURSIVE behind(pid) AS (
               SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
               UNION SELECT a.pid FROM pg_stat_activity a JOIN behind b ON b.pid = ANY(pg_blocking_pids(a.pid)))
             SELECT count(*)::int AS waiting FROM behind`,
            [pid],
          )) as { waiting: number }[];
          if (waiting === 2) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const crowdedOut = await call(hub, 'GET', '/api/v1/me', { token: vt.caseworker.token });
        await runner.commitTransaction();
        return { blocked: await Promise.all(notes), crowdedOut };
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });

    // It fails at the user's re-read; the audit entry of that failure needs the same pool, so the
    // answer names the audit log, which no request may pass without.
    expectError(crowdedOut, 503, 'audit.write_failed');
    expect(crowdedOut.headers.get('retry-after')).toBe('5');
    expect(blocked.map((res) => res.status)).toEqual([201, 201]);
    expect((await call(hub, 'GET', '/api/v1/me', { token: vt.caseworker.token })).status).toBe(200);
  });
});
