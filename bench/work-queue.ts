import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { DataSource, QueryRunner } from 'typeorm';
import {
  CapturedStatement,
  captureGetSql,
  inOneSession,
  login,
  passwordHash,
  print,
  printAgainstSqlFloor,
  runBench,
  timed,
  withApiCpu,
} from './support';

const VT_ORGS = 20;
const PARTNER_KINDS = ['police', 'municipality', 'safety_house', 'certified_institution', 'child_protection_board'];
const VT_USERS = 60;
const PARTNER_USERS = 20;

/**
 * BENCH_CASES (default 1,000,000) cases over five years up to now, received by 20 Veilig Thuis
 * organisations, each with its own receiving membership plus 0 to 2 of five partner organisations
 * (police, municipality, safety house, certified institution, child protection board). Old cases
 * are mostly closed; regie sits with 60 caseworkers per Veilig Thuis (skewed: a few carry many
 * cases) and moves to a partner in some networks. Deadlines: every safety assessment (open while in
 * triage), the investigation term of investigated cases, one safety-plan action per follow-up case,
 * with due dates spread so a few hundred per organisation are at risk. Everything is generated in
 * SQL with `generate_series`.
 */
async function generate(dataSource: DataSource, total: number): Promise<void> {
  return inOneSession(dataSource, (db) => load(db, total));
}

async function load(db: QueryRunner, total: number): Promise<void> {
  const hash = await passwordHash();
  await timed('organisations and users', async () => {
    await db.query(`CREATE UNLOGGED TABLE bench_orgs (n int PRIMARY KEY, id uuid NOT NULL, users int NOT NULL)`);
    await db.query(
      `WITH made AS (
         INSERT INTO organisations (slug, name, kind, region)
         SELECT 'bench-' || n, 'Bench ' || n,
                CASE WHEN n < $1 THEN 'veilig_thuis' ELSE ($2::text[])[n - $1 + 1] END, 'region-' || (n % $1)
           FROM generate_series(0, $1 + cardinality($2::text[]) - 1) n
         RETURNING id, slug)
       INSERT INTO bench_orgs SELECT substr(slug, 7)::int, id, CASE WHEN substr(slug, 7)::int < $1 THEN $3::int ELSE $4::int END
         FROM made`,
      [VT_ORGS, PARTNER_KINDS, VT_USERS, PARTNER_USERS],
    );
    await db.query(
      `CREATE UNLOGGED TABLE bench_users (org_n int, user_n int, id uuid NOT NULL, PRIMARY KEY (org_n, user_n))`,
    );
    await db.query(
      `WITH made AS (
         INSERT INTO users (organisation_id, name, email, password_hash, roles)
         SELECT o.id, 'Bench', 'cw-' || o.n || '-' || u || '@bench.example', $1, ARRAY['caseworker']
           FROM bench_orgs o CROSS JOIN LATERAL generate_series(0, o.users - 1) u
         RETURNING id, email)
       INSERT INTO bench_users
       SELECT split_part(split_part(email, '@', 1), '-', 2)::int, split_part(split_part(email, '@', 1), '-', 3)::int, id
         FROM made`,
      [hash],
    );
  });

  await timed('case plan', async () => {
    // One row per case with its random choices; the case rows and their network rows follow from it.
    await db.query(
      `CREATE UNLOGGED TABLE bench_gen AS
       SELECT g, gen_random_uuid() AS id, g % $2 AS org_n, age,
              now() - interval '1 day' * age AS received_at,
              CASE WHEN age < 8 THEN 'triage'
                   WHEN age < 90 THEN CASE WHEN r_phase < 0.3 THEN 'investigation' WHEN r_phase < 0.8 THEN 'follow_up' ELSE 'closed' END
                   WHEN r_phase < 0.93 THEN 'closed' ELSE 'follow_up' END AS phase,
              CASE WHEN r_partners < 0.5 THEN 0 WHEN r_partners < 0.85 THEN 1 ELSE 2 END AS extra,
              $2 + floor(r_p1 * 5)::int AS p1,
              $2 + (floor(r_p1 * 5)::int + 1 + floor(r_p2 * 4)::int) % 5 AS p2,
              r_regie, r_user, r_due, r_member
         FROM (SELECT g, (5 * 365 * ($1 - g)::float8 / $1) + 1 AS age, random() AS r_phase, random() AS r_partners,
                      random() AS r_p1, random() AS r_p2, random() AS r_regie, random() AS r_user, random() AS r_due,
                      random() AS r_member
                 FROM generate_series(1, $1) g) x`,
      [total, VT_ORGS],
    );
    await db.query(
      `ALTER TABLE bench_gen ADD COLUMN regie_n int, ADD COLUMN regisseur uuid, ADD COLUMN reference text`,
    );
    // Regie moves to the first partner in one in ten networks that have one, once past triage.
    await db.query(
      `UPDATE bench_gen SET regie_n = CASE WHEN extra > 0 AND phase <> 'triage' AND r_regie < 0.1 THEN p1 ELSE org_n END`,
    );
    // Half the triage cases wait for a regisseur; the others have one, skewed towards a few users.
    await db.query(
      `UPDATE bench_gen b SET regisseur = u.id
         FROM bench_orgs o, bench_users u
        WHERE o.n = b.regie_n AND u.org_n = b.regie_n AND u.user_n = floor(o.users * power(b.r_user, 1.5))::int
          AND NOT (b.phase = 'triage' AND b.r_regie < 0.5)`,
    );
    // References count per receiving organisation and year, as the intake numbers them.
    await db.query(
      `UPDATE bench_gen b SET reference = 'VT-' || r.y || '-' || lpad(r.n::text, 6, '0')
         FROM (SELECT g, extract(year FROM received_at)::int AS y,
                      row_number() OVER (PARTITION BY org_n, extract(year FROM received_at) ORDER BY g) AS n
                 FROM bench_gen) r
        WHERE r.g = b.g`,
    );
  });

  await timed('cases', () =>
    db.query(
      `INSERT INTO cases (id, reference, organisation_id, phase, acute, received_at, regie_organisation_id,
           regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons, closed_at, close_reason,
           assessed_at, assessment_outcome, assessment_decision, created_at, updated_at)
       SELECT b.id, b.reference, o.id, b.phase, b.r_due < 0.05, b.received_at, r.id, b.regisseur,
              ARRAY['partner_violence'], '{}', (ARRAY['low','elevated','high','critical'])[1 + (b.g % 4)], '{}',
              CASE WHEN b.phase = 'closed' THEN b.received_at + interval '1 day' * least(b.age - 1, 60) END,
              CASE WHEN b.phase = 'closed' THEN 'afgerond' END,
              CASE WHEN b.phase <> 'triage' THEN b.received_at + interval '3 days' END,
              CASE WHEN b.phase <> 'triage' THEN 'structural_unsafe' END,
              CASE WHEN b.phase = 'investigation' THEN 'investigation' WHEN b.phase <> 'triage' THEN 'follow_up' END,
              b.received_at, b.received_at
         FROM bench_gen b JOIN bench_orgs o ON o.n = b.org_n JOIN bench_orgs r ON r.n = b.regie_n
        ORDER BY b.g`,
    ),
  );

  await timed('case partners', () =>
    // The receiving organisation with all categories; partners with basic (and mostly safety),
    // a few removed, and consent-based ones with an expiry that has partly passed.
    db.query(
      `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories,
           expires_at, added_at, removed_at)
       SELECT c.id, c.seq, m.org, m.basis, m.ref, m.categories, m.expires, c.received_at + m.after,
              CASE WHEN m.removed THEN c.received_at + m.after + interval '20 days' END
         FROM bench_gen b JOIN cases c ON c.id = b.id
         CROSS JOIN LATERAL (
           SELECT c.organisation_id AS org, 'statutory' AS basis, 'Wmo 2015 art. 4.1.1' AS ref,
                  ARRAY['basic','safety','narrative'] AS categories, NULL::timestamptz AS expires,
                  interval '0' AS after, false AS removed
           UNION ALL
           SELECT o.id, CASE WHEN b.r_member < 0.1 THEN 'consent' ELSE 'statutory' END, 'Wpg art. 16',
                  CASE WHEN b.r_member < 0.7 THEN ARRAY['basic','safety'] ELSE ARRAY['basic'] END,
                  CASE WHEN b.r_member < 0.1 THEN c.received_at + interval '180 days' END,
                  interval '2 days', b.r_member > 0.95
             FROM bench_orgs o WHERE (o.n = b.p1 AND b.extra >= 1) OR (o.n = b.p2 AND b.extra = 2)) m
        ORDER BY c.seq`,
    ),
  );

  await timed('deadlines', async () => {
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
       SELECT id, 'safety_assessment', received_at, received_at + interval '7 days',
              CASE WHEN phase = 'triage' THEN 'open' ELSE 'met' END,
              CASE WHEN phase <> 'triage' THEN received_at + interval '3 days' END,
              CASE WHEN phase <> 'triage' THEN 0 END
         FROM bench_gen ORDER BY g`,
    );
    // Investigation terms of ten weeks; the ones more than a day overdue have been marked breached.
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, breached_at)
       SELECT id, 'investigation', received_at + interval '5 days', received_at + interval '75 days',
              CASE WHEN received_at + interval '75 days' < now() - interval '1 day' THEN 'breached' ELSE 'open' END,
              CASE WHEN received_at + interval '75 days' < now() - interval '1 day' THEN received_at + interval '75 days' END
         FROM bench_gen WHERE phase = 'investigation' ORDER BY g`,
    );
    // One open safety-plan action per follow-up case, due from three days ago to two months ahead.
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, breached_at)
       SELECT id, 'action', now() - interval '30 days', due,
              CASE WHEN due < now() - interval '1 day' THEN 'breached' ELSE 'open' END,
              CASE WHEN due < now() - interval '1 day' THEN due END
         FROM (SELECT g, id, now() + interval '1 day' * (r_due * 63 - 3) AS due FROM bench_gen WHERE phase = 'follow_up') a
        ORDER BY g`,
    );
  });
  await db.query(`DROP TABLE bench_gen`);
  // A live database has been vacuumed and analysed by autovacuum; a freshly loaded one has not.
  await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
}

/**
 * `GET /api/v1/cases?regisseur=me` and `GET /api/v1/cases?deadline=at_risk` (first page of 50) as
 * the caseworker who is regisseur of the most cases, for BENCH_DURATION s (default 20) per query at each
 * of BENCH_CONNECTIONS (default 1 and 10) connections.
 */
runBench(async ({ database, startApi }) => {
  const total = Number(process.env.BENCH_CASES ?? 1_000_000);
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  // Connection counts to measure at, e.g. "1,10": one caller alone, and ten at once.
  const concurrencies = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
  const { db } = database;
  const generating = Date.now();
  print(`generating ${total} cases:`);
  await generate(db, total);
  const [sizes] = (await db.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_partners)::int AS partners,
            (SELECT count(*) FROM deadlines)::int AS deadlines, (SELECT count(*) FROM organisations)::int AS orgs`,
  )) as { cases: number; partners: number; deadlines: number; orgs: number }[];
  print(
    `generated ${sizes.cases} cases, ${sizes.partners} partner rows, ${sizes.deadlines} deadlines in ` +
      `${sizes.orgs} organisations in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );

  // The busiest regisseur: a Veilig Thuis caseworker.
  const [worker] = (await db.query(
    `SELECT u.id, u.email, u.organisation_id,
            count(*)::int AS cases, count(*) FILTER (WHERE c.phase <> 'closed')::int AS open
       FROM cases c JOIN users u ON u.id = c.regisseur_user_id
      GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  )) as { id: string; email: string; organisation_id: string; cases: number; open: number }[];
  const [network] = (await db.query(
    `SELECT count(*)::int AS visible FROM case_partners
      WHERE organisation_id = $1 AND removed_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [worker.organisation_id],
  )) as { visible: number }[];

  const queries = [
    ['GET /cases?regisseur=me', '/api/v1/cases?regisseur=me'],
    ['GET /cases?deadline=at_risk', '/api/v1/cases?deadline=at_risk'],
  ] as const;
  // The floor of each query: the SQL its request sends, taken from PostgreSQL's log.
  const floorSql = new Map<string, CapturedStatement[]>();
  for (const [label, path] of queries) {
    print(`${label}:`);
    floorSql.set(label, await captureGetSql(database.url, worker.email, path));
  }

  const api = await startApi();
  const token = await login(api.url, worker.email);
  const headers = { authorization: `Bearer ${token}` };
  for (const [label, path] of queries) {
    const res = await fetch(`${api.url}${path}`, { headers });
    if (!res.ok) throw new Error(`${label}: ${res.status}`);
    const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    print(`${label}: first page ${page.items.length} items, next cursor ${page.nextCursor ? 'yes' : 'no'}`);
    if (page.items.length === 0) throw new Error(`${label}: empty page, the data does not exercise the query`);
  }

  print(
    `work-queue: caseworker regisseur of ${worker.cases} cases (${worker.open} not closed), organisation sees ` +
      `${network.visible} cases; ${duration} s per query and concurrency, ${new Date().toISOString()}, ` +
      `load average ${loadavg()[0].toFixed(2)}`,
  );
  for (const connections of concurrencies) {
    for (const [label, path] of queries) {
      const { result, perRequestMs } = await withApiCpu(
        api,
        () => autocannon({ url: `${api.url}${path}`, connections, duration, headers }),
        (r) => r['2xx'],
      );
      print(
        `${label.padEnd(28)} ${String(connections).padStart(2)} conn ${result.requests.average.toFixed(0).padStart(5)} req/s   ` +
          `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   ` +
          `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}   ` +
          `api CPU ${perRequestMs.toFixed(2)} ms/request`,
      );
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: failed responses`);
      await printAgainstSqlFloor(
        database.url,
        `${label} ${connections} conn`,
        { rate: result.requests.average, p99: result.latency.p99 },
        floorSql.get(label)!,
        connections,
        duration,
      );
    }
  }
});
