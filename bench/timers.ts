import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CoreModule, loadHubConfig } from '@vt/common';
import { hubDataSourceOptions } from '../apps/api/src/hub-data-source';
import {
  DEADLINE_QUEUE,
  DeadlineReconciler,
  DeadlineScheduler,
  DeadlinesModule,
  loadDeadlinePolicy,
} from '@vt/deadlines';
import { freshDatabase, inOneSession, passwordHash, print, printAgainstFloor, timed } from './support';

/** The worker's threshold (libs/cases deadline-notices.service.ts): more breaches to one recipient, one summary. */
const BREACH_SUMMARY_ABOVE = 3;

/**
 * The three timer figures of issue 4, each against a fresh database and a Redis database of the
 * benchmark's own (BENCH_REDIS_DB, default 5; it must be empty at the start, and is flushed at
 * the end), never the shared db 0:
 *
 * 1. schedule: BENCH_DEADLINES (default 1,000,000) open deadlines get their timers through
 *    `DeadlineScheduler.sync` (the api's path after a commit), 1,000 ids per call; rate and Redis
 *    memory per deadline (INFO memory before and after). Only jobs within the timer horizon
 *    (DEADLINE_TIMER_HORIZON_HOURS) go to Redis; the count must match the scheduler's own plan.
 * 2. reconcile: FLUSHDB, then the real worker (`dist/apps/worker/src/main.js`) starts, and its
 *    start-up reconcile puts every timer back; the time it logs, and from spawn to that log line.
 *    Then a periodic run (nothing missing), in this process.
 * 3. burst: in another fresh database, BENCH_BURST (default 10,000) open deadlines on as many
 *    cases, spread over BENCH_ORGS (default 25) regie organisations, due in the same second;
 *    the worker (started before, its reconcile schedules them) breaches them. Lag after dueAt:
 *    when each breach became visible (committed), polled every 20 ms; `breached_at - due_at`
 *    (the start of its transaction); and when the queue had run every breach job. Each recipient
 *    must be told of each breach once, by its own notification or counted in a summary.
 *
 * BENCH_FIGURES=schedule,reconcile,burst (the default) selects; reconcile needs schedule's data.
 */

const DEADLINES = Number(process.env.BENCH_DEADLINES ?? 1_000_000);
const BURST = Number(process.env.BENCH_BURST ?? 10_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 25);
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 5);
const FIGURES = new Set((process.env.BENCH_FIGURES ?? 'schedule,reconcile,burst').split(','));
const SYNC_BATCH = 1_000;
const PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const REDIS_URL = (() => {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
})();

const DELAYED_KEY = `${PREFIX}:${DEADLINE_QUEUE}:delayed`;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

interface CpuSnapshot {
  at: number;
  bench: number;
  worker: number;
  redis: number;
  busy: number;
  total: number;
}

/** CPU seconds so far of this process, the worker process, the Redis server, and the machine (jiffies). */
async function cpu(redis: Redis, workerPid?: number): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const info = await redis.info('cpu');
  const redisCpu = ['used_cpu_user', 'used_cpu_sys'].reduce(
    (sum, name) => sum + Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1]),
    0,
  );
  let worker = 0;
  if (workerPid) {
    const fields = readFileSync(`/proc/${workerPid}/stat`, 'utf8').split(') ')[1].split(' ');
    worker = (Number(fields[11]) + Number(fields[12])) / 100;
  }
  const jiffies = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = jiffies.reduce((a, b) => a + b, 0);
  const idle = jiffies[3] + jiffies[4];
  return {
    at: Date.now(),
    bench: (usage.user + usage.system) / 1e6,
    worker,
    redis: redisCpu,
    busy: total - idle,
    total,
  };
}

function cpuLine(label: string, from: CpuSnapshot, to: CpuSnapshot): string {
  const wall = (to.at - from.at) / 1000;
  const part = (name: string, value: number) => `${name} ${value.toFixed(1)} s`;
  return (
    `  CPU during ${label} (${wall.toFixed(1)} s wall, 2 cores): ${part('benchmark process', to.bench - from.bench)}, ` +
    `${part('worker', to.worker - from.worker)}, ${part('Redis', to.redis - from.redis)}, machine busy ` +
    `${((100 * (to.busy - from.busy)) / (to.total - from.total)).toFixed(0)} %`
  );
}

/** Organisations, each with a caseworker (the regisseur) and two supervisors. */
async function organisations(db: DataSource): Promise<void> {
  const hash = await passwordHash();
  await db.query(`CREATE UNLOGGED TABLE bench_orgs (n int PRIMARY KEY, id uuid NOT NULL, regisseur uuid)`);
  await db.query(
    `WITH made AS (
       INSERT INTO organisations (slug, name, kind, region)
       SELECT 'bench-' || n, 'Bench ' || n, 'veilig_thuis', 'region-' || n FROM generate_series(0, $1 - 1) n
       RETURNING id, slug)
     INSERT INTO bench_orgs (n, id) SELECT substr(slug, 7)::int, id FROM made`,
    [ORGS],
  );
  await db.query(
    `INSERT INTO users (organisation_id, name, email, password_hash, roles)
     SELECT o.id, 'Bench', r.role || '-' || o.n || '-' || r.i || '@bench.example', $1, ARRAY[r.role]
       FROM bench_orgs o CROSS JOIN (VALUES ('caseworker', 0), ('supervisor', 0), ('supervisor', 1)) r(role, i)`,
    [hash],
  );
  await db.query(
    `UPDATE bench_orgs o SET regisseur = u.id FROM users u WHERE u.email = 'caseworker-' || o.n || '-0@bench.example'`,
  );
}

/** `count` cases round-robin over the organisations, each with its regisseur and its network row. */
async function cases(db: DataSource, count: number, receivedAt: string): Promise<void> {
  await db.query(
    `INSERT INTO cases (reference, organisation_id, phase, acute, received_at, regie_organisation_id,
         regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons)
     SELECT 'VT-2026-' || lpad(g::text, 6, '0'), o.id, 'follow_up', false, ${receivedAt}, o.id, o.regisseur,
            ARRAY['partner_violence'], '{}', 'elevated', '{}'
       FROM generate_series(1, $1) g JOIN bench_orgs o ON o.n = g % $2
      ORDER BY g`,
    [count, ORGS],
  );
  await db.query(
    `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories, added_at)
     SELECT id, seq, organisation_id, 'statutory', 'Wmo 2015 art. 4.1.1', ARRAY['basic','safety','narrative'], received_at
       FROM cases ORDER BY seq`,
  );
}

/**
 * DEADLINES open deadlines, four per case: a statutory term (every other case a safety
 * assessment, due 7 days after it started up to 2 days ago; else an investigation, 70 days after
 * it started up to 60 days ago) and three safety-plan actions due 2 to 62 days ahead. All
 * reminders (default policy) lie ahead, so every job is a delayed one: 2 per assessment (a
 * working-day reminder and the breach), 3 per investigation, 2 per action.
 */
async function generateOpen(dataSource: DataSource): Promise<void> {
  await inOneSession(dataSource, async (db) => {
    const perCase = 4;
    const caseCount = Math.ceil(DEADLINES / perCase);
    await timed('organisations and cases', async () => {
      await organisations(dataSource);
      await cases(dataSource, caseCount, `now() - interval '90 days'`);
    });
    await timed('deadlines', async () => {
      await db.query(
        `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
         SELECT id, kind, start, start + term, 'open'
           FROM (SELECT c.id, c.seq, CASE WHEN c.seq % 2 = 0 THEN 'safety_assessment' ELSE 'investigation' END AS kind,
                        CASE WHEN c.seq % 2 = 0 THEN interval '7 days' ELSE interval '70 days' END AS term,
                        now() - CASE WHEN c.seq % 2 = 0 THEN interval '2 days' ELSE interval '60 days' END * random() AS start
                   FROM cases c) x
          ORDER BY seq`,
      );
      const actions = DEADLINES - caseCount;
      await db.query(
        `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
         SELECT c.id, 'action', now() - interval '1 day', now() + interval '2 days' + interval '60 days' * random(), 'open'
           FROM generate_series(0, $1 - 1) k JOIN cases c ON c.seq = (SELECT min(seq) FROM cases) + k % $2
          ORDER BY k`,
        [actions, caseCount],
      );
    });
    await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
  });
}

interface Worker {
  pid: number;
  /** Resolves with the first `deadlines reconciled` log line's figures and the time since spawn. */
  reconciled: Promise<{ checked: number; repaired: number; ms: number; sinceSpawnMs: number }>;
  lines: string[];
  stop(): Promise<void>;
}

/** How many jobs the scheduler plans for the open deadlines with the horizon ending at `until`. */
async function plannedJobs(db: DataSource, scheduler: DeadlineScheduler, until: Date): Promise<number> {
  let jobs = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Plain SQL on the deadlines table, as the rest of the bench reads it: no entity of the context.
    const rows = (await db.query(
      `SELECT id, case_id AS "caseId", kind, subject_id AS "subjectId", starts_at AS "startsAt", due_at AS "dueAt",
              status, completed_at AS "completedAt", late_working_days AS "lateWorkingDays",
              breached_at AS "breachedAt", version
         FROM deadlines WHERE status = 'open' AND id > $1 ORDER BY id LIMIT 20000`,
      [after],
    )) as Parameters<DeadlineScheduler['plan']>[0][];
    if (rows.length === 0) return jobs;
    after = rows[rows.length - 1].id;
    for (const row of rows) jobs += scheduler.plan(row, new Set(), until).length;
  }
}

/** Jobs cross into the horizon while a phase runs: the count lies between its start's plan and its end's. */
async function expectJobs(
  db: DataSource,
  scheduler: DeadlineScheduler,
  phase: { started: Date; ended: Date },
  jobs: number,
): Promise<void> {
  const least = await plannedJobs(db, scheduler, scheduler.horizonEnd(phase.started));
  const most = await plannedJobs(db, scheduler, scheduler.horizonEnd(phase.ended));
  print(`  planned within the horizon: ${least} to ${most} jobs; delayed in Redis: ${jobs}`);
  if (jobs < least || jobs > most) throw new Error(`expected ${least} to ${most} delayed jobs, found ${jobs}`);
}

/** The built worker as its own process, as in production, on the benchmark's Redis database. */
function startWorker(databaseUrl: string): Worker {
  const spawned = Date.now();
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, '../apps/worker/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
      LOG_LEVEL: 'log',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const lines: string[] = [];
  const reconciled = new Promise<{ checked: number; repaired: number; ms: number; sinceSpawnMs: number }>(
    (done, fail) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const line of parts) {
          if (/"(error|warn)"/.test(line) || line.includes('deadlines reconciled')) lines.push(line);
          if (!line.includes('deadlines reconciled')) continue;
          const field = (name: string) => Number(new RegExp(`"${name}":(\\d+)`).exec(line)?.[1]);
          done({
            checked: field('checked'),
            repaired: field('repaired'),
            ms: field('ms'),
            sinceSpawnMs: Date.now() - spawned,
          });
        }
      });
      child.once('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    },
  );
  reconciled.catch(() => undefined);
  return {
    pid: child.pid!,
    reconciled,
    lines,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Figure 1: every open deadline through the api's after-commit path. */
async function schedule(redis: Redis, db: DataSource, scheduler: DeadlineScheduler): Promise<void> {
  const ids = (
    (await db.query(`SELECT id FROM deadlines WHERE status = 'open' ORDER BY id`)) as {
      id: string;
    }[]
  ).map((row) => row.id);
  const before = await usedMemory(redis);
  print(
    `schedule: DeadlineScheduler.sync, ${SYNC_BATCH} ids per call, one call at a time, ` +
      `${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
  );
  const cpuBefore = await cpu(redis);
  const started = new Date();
  for (let i = 0; i < ids.length; i += SYNC_BATCH) await scheduler.sync(ids.slice(i, i + SYNC_BATCH));
  const ended = new Date();
  const ms = ended.getTime() - started.getTime();
  const cpuAfter = await cpu(redis);
  const jobs = await redis.zcard(DELAYED_KEY);
  const after = await usedMemory(redis);
  print(
    `scheduled ${ids.length} deadlines (${jobs} delayed jobs) in ${seconds(ms)} s: ` +
      `${Math.round(ids.length / (ms / 1000))} deadlines/s, ${Math.round(jobs / (ms / 1000))} jobs/s`,
  );
  print(
    `Redis used_memory ${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB: ` +
      `${Math.round((after - before) / ids.length)} bytes per deadline, ${Math.round((after - before) / Math.max(1, jobs))} bytes per job; ` +
      `keys in db ${REDIS_DB}: ${await redis.dbsize()}`,
  );
  print(cpuLine('scheduling', cpuBefore, cpuAfter));
  await expectJobs(db, scheduler, { started, ended }, jobs);
}

/** Figures 1 and 2: schedule DEADLINES open deadlines, then wipe Redis and let the worker reconcile. */
async function scheduleAndReconcile(redis: Redis): Promise<void> {
  const database = await freshDatabase();
  let worker: Worker | undefined;
  let app: INestApplicationContext | undefined;
  try {
    const generating = Date.now();
    print(`generating ${DEADLINES} open deadlines in ${ORGS} organisations:`);
    await generateOpen(database.db);
    const [mix] = (await database.db.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE kind = 'investigation')::int AS investigations,
              count(DISTINCT case_id)::int AS cases
         FROM deadlines WHERE status = 'open'`,
    )) as { open: number; investigations: number; cases: number }[];
    // Without a horizon: two jobs per deadline (a reminder and the breach), three per investigation.
    const allJobs = 2 * mix.open + mix.investigations;
    print(
      `generated ${mix.open} open deadlines on ${mix.cases} cases (${mix.investigations} investigations) in ` +
        `${seconds(Date.now() - generating)} s; ${allJobs} jobs in all (${(allJobs / mix.open).toFixed(3)} per deadline), ` +
        `horizon ${loadDeadlinePolicy().timerHorizonHours} h`,
    );

    // Figure 1: the scheduler of the api, in this process, with its own Redis connection.
    const config = loadHubConfig({
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
      LOG_LEVEL: 'warn',
    });
    @Module({
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRoot(hubDataSourceOptions(config.databaseUrl, config.databasePoolSize, 'vt-bench-scheduler')),
        DeadlinesModule.forRoot(loadDeadlinePolicy()),
      ],
    })
    class SchedulerModule {}
    app = await NestFactory.createApplicationContext(SchedulerModule, { logger: ['warn', 'error'] });
    const scheduler = app.get(DeadlineScheduler);
    await schedule(redis, app.get(DataSource), scheduler);

    if (!FIGURES.has('reconcile')) return;
    // Figure 2: Redis loses everything; the worker's start-up reconcile puts it back.
    await redis.flushdb();
    print(
      `reconcile: FLUSHDB on db ${REDIS_DB}, then the worker starts, ${new Date().toISOString()}, ` +
        `load average ${loadavg()[0].toFixed(2)}`,
    );
    const cpuBefore = await cpu(redis);
    const started = new Date();
    worker = startWorker(database.url);
    const result = await worker.reconciled;
    const cpuAfter = await cpu(redis, worker.pid);
    const jobs = await redis.zcard(DELAYED_KEY);
    print(
      `reconciled: checked ${result.checked}, repaired ${result.repaired} in ${seconds(result.ms)} s ` +
        `(reconciler's own log), ${seconds(result.sinceSpawnMs)} s from worker spawn; delayed jobs now ${jobs}`,
    );
    print(cpuLine('start-up and reconcile', { ...cpuBefore, worker: 0 }, cpuAfter));
    await expectJobs(app.get(DataSource), scheduler, { started, ended: new Date() }, jobs);
    // The periodic run every few minutes, when nothing is missing.
    const periodic = Date.now();
    const again = await app.get(DeadlineReconciler).reconcile();
    print(
      `periodic reconcile (in this process, nothing missing): checked ${again?.checked}, repaired ${again?.repaired}, ` +
        `new to the horizon ${again?.scheduled} in ${seconds(Date.now() - periodic)} s`,
    );
    for (const line of worker.lines.slice(1)) print(`worker: ${line}`);
  } finally {
    await app?.close();
    await worker?.stop();
    await database.drop();
  }
}

/**
 * The floor of the burst: the database alone doing the worker's writes in one statement, in one
 * transaction that is rolled back (so without its commit): every open deadline marked breached, its
 * timeline event, and the notifications of regisseur and supervisors as the worker makes them, one
 * per breach to a recipient of at most BREACH_SUMMARY_ABOVE of them and one summary to any other.
 * (The worker summarises per breach transaction, one regie organisation's; each recipient here
 * belongs to one.) The worker's audit entries (hashed in Node) are not in it.
 */
async function breachFloor(db: DataSource): Promise<number> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const started = performance.now();
    const [{ breached, notified }] = (await runner.query(
      `WITH up AS (
         UPDATE deadlines d SET status = 'breached', breached_at = now()
           FROM cases c WHERE c.id = d.case_id AND d.status = 'open'
         RETURNING d.id, d.case_id, d.kind, d.due_at, c.reference, c.regie_organisation_id, c.regisseur_user_id),
       events AS (
         INSERT INTO case_events (case_id, type, category, data, occurred_at)
         SELECT case_id, 'deadline_breached', 'basic', jsonb_build_object('deadlineId', id, 'kind', kind, 'dueAt', due_at), now()
           FROM up RETURNING 1),
       told AS (
         SELECT DISTINCT r.user_id, up.id, up.case_id, up.reference
           FROM up CROSS JOIN LATERAL (
             SELECT u.id AS user_id FROM users u WHERE u.id = up.regisseur_user_id AND u.active
             UNION ALL
             SELECT u.id FROM users u
              WHERE u.organisation_id = up.regie_organisation_id AND u.active AND 'supervisor' = ANY(u.roles)) r),
       counted AS (SELECT told.*, count(*) OVER (PARTITION BY user_id) AS n FROM told),
       sent AS (
         INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
         SELECT user_id, 'deadline_breached', case_id, id, 'Termijn overschreden: casus ' || reference,
                'De termijn van casus ' || reference || ' is verstreken.'
           FROM counted WHERE n <= $1
         UNION ALL
         SELECT user_id, 'deadline_breached', NULL, NULL, n || ' termijnen overschreden', n || ' termijnen zijn verstreken.'
           FROM counted WHERE n > $1 GROUP BY user_id, n
         RETURNING 1)
       SELECT (SELECT count(*) FROM up)::int AS breached, (SELECT count(*) FROM sent)::int AS notified,
              (SELECT count(*) FROM events)::int AS events`,
      [BREACH_SUMMARY_ABOVE],
    )) as { breached: number; notified: number }[];
    const ms = performance.now() - started;
    print(
      `burst floor: the database alone breached ${breached} deadlines with ${notified} notifications and their ` +
        `timeline events in one statement in ${ms.toFixed(0)} ms (rolled back, so without the commit)`,
    );
    return ms;
  } finally {
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

/** Figure 3: BURST deadlines due in the same second, breached by the running worker. */
async function burst(redis: Redis): Promise<void> {
  const database = await freshDatabase();
  let worker: Worker | undefined;
  const events = new QueueEvents(DEADLINE_QUEUE, { connection: { url: REDIS_URL }, prefix: PREFIX });
  try {
    await redis.flushdb();
    const { db } = database;
    const leadSeconds = Number(process.env.BENCH_BURST_LEAD ?? 30);
    await organisations(db);
    await cases(db, BURST, `now() - interval '2 days'`);
    // One action per case, started an hour before it is due (so its 1-day reminder is not planned).
    const [{ due }] = (await db.query(
      `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
       SELECT id, 'action', t - interval '1 hour', t, 'open'
         FROM cases, (SELECT date_trunc('second', now()) + make_interval(secs => $1) AS t) x
       RETURNING due_at AS due`,
      [leadSeconds],
    )) as { due: Date }[];
    await db.query('VACUUM ANALYZE');
    const floorMs = await breachFloor(db);
    await db.query('VACUUM ANALYZE');
    const completed: number[] = [];
    events.on('completed', () => completed.push(Date.now()));
    await events.waitUntilReady();
    worker = startWorker(database.url);
    const reconciled = await worker.reconciled;
    const delayed = await redis.zcard(DELAYED_KEY);
    const margin = due.getTime() - Date.now();
    print(
      `burst: ${BURST} deadlines (one per case) over ${ORGS} regie organisations, due at ${due.toISOString()}; ` +
        `the worker's start-up reconcile left ${delayed} breach jobs delayed (${seconds(reconciled.ms)} s), ` +
        `${seconds(margin)} s before dueAt; load average ${loadavg()[0].toFixed(2)}`,
    );
    if (margin < 1_000) throw new Error('the worker was not ready before dueAt; raise BENCH_BURST_LEAD');
    await new Promise((done) => setTimeout(done, margin - 500));
    const cpuBefore = await cpu(redis, worker.pid);
    const limit = due.getTime() + 300_000;
    // When the n-th breach became visible to other sessions, that is, committed.
    const visible: { at: number; n: number }[] = [];
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM deadlines WHERE status = 'breached'`)) as {
        n: number;
      }[];
      visible.push({ at: Date.now(), n });
      if (n === BURST) break;
      if (n === 0) Object.assign(cpuBefore, await cpu(redis, worker.pid));
      if (Date.now() > limit) throw new Error(`only ${n} of ${BURST} breached 300 s after dueAt`);
      await new Promise((done) => setTimeout(done, 20));
    }
    const cpuAfter = await cpu(redis, worker.pid);
    const seen = (p: number) => visible.find((v) => v.n >= Math.ceil(p * BURST))!.at - due.getTime();
    const [lag] = (await db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
              min(ms) AS min, max(ms) AS max
         FROM (SELECT extract(epoch FROM breached_at - due_at) * 1000 AS ms FROM deadlines) x`,
    )) as { p50: number; p99: number; min: number; max: number }[];
    print(`committed (polled every 20 ms) - due_at:  p50 ${seen(0.5)} ms   p99 ${seen(0.99)} ms   max ${seen(1)} ms`);
    const what = 'the database alone, the same writes in one statement';
    printAgainstFloor(
      `burst of ${BURST}: p99 breached`,
      { value: seen(0.99), unit: 'ms' },
      { value: floorMs, unit: 'ms' },
      what,
    );
    printAgainstFloor(
      `burst of ${BURST}: all breached`,
      { value: seen(1), unit: 'ms' },
      { value: floorMs, unit: 'ms' },
      what,
    );
    print(
      `breached_at - due_at (its transaction's start):  min ${Math.round(lag.min)} ms   p50 ${Math.round(lag.p50)} ms   ` +
        `p99 ${Math.round(lag.p99)} ms   max ${Math.round(lag.max)} ms`,
    );
    // The other breach jobs of the second find their deadline breached already and finish.
    const drainLimit = Date.now() + 120_000;
    while (completed.length < BURST && Date.now() < drainLimit) await new Promise((done) => setTimeout(done, 100));
    const done = completed.map((at) => at - due.getTime()).sort((a, b) => a - b);
    print(`breach jobs completed: ${done.length} of ${BURST}, the last ${done[done.length - 1]} ms after dueAt`);
    print(cpuLine('the burst', cpuBefore, cpuAfter));
    // Each recipient is told of every breach of its regie organisation once: by a notification of
    // its own, or counted in a summary (whose title starts with the count).
    const [check] = (await db.query(
      `WITH told AS (
         SELECT u.id,
                (SELECT count(*) FROM deadlines d JOIN cases c ON c.id = d.case_id
                  WHERE c.regie_organisation_id = u.organisation_id AND d.status = 'breached') AS due,
                (SELECT coalesce(sum(CASE WHEN n.case_id IS NULL THEN substring(n.title FROM '^([0-9]+) ')::int ELSE 1 END), 0)
                   FROM notifications n WHERE n.recipient_user_id = u.id AND n.kind = 'deadline_breached') AS told
           FROM users u)
       SELECT (SELECT count(*) FROM audit_entries WHERE purpose = 'breach')::int AS audits,
              (SELECT count(*) FROM case_events WHERE type = 'deadline_breached')::int AS events,
              (SELECT count(*) FROM notifications WHERE kind = 'deadline_breached')::int AS notifications,
              (SELECT count(*) FROM notifications WHERE kind = 'deadline_breached' AND case_id IS NULL)::int AS summaries,
              (SELECT count(*) FROM told WHERE due <> told)::int AS mistold`,
    )) as { audits: number; events: number; notifications: number; summaries: number; mistold: number }[];
    print(
      `audit entries ${check.audits}, timeline events ${check.events}, notifications ${check.notifications} ` +
        `(${check.summaries} of them summaries; regisseur and two supervisors each, every breach told once)`,
    );
    if (check.audits !== BURST || check.events !== BURST || check.mistold !== 0) {
      throw new Error('not every deadline breached and told exactly once');
    }
    for (const line of worker.lines.slice(1)) print(`worker: ${line}`);
  } finally {
    await events.close();
    await worker?.stop();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.dbsize();
    if (keys > 0) throw new Error(`Redis db ${REDIS_DB} holds ${keys} keys; choose an empty one with BENCH_REDIS_DB`);
    print(`timers: Redis db ${REDIS_DB}, prefix ${PREFIX}, ${new Date().toISOString()}`);
    try {
      if (FIGURES.has('schedule')) await scheduleAndReconcile(redis);
      if (FIGURES.has('burst')) await burst(redis);
    } finally {
      await redis.flushdb();
    }
  } finally {
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
