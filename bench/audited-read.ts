import autocannon from 'autocannon';
import { createOrganisationWithUsers, login, print, runBench, verify } from './support';

/**
 * Audited authenticated read (`GET /api/v1/me`) beside `GET /health/live` of the same build in the
 * same run. Every /me response waits for its committed audit entry, which the run then counts.
 */
runBench(async ({ database, startApi }) => {
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const { users } = await createOrganisationWithUsers(database.db, [['caseworker'], ['privacy_officer']]);
  const [reader, officer] = users;
  const api = await startApi();
  // One token serves the whole run: access tokens live 15 minutes.
  const token = await login(api.url, reader.email);
  print(`audited-read: ${connections} connections, ${duration} s per endpoint, ${new Date().toISOString()}`);
  for (const [label, path, headers] of [
    ['GET /health/live', '/health/live', {}],
    ['GET /api/v1/me', '/api/v1/me', { authorization: `Bearer ${token}` }],
  ] as const) {
    const result = await autocannon({ url: `${api.url}${path}`, connections, duration, headers });
    print(
      `${label.padEnd(18)} ${result.requests.average.toFixed(0).padStart(6)} req/s   ` +
        `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ` +
        `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}`,
    );
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: failed responses`);
    if (path === '/api/v1/me') {
      // Lets the requests abandoned at the stop finish before counting.
      await new Promise((r) => setTimeout(r, 1000));
      const [row] = (await database.db.query(
        `SELECT count(*)::int AS n FROM audit_entries
            WHERE actor_user_id = $1 AND action = 'read' AND subject_type = 'User' AND outcome = 'success'`,
        [reader.id],
      )) as { n: number }[];
      // Up to one request per connection is still in flight when autocannon stops: it is audited
      // and answered, but not counted. Fewer entries than 2xx would be an unaudited read.
      const extra = row.n - result['2xx'];
      print(
        `audit entries for /me: ${row.n}, 2xx responses: ${result['2xx']} ` +
          `(${extra === 0 ? 'equal' : `${extra} more: requests in flight at the stop`})`,
      );
      if (extra < 0 || extra > connections) throw new Error('audit entries do not match answered reads');
    }
  }
  const chain = await verify(api.url, await login(api.url, officer.email));
  print(`chain verify (privacy officer): valid=${chain.valid} checked=${chain.checked}`);
  if (!chain.valid) throw new Error('audit chain did not verify');
});
