import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { DataSource, QueryRunner } from 'typeorm';
import {
  captureGetSql,
  inOneSession,
  login,
  passwordHash,
  print,
  printAgainstSqlFloor,
  runBench,
  timed,
} from './support';

const ORGS = 3;

/** The quarter ('2026-Q4') n quarters before the one `instant` falls in, Amsterdam time. */
function quarterBefore(instant: Date, n: number): string {
  const [year, month] = instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' }).split('-').map(Number);
  const index = year * 4 + Math.floor((month - 1) / 3) - n;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/**
 * Three Veilig Thuis organisations of BENCH_CASES cases each (default 100,000), received over the
 * last three years: a report per case (three reporter kinds, one or two violence types), a victim
 * or a child (one in five) among its persons, a met safety assessment (one in five late), a met
 * investigation for a third, two in three closed, one in ten flagged as a repeat; and a fifth as
 * many advice requests. Set-based SQL; the deadlines pass through the dashboard's triggers as the
 * application's writes do.
 */
async function generate(dataSource: DataSource, cases: number): Promise<void> {
  return inOneSession(dataSource, (db) => load(db, cases));
}

async function load(db: QueryRunner, cases: number): Promise<void> {
  const hash = await passwordHash();
  await timed('organisations and users', async () => {
    await db.query(`CREATE UNLOGGED TABLE bench_orgs (n int PRIMARY KEY, id uuid NOT NULL, user_id uuid)`);
    await db.query(
      `WITH made AS (
         INSERT INTO organisations (slug, name, kind, region)
         SELECT 'bench-' || n, 'Bench ' || n, 'veilig_thuis', 'region-' || n FROM generate_series(0, $1 - 1) n
         RETURNING id, slug)
       INSERT INTO bench_orgs (n, id) SELECT substr(slug, 7)::int, id FROM made`,
      [ORGS],
    );
    await db.query(
      `WITH made AS (
         INSERT INTO users (organisation_id, name, email, password_hash, roles)
         SELECT id, 'Bench', 'supervisor-' || n || '@bench.example', $1, ARRAY['supervisor', 'caseworker'] FROM bench_orgs
         RETURNING id, organisation_id)
       UPDATE bench_orgs o SET user_id = made.id FROM made WHERE made.organisation_id = o.id`,
      [hash],
    );
  });
  await timed('cases and reports', async () => {
    await db.query(
      `INSERT INTO cases (reference, organisation_id, phase, acute, received_at, regie_organisation_id,
           regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons, repeat_within_12_months,
           assessed_at, closed_at, close_reason)
       SELECT 'VT-' || extract(year FROM x.received_at) || '-' || lpad(g::text, 6, '0'), o.id, CASE WHEN g % 3 = 0 THEN 'follow_up' ELSE 'closed' END,
              false, x.received_at, o.id, o.user_id,
              CASE WHEN g % 4 = 0 THEN ARRAY['partner_violence', 'psychological'] ELSE ARRAY['partner_violence'] END,
              '{}', 'elevated', '{}', g % 10 = 0, x.received_at + interval '1 day' * (1 + g % 9),
              CASE WHEN g % 3 <> 0 THEN x.received_at + interval '1 day' * (30 + g % 60) END,
              CASE WHEN g % 3 <> 0 THEN 'afgerond' END
         FROM bench_orgs o
         CROSS JOIN generate_series(1, $1::int) g
         CROSS JOIN LATERAL (SELECT now() - interval '30 days' - interval '1000 days' * (g::float8 / $1) AS received_at) x`,
      [cases],
    );
    await db.query(
      `INSERT INTO reports (case_id, organisation_id, received_at, acute, channel, reporter_kind, reporter_ciphertext,
           reporter_key_id, violence_types, red_flags, created_by)
       SELECT c.id, c.organisation_id, c.received_at, false, 'phone',
              (ARRAY['professional', 'citizen', 'police'])[1 + c.seq % 3], '\\x00', 'bench', c.violence_types, '{}',
              c.regisseur_user_id
         FROM cases c`,
    );
    await db.query(
      `CREATE UNLOGGED TABLE bench_persons AS
       SELECT r.case_id, r.id AS report_id, r.organisation_id, c.seq FROM reports r JOIN cases c ON c.id = r.case_id`,
    );
    await db.query(
      `WITH made AS (
         INSERT INTO persons (organisation_id, first_name, last_name, name_key)
         SELECT organisation_id, 'Bench', seq::text, sha256(seq::text::bytea) FROM bench_persons
         RETURNING id, last_name, organisation_id)
       INSERT INTO case_persons (case_id, person_id, role, report_id)
       SELECT b.case_id, made.id, CASE WHEN b.seq % 5 = 0 THEN 'child' ELSE 'victim' END, b.report_id
         FROM made JOIN bench_persons b ON b.seq::text = made.last_name AND b.organisation_id = made.organisation_id`,
    );
    await db.query(`DROP TABLE bench_persons`);
  });
  await timed('deadlines and advice requests', async () => {
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
       SELECT id, 'safety_assessment', received_at, received_at + interval '7 days', 'met', assessed_at,
              CASE WHEN seq % 9 >= 7 THEN 1 ELSE 0 END
         FROM cases`,
    );
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
       SELECT id, 'investigation', assessed_at, assessed_at + interval '70 days', 'met',
              assessed_at + interval '1 day' * (20 + seq % 60), 0
         FROM cases WHERE seq % 3 = 1`,
    );
    await db.query(
      `INSERT INTO advice_requests (organisation_id, asked_at, anonymous, requester_kind, subjects, question, advice,
           duration_minutes, adviser_user_id)
       SELECT o.id, now() - interval '1000 days' * (g::float8 / $1), true, 'citizen', ARRAY['partner_violence'],
              'Vraag', 'Advies', 15, o.user_id
         FROM bench_orgs o CROSS JOIN generate_series(1, $1::int) g`,
      [Math.round(cases / 5)],
    );
  });
  await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
}

interface Figures {
  quarters: { quarter: string; adviceRequests: number; reports: { total: number }; closedCases: number }[];
}

/**
 * `GET /api/v1/reports/figures` for twelve quarters (the most one request may ask) as the
 * supervisor of organisation 0, at BENCH_CONNECTIONS (default 1) for BENCH_DURATION s (default 20),
 * against its own SQL replayed by as many pg connections.
 */
runBench(async ({ database, startApi }) => {
  const cases = Number(process.env.BENCH_CASES ?? 100_000);
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  const concurrencies = (process.env.BENCH_CONNECTIONS ?? '1').split(',').map(Number);
  const { db } = database;
  const generating = Date.now();
  print(`generating ${ORGS} organisations with ${cases} cases each:`);
  await generate(db, cases);
  print(`generated in ${((Date.now() - generating) / 1000).toFixed(1)} s`);

  const now = new Date();
  const path = `/api/v1/reports/figures?from=${quarterBefore(now, 11)}&to=${quarterBefore(now, 0)}`;
  print(`GET ${path}:`);
  const floorSql = await captureGetSql(database.url, 'supervisor-0@bench.example', path);
  const api = await startApi();
  const token = await login(api.url, 'supervisor-0@bench.example');
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${api.url}${path}`, { headers });
  if (!res.ok) throw new Error(`GET figures: ${res.status}`);
  const body = (await res.json()) as Figures;
  const sum = (f: (q: Figures['quarters'][number]) => number) => body.quarters.reduce((n, q) => n + f(q), 0);
  print(
    `figures of organisation 0 over ${body.quarters.length} quarters: ${sum((q) => q.reports.total)} reports, ` +
      `${sum((q) => q.adviceRequests)} advice requests, ${sum((q) => q.closedCases)} closed cases`,
  );
  if (sum((q) => q.reports.total) !== cases) throw new Error('the figures do not cover every generated report');

  print(`figures: ${duration} s per concurrency, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`);
  for (const connections of concurrencies) {
    const result = await autocannon({ url: `${api.url}${path}`, connections, duration, headers });
    print(
      `GET /reports/figures ${String(connections).padStart(2)} conn ${result.requests.average.toFixed(1).padStart(6)} req/s   ` +
        `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   ` +
        `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}`,
    );
    if (result.non2xx > 0 || result.errors > 0) throw new Error('GET figures: failed responses');
    await printAgainstSqlFloor(
      database.url,
      `GET /reports/figures ${connections} conn`,
      { rate: result.requests.average, p99: result.latency.p99 },
      floorSql,
      connections,
      duration,
    );
  }
});
