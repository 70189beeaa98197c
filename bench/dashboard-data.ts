/** The dashboard benchmarks' data: five Veilig Thuis organisations, generated in SQL, and its check. */
import { DataSource, QueryRunner } from 'typeorm';
import { inOneSession, passwordHash, print, timed } from './support';

export const ORGS = 5;
const USERS_PER_ORG = 50;

/**
 * Five Veilig Thuis organisations with the same shape; organisation 0 is measured. Each holds regie
 * over `open` live cases (received in the last 120 days; one in twenty waits for a regisseur) and
 * twice as many closed cases over three years. Live cases carry BENCH_OPEN_DEADLINES (default
 * 100,000) open deadlines per organisation: one statutory term each (safety assessment or
 * investigation) and the rest actions, escalation responses and restraining orders, due from a
 * week ago to ten weeks ahead; breached actions come on top (2 % of the rest). Closed cases have met safety
 * assessments (a fifth late) and, for a third, met investigations, completed over three years, so
 * the twelve months of lead times aggregate tens of thousands of rows. Generated in SQL; the rows
 * go through the triggers that keep the dashboard's figures, as the application's writes do.
 */
export async function generate(dataSource: DataSource, openDeadlines: number): Promise<void> {
  return inOneSession(dataSource, (db) => load(db, openDeadlines));
}

async function load(db: QueryRunner, openDeadlines: number): Promise<void> {
  const live = Math.round(openDeadlines * 0.7);
  const closed = live * 2;
  const hash = await passwordHash();
  await timed('organisations and users', async () => {
    await db.query(`CREATE UNLOGGED TABLE bench_orgs (n int PRIMARY KEY, id uuid NOT NULL)`);
    await db.query(
      `WITH made AS (
         INSERT INTO organisations (slug, name, kind, region)
         SELECT 'bench-' || n, 'Bench ' || n, 'veilig_thuis', 'region-' || n FROM generate_series(0, $1 - 1) n
         RETURNING id, slug)
       INSERT INTO bench_orgs SELECT substr(slug, 7)::int, id FROM made`,
      [ORGS],
    );
    await db.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, roles)
       SELECT o.id, 'Bench', 'cw-' || o.n || '-' || u || '@bench.example', $2, ARRAY['caseworker']
         FROM bench_orgs o CROSS JOIN generate_series(0, $1 - 1) u`,
      [USERS_PER_ORG, hash],
    );
    await db.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, roles)
       SELECT id, 'Bench', 'supervisor-' || n || '@bench.example', $1, ARRAY['supervisor'] FROM bench_orgs`,
      [hash],
    );
  });

  await timed('cases', async () => {
    await db.query(
      `CREATE UNLOGGED TABLE bench_users AS
       SELECT o.n AS org_n, row_number() OVER (PARTITION BY o.n ORDER BY u.id) - 1 AS user_n, u.id
         FROM bench_orgs o JOIN users u ON u.organisation_id = o.id AND u.roles = ARRAY['caseworker']`,
    );
    // Per organisation: cases 1..live are live, the rest closed; g numbers the case within its organisation.
    await db.query(
      `INSERT INTO cases (reference, organisation_id, phase, acute, received_at, regie_organisation_id,
           regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons, closed_at, close_reason)
       SELECT 'VT-' || extract(year FROM x.received_at) || '-' || lpad(x.g::text, 6, '0'), o.id, x.phase,
              x.g % 20 = 0, x.received_at, o.id,
              CASE WHEN NOT (x.live AND x.g % 20 = 1) THEN u.id END,
              ARRAY['partner_violence'], '{}', 'elevated', '{}',
              CASE WHEN NOT x.live THEN x.received_at + interval '60 days' END,
              CASE WHEN NOT x.live THEN 'afgerond' END
         FROM bench_orgs o
         CROSS JOIN LATERAL (
           SELECT g, g <= $1 AS live,
                  CASE WHEN g > $1 THEN 'closed' WHEN g % 3 = 0 THEN 'investigation' WHEN g % 3 = 1 THEN 'triage'
                       ELSE 'follow_up' END AS phase,
                  CASE WHEN g <= $1 THEN now() - interval '120 days' * (g::float8 / $1)
                       ELSE now() - interval '60 days' - interval '1095 days' * ((g - $1)::float8 / $2) END AS received_at
             FROM generate_series(1, $1::int + $2::int) g) x
         JOIN bench_users u ON u.org_n = o.n AND u.user_n = x.g % $3::int`,
      [live, closed, USERS_PER_ORG],
    );
  });

  await timed('deadlines', async () => {
    // One open statutory term per live case: investigation for investigated cases, else the assessment.
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
       SELECT id, CASE WHEN phase = 'investigation' THEN 'investigation' ELSE 'safety_assessment' END,
              received_at, now() + interval '1 hour' * (seq % (71 * 24)) - interval '7 days', 'open'
         FROM cases WHERE phase <> 'closed'`,
    );
    // The other deadlines on live cases in turn, so each organisation has exactly `openDeadlines`
    // open, plus breached actions (2 % of those) that the breach timer has processed.
    await db.query(
      `CREATE UNLOGGED TABLE bench_live AS
       SELECT id, received_at, regie_organisation_id AS org,
              row_number() OVER (PARTITION BY regie_organisation_id ORDER BY seq) - 1 AS n
         FROM cases WHERE phase <> 'closed'`,
    );
    await db.query(`CREATE INDEX ON bench_live (org, n)`);
    const others = openDeadlines - live;
    await db.query(
      `INSERT INTO deadlines (case_id, kind, subject_id, starts_at, due_at, status, breached_at)
       SELECT c.id, CASE WHEN x.k > $1 THEN 'action'
                    ELSE (ARRAY['action','action','escalation_response','restraining_order_advice','restraining_order_end'])[1 + x.k % 5] END,
              gen_random_uuid(), c.received_at, x.due, CASE WHEN x.k > $1 THEN 'breached' ELSE 'open' END,
              CASE WHEN x.k > $1 THEN x.due END
         FROM (SELECT o.id AS org, k,
                      CASE WHEN k > $1 THEN now() - interval '1 hour' * (k % 500)
                           ELSE now() + interval '1 hour' * ((k * 7) % (71 * 24)) - interval '7 days' END AS due
                 FROM bench_orgs o CROSS JOIN generate_series(1, $1::int + $1::int / 50) k) x
         JOIN bench_live c ON c.org = x.org AND c.n = x.k % $2::int`,
      [others, live],
    );
    await db.query(`DROP TABLE bench_live`);
    // Lead-time history: met assessments (one in five late) and, for a third, met investigations.
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
       SELECT id, 'safety_assessment', received_at, received_at + interval '7 days', 'met',
              received_at + interval '1 day' * (1 + seq % 9), CASE WHEN seq % 9 >= 7 THEN 1 ELSE 0 END
         FROM cases WHERE phase = 'closed'`,
    );
    await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
       SELECT id, 'investigation', received_at + interval '5 days', received_at + interval '75 days', 'met',
              received_at + interval '1 day' * (20 + seq % 70), CASE WHEN 20 + seq % 70 > 75 THEN 1 ELSE 0 END
         FROM cases WHERE phase = 'closed' AND seq % 3 = 0`,
    );
  });
  await db.query(`DROP TABLE bench_users`);
  // A live database has been vacuumed and analysed by autovacuum; a freshly loaded one has not.
  await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
}

interface LeadTimeFigures {
  completed: number;
  withinTerm: number;
  medianWorkingDays: number | null;
}

export interface Dashboard {
  open: number;
  atRisk: number;
  breached: number;
  waitingListTotal: number;
  leadTimes: { safetyAssessment: LeadTimeFigures; investigation: LeadTimeFigures };
}

/**
 * The figures the triggers keep, checked against counting the generated deadlines through their
 * cases (as the dashboard did before migration DashboardFigures): open and breached, and the
 * twelve months' lead times with their medians.
 */
export async function expectDirectCount(db: DataSource, body: Dashboard): Promise<void> {
  const [direct] = (await db.query(
    `WITH org AS (SELECT id FROM bench_orgs WHERE n = 0),
          months AS (SELECT date_trunc('month', now() AT TIME ZONE 'Europe/Amsterdam') - interval '11 months' AS first,
                            date_trunc('month', now() AT TIME ZONE 'Europe/Amsterdam') + interval '1 month' AS next),
          done AS (
            SELECT d.kind, working_days_between((d.starts_at AT TIME ZONE 'Europe/Amsterdam')::date,
                                                (d.completed_at AT TIME ZONE 'Europe/Amsterdam')::date) AS days
              FROM cases c JOIN deadlines d ON d.case_id = c.id
             WHERE c.regie_organisation_id = (SELECT id FROM org) AND d.status = 'met'
               AND d.completed_at >= (SELECT first FROM months) AT TIME ZONE 'Europe/Amsterdam'
               AND d.completed_at < (SELECT next FROM months) AT TIME ZONE 'Europe/Amsterdam')
     SELECT (SELECT count(*) FROM cases c JOIN deadlines d ON d.case_id = c.id
              WHERE c.regie_organisation_id = (SELECT id FROM org) AND d.status = 'open')::int AS open,
            (SELECT count(*) FROM cases c JOIN deadlines d ON d.case_id = c.id
              WHERE c.regie_organisation_id = (SELECT id FROM org) AND d.status = 'breached')::int AS breached,
            (SELECT count(*) FROM done WHERE kind = 'safety_assessment')::int AS assessments,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM done WHERE kind = 'safety_assessment') AS assessment_median,
            (SELECT count(*) FROM done WHERE kind = 'investigation')::int AS investigations,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM done WHERE kind = 'investigation') AS investigation_median`,
  )) as Record<string, number>[];
  const served = {
    open: body.open,
    breached: body.breached,
    assessments: body.leadTimes.safetyAssessment.completed,
    assessment_median: body.leadTimes.safetyAssessment.medianWorkingDays,
    investigations: body.leadTimes.investigation.completed,
    investigation_median: body.leadTimes.investigation.medianWorkingDays,
  };
  if (JSON.stringify(served) !== JSON.stringify(direct)) {
    throw new Error(`dashboard ${JSON.stringify(served)} differs from a direct count ${JSON.stringify(direct)}`);
  }
  print(
    `dashboard equals a direct count over cases and deadlines (medians ${direct.assessment_median} and ` +
      `${direct.investigation_median} working days)`,
  );
}
