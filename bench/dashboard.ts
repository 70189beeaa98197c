import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Dashboard, expectDirectCount, generate, ORGS } from './dashboard-data';
import { captureGetSql, login, print, printAgainstSqlFloor, runBench, withApiCpu } from './support';

/**
 * `GET /api/v1/dashboard` as a supervisor of organisation 0 for BENCH_DURATION s (default 20) at each
 * of BENCH_CONNECTIONS (default 1 and 10) connections, then with one connection after BENCH_CHANGES
 * (default 1,000, when autovacuum would start) of its open deadlines changed, before a vacuum.
 */
runBench(async ({ database, startApi }) => {
  const openDeadlines = Number(process.env.BENCH_OPEN_DEADLINES ?? 100_000);
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  const concurrencies = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
  const { db } = database;
  const generating = Date.now();
  print(`generating ${ORGS} organisations with ${openDeadlines} open deadlines each:`);
  await generate(db, openDeadlines);
  const [sizes] = (await db.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM deadlines)::int AS deadlines`,
  )) as { cases: number; deadlines: number }[];
  print(
    `generated ${sizes.cases} cases and ${sizes.deadlines} deadlines in ${ORGS} organisations in ` +
      `${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );

  print('GET /dashboard:');
  const floorSql = await captureGetSql(database.url, 'supervisor-0@bench.example', '/api/v1/dashboard');
  const api = await startApi();
  const token = await login(api.url, 'supervisor-0@bench.example');
  const headers = { authorization: `Bearer ${token}` };
  const url = `${api.url}/api/v1/dashboard`;
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET /dashboard: ${res.status}`);
  const body = (await res.json()) as Dashboard;
  print(
    `dashboard of organisation 0: open ${body.open}, at risk ${body.atRisk}, breached ${body.breached}, ` +
      `waiting ${body.waitingListTotal}, completed in 12 months: ${body.leadTimes.safetyAssessment.completed} ` +
      `assessments, ${body.leadTimes.investigation.completed} investigations`,
  );
  if (body.open !== openDeadlines) {
    throw new Error('the organisation does not have the intended open deadlines');
  }
  await expectDirectCount(db, body);

  print(
    `dashboard: ${duration} s per concurrency, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
  );
  const measure = async (label: string, connections: number) => {
    const { result, perRequestMs } = await withApiCpu(
      api,
      () => autocannon({ url, connections, duration, headers }),
      (r) => r['2xx'],
    );
    print(
      `${label} ${String(connections).padStart(2)} conn ${result.requests.average.toFixed(0).padStart(5)} req/s   ` +
        `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   ` +
        `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}   ` +
        `api CPU ${perRequestMs.toFixed(2)} ms/request`,
    );
    if (result.non2xx > 0 || result.errors > 0) throw new Error('GET /dashboard: failed responses');
    await printAgainstSqlFloor(
      database.url,
      `${label.trim()} ${connections} conn`,
      { rate: result.requests.average, p99: result.latency.p99 },
      floorSql,
      connections,
      duration,
    );
  };
  for (const connections of concurrencies) await measure('GET /dashboard ', connections);

  // Index-only scans visit the table for pages changed since the last vacuum: the same request
  // after changes that autovacuum has not yet caught up with (held off, so it cannot start midway).
  const changes = Number(process.env.BENCH_CHANGES ?? 1000);
  await db.query(`ALTER TABLE deadlines SET (autovacuum_enabled = false)`);
  const [{ pages }] = (await db.query(
    `WITH moved AS (
       UPDATE deadlines SET due_at = due_at + interval '1 hour', version = version + 1
        WHERE id IN (SELECT id FROM deadlines WHERE regie_organisation_id = (SELECT id FROM bench_orgs WHERE n = 0)
                        AND status = 'open' ORDER BY id LIMIT $1)
       RETURNING ctid)
     SELECT count(DISTINCT (ctid::text::point)[0])::int AS pages FROM moved`,
    [changes],
  )) as { pages: number }[];
  print(
    `after ${changes} open deadlines moved by an hour in one statement (new versions on ${pages} pages), unvacuumed:`,
  );
  await measure('GET /dashboard ', 1);
});
