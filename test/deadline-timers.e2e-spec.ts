import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { CaseStore } from '../libs/cases/src';
import { HubConfig, loadHubConfig, ShiftedClock } from '../libs/common/src';
import {
  DEADLINE_QUEUE,
  DeadlineAlertsService,
  DeadlineEvents,
  DeadlineReconciler,
  ReconcileResult,
  DeadlinesService,
  loadDeadlinePolicy,
  timerJobId,
} from '../libs/deadlines/src';
import {
  assignRegisseur,
  caseBody,
  CaseBody,
  directedCase as directedCaseOf,
  member,
  openCase,
  veiligThuis,
} from './support/cases';
import { call, Hub, isolatedDatabase, startHub } from './support/hub';
import { until } from './support/wait';

/**
 * Timers against real Redis and a real worker. Each block has a database of its own (the worker
 * reconciles every open deadline it finds) and a Redis database of its own, so wiping Redis here
 * touches no other test file.
 */
const REDIS_DB = 3;
const redisUrl = (() => {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${REDIS_DB}`;
  return url.toString();
})();

function hubEnv(databaseUrl: string, prefix: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '10',
  };
}

/** Works with the deadline queue of `prefix`, and closes its connection however the work ends. */
async function withQueue<T>(prefix: string, work: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(DEADLINE_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    return await work(queue);
  } finally {
    await queue.close();
  }
}

/** Removes the queue of `prefix` from Redis. */
async function obliterateQueue(prefix: string): Promise<void> {
  await withQueue(prefix, (queue) => queue.obliterate({ force: true }));
}

/** Runs the reconciler, waiting out a run the worker itself may have going. */
async function reconcileNow(reconciler: DeadlineReconciler): Promise<ReconcileResult> {
  for (;;) {
    const result = await reconciler.reconcile();
    if (result) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const count = async (db: DataSource, sql: string, params: unknown[]) =>
  ((await db.query(sql, params)) as { n: number }[])[0].n;

/** Inserts `n` open deadlines on a case straight into the database, as many as a busy region has. */
async function insertDeadlines(db: DataSource, caseId: string, n: number, dueAt: (i: number) => Date) {
  const values = Array.from({ length: n }, (_, i) => i);
  await db.query(
    `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
     SELECT $1, 'action', now() - interval '2 days', due, 'open' FROM unnest($2::timestamptz[]) AS due`,
    [caseId, values.map(dueAt)],
  );
  return (await db.query(`SELECT id, version, due_at FROM deadlines WHERE case_id = $1 AND kind = 'action'`, [
    caseId,
  ])) as { id: string; version: number; due_at: Date }[];
}

/**
 * Every breach of the case's deadlines happened exactly once, with one audit entry and one timeline
 * event, and each of the `recipients` was told of each breach once: by a notification of its own, or
 * counted in a summary (more than three breaches to one recipient in one breach transaction give one
 * saying how many, which starts its title). Each test's case has an organisation of its own, so the
 * summaries to its regie organisation's users are this case's.
 */
async function expectBreachedOnce(db: DataSource, caseId: string, recipients: number) {
  const rows = (await db.query(
    `SELECT d.id,
            (SELECT count(*) FROM audit_entries a WHERE a.subject_id = d.id::text AND a.purpose = 'breach')::int AS audits,
            (SELECT count(*) FROM case_events e WHERE e.type = 'deadline_breached' AND e.data->>'deadlineId' = d.id::text)::int AS events,
            (SELECT count(*) FROM notifications n WHERE n.subject_id = d.id AND n.kind = 'deadline_breached')::int AS notes,
            (SELECT count(DISTINCT recipient_user_id) FROM notifications n WHERE n.subject_id = d.id AND n.kind = 'deadline_breached')::int AS recipients
       FROM deadlines d WHERE d.case_id = $1 AND d.status = 'breached'`,
    [caseId],
  )) as { id: string; audits: number; events: number; notes: number; recipients: number }[];
  for (const row of rows) {
    expect(row).toEqual({ id: row.id, audits: 1, events: 1, notes: row.recipients, recipients: row.recipients });
  }
  const told = (await db.query(
    `SELECT n.recipient_user_id,
            sum(CASE WHEN n.case_id IS NULL THEN substring(n.title FROM '^([0-9]+) termijnen overschreden$')::int ELSE 1 END)::int AS told
       FROM notifications n JOIN users u ON u.id = n.recipient_user_id JOIN cases c ON c.id = $1
      WHERE n.kind = 'deadline_breached'
        AND (n.case_id = c.id OR (n.case_id IS NULL AND u.organisation_id = c.regie_organisation_id))
      GROUP BY n.recipient_user_id`,
    [caseId],
  )) as { recipient_user_id: string; told: number }[];
  expect(told.map((row) => row.told)).toEqual(Array(recipients).fill(rows.length));
  return rows.length;
}

describe('deadline timers with a running worker', () => {
  const prefix = `t-${randomBytes(5).toString('hex')}`;
  const clock = new ShiftedClock();
  let database: { url: string; drop(): Promise<void> };
  let config: HubConfig;
  let hub: Hub;
  let worker: INestApplicationContext;
  let redis: Redis;

  beforeAll(async () => {
    database = await isolatedDatabase('timers');
    hub = await startHub(hubEnv(database.url, prefix), { clock });
    config = loadHubConfig(hubEnv(database.url, prefix));
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, loadDeadlinePolicy(), clock), {
      logger: ['error'],
    });
    await worker.init();
    redis = new Redis(redisUrl);
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await worker.close();
    await hub.close();
    await obliterateQueue(prefix);
    await redis.quit();
    await database.drop();
  });

  /** A case with a regisseur and two supervisors at the regie organisation. */
  async function directedCase(overrides: Record<string, unknown> = {}) {
    const directed = await directedCaseOf(hub, overrides);
    return { ...directed, second: await member(hub, directed.vt.org, ['supervisor']) };
  }

  const deadlineOf = async (caseId: string, kind: string) =>
    ((await hub.db.query(`SELECT * FROM deadlines WHERE case_id = $1 AND kind = $2`, [caseId, kind])) as CaseBody[])[0];

  it('breaches at dueAt through the queue, once: notifications, timeline, audit; met late afterwards', async () => {
    // Acute: due 24 hours after receipt, so received 24 hours less ten seconds ago is due in ten
    // seconds: after the regisseur and the second supervisor are there, even on a busy machine.
    const dueAt = Date.now() + 10_000;
    const receivedAt = new Date(dueAt - 24 * 3_600_000).toISOString();
    const { vt, created, path } = await directedCase({ acute: true, receivedAt });
    expect(Date.now()).toBeLessThan(dueAt);
    const breached = await until(
      'the breach',
      () => deadlineOf(created.id, 'safety_assessment'),
      (d) => d.status === 'breached',
    );
    expect(breached.breached_at.getTime()).toBeGreaterThanOrEqual(breached.due_at.getTime());
    expect(breached.breached_at.getTime() - breached.due_at.getTime()).toBeLessThan(5_000);
    // The regisseur and both supervisors of the regie organisation, once each.
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(1);
    const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', {
      token: vt.supervisor.token,
    });
    expect(inbox.body.items.map((n) => n.kind)).toContain('deadline_breached');

    // The job running again changes nothing.
    expect(await worker.get(DeadlineAlertsService).breach(breached.id, breached.version)).toBe('skipped');
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(1);

    const listed = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases?deadline=breached', {
      token: vt.caseworker.token,
    });
    expect(listed.body.items.map((c) => c.id)).toEqual([created.id]);

    // Assessing after the breach: met late, the breach stays in the history.
    const assessed = await call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'safe', decision: 'follow_up', summary: 'Laat, maar gedaan' },
    });
    expect(assessed.status).toBe(200);
    const met = await deadlineOf(created.id, 'safety_assessment');
    expect(met).toMatchObject({ status: 'met', breached_at: breached.breached_at });
    expect(met.late_working_days).toBeGreaterThanOrEqual(1);
  });

  it('never fires a moved deadline at its old time, and fires it at the new one', async () => {
    const { created } = await directedCase();
    const deadlines = hub.app.get(DeadlinesService);
    const store = hub.app.get(CaseStore);
    await store.transaction(async (manager) => {
      await deadlines.open(
        manager,
        { caseId: created.id, kind: 'escalation_response' },
        new Date(),
        new Date(Date.now() + 1_500),
      );
    });
    const moved = await deadlineOf(created.id, 'escalation_response');
    await store.transaction((manager) =>
      deadlines.reschedule(manager, { caseId: created.id, kind: 'escalation_response' }, new Date(Date.now() + 4_000)),
    );
    await withQueue(prefix, async (queue) => {
      expect(await queue.getJob(timerJobId(moved.id, 1, 'breach'))).toBeUndefined();
      expect(await queue.getJobState(timerJobId(moved.id, 2, 'breach'))).toBe('delayed');
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await deadlineOf(created.id, 'escalation_response')).status).toBe('open');
    await until(
      'the moved breach',
      () => deadlineOf(created.id, 'escalation_response'),
      (d) => d.status === 'breached',
    );
  });

  it('moves the clock: reminder a working day ahead, breach at the end of the fifth working day', async () => {
    // Monday 23 November 2026, 09:20 in Amsterdam; the report came in at 09:15.
    clock.jumpTo(new Date('2026-11-23T08:20:00Z'));
    const { created } = await directedCase({ receivedAt: '2026-11-23T09:15:00+01:00' });
    const deadline = await deadlineOf(created.id, 'safety_assessment');
    expect(deadline.due_at.toISOString()).toBe('2026-11-30T22:59:59.000Z');
    const reconciler = worker.get(DeadlineReconciler);
    const notes = (kind: string) =>
      count(hub.db, `SELECT count(*)::int AS n FROM notifications WHERE subject_id = $1 AND kind = $2`, [
        deadline.id,
        kind,
      ]);

    // Thursday evening: nothing yet.
    clock.jumpTo(new Date('2026-11-26T18:00:00Z'));
    await reconcileNow(reconciler);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await notes('deadline_reminder')).toBe(0);
    // Friday 27 November 08:00 Amsterdam, the working day before the due Monday: the reminder.
    clock.jumpTo(new Date('2026-11-27T07:00:01Z'));
    await reconcileNow(reconciler);
    await until(
      'the reminder',
      () => notes('deadline_reminder'),
      (n) => n > 0,
    );
    // Monday 23:59:59 passes: the breach, once.
    clock.jumpTo(new Date('2026-11-30T23:00:00Z'));
    await reconcileNow(reconciler);
    await until(
      'the breach',
      () => deadlineOf(created.id, 'safety_assessment'),
      (d) => d.status === 'breached',
    );
    await reconcileNow(reconciler);
    expect(await notes('deadline_reminder')).toBe(3);
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(1);
  });

  it('lets the term of a suspended investigation stand still instead of breaching', async () => {
    const { vt, created, path } = await directedCase();
    const assessed = await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Onderzoek' },
    });
    expect(assessed.status).toBe(200);
    const suspension = await call<CaseBody>(hub, 'POST', `${path}/investigation/suspensions`, {
      token: vt.caseworker.token,
      body: { reason: 'Wacht op informatie van de Raad' },
    });
    expect(suspension.status).toBe(201);
    const term = await deadlineOf(created.id, 'investigation');
    clock.jumpTo(new Date(term.due_at.getTime() + 60_000));
    const reconciler = worker.get(DeadlineReconciler);
    await reconcileNow(reconciler);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await deadlineOf(created.id, 'investigation')).status).toBe('open');
    const ended = await call(hub, 'POST', `${path}/investigation/suspensions/${suspension.body.id}/end`, {
      token: vt.caseworker.token,
    });
    expect(ended.status).toBe(200);
    const moved = await deadlineOf(created.id, 'investigation');
    expect(moved).toMatchObject({ status: 'open', version: 2 });
    expect(moved.due_at.getTime()).toBeGreaterThan(term.due_at.getTime());
  });

  it('breaches what is due in sets, passing by a deadline a user holds, which its own job then breaches', async () => {
    const { created } = await directedCase();
    const [held, other] = await insertDeadlines(hub.db, created.id, 2, () => new Date(Date.now() - 1_000));
    const alerts = worker.get(DeadlineAlertsService);
    const runner = hub.db.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`SELECT 1 FROM deadlines WHERE id = $1 FOR UPDATE`, [held.id]);
    const swept = await alerts.breachDue();
    expect(swept.has(other.id)).toBe(true);
    expect(swept.has(held.id)).toBe(false);
    await runner.commitTransaction();
    await runner.release();
    expect(['done', 'skipped']).toContain(await alerts.breach(held.id, held.version));
    expect(await alerts.breach(held.id, held.version)).toBe('skipped');
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(2);
  });

  it('rolls a breach and a reminder back, notifications and all, when a subscriber fails', async () => {
    const { created } = await directedCase();
    const [due] = await insertDeadlines(hub.db, created.id, 1, () => new Date(Date.now() - 1_000));
    const alerts = worker.get(DeadlineAlertsService);
    const events = worker.get(DeadlineEvents);
    // Subscribed after the case's notices, so their notifications are written before it throws.
    const failing = async () => {
      throw new Error('subscriber failed');
    };
    const unsubscribe = [events.on('DeadlineBreached', failing), events.on('DeadlineReminderDue', failing)];
    try {
      await expect(alerts.remind(due.id, due.version, 0)).rejects.toThrow('subscriber failed');
      await expect(alerts.breach(due.id, due.version)).rejects.toThrow('subscriber failed');
      const left = (table: string, where: string) =>
        count(hub.db, `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [due.id]);
      expect((await deadlineOf(created.id, 'action')).status).toBe('open');
      expect(await left('deadline_reminders', 'deadline_id = $1')).toBe(0);
      expect(await left('notifications', 'subject_id = $1')).toBe(0);
      expect(await left('case_events', `data->>'deadlineId' = $1::text`)).toBe(0);
      expect(await left('audit_entries', `subject_id = $1::text AND purpose = 'breach'`)).toBe(0);
    } finally {
      unsubscribe.forEach((off) => off());
    }
    expect(['done', 'skipped']).toContain(await alerts.breach(due.id, due.version));
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(1);
  });

  it('sums a burst up per recipient above three breaches, and keeps each breach its own event and audit entry', async () => {
    // Two regie organisations, each with a regisseur and two supervisors: five breaches at one, three at the other.
    const many = await directedCase();
    const few = await directedCase();
    await insertDeadlines(hub.db, many.created.id, 5, () => new Date(Date.now() - 60_000));
    await insertDeadlines(hub.db, few.created.id, 3, () => new Date(Date.now() - 60_000));
    // One sweep: each organisation's due deadlines in one breach transaction.
    await worker.get(DeadlineAlertsService).breachDue();

    expect(await expectBreachedOnce(hub.db, many.created.id, 3)).toBe(5);
    expect(await expectBreachedOnce(hub.db, few.created.id, 3)).toBe(3);
    const notes = (caseId: string) =>
      hub.db.query(
        `SELECT n.recipient_user_id AS "to", n.case_id AS "caseId", n.subject_id AS "subjectId", n.title
           FROM notifications n JOIN users u ON u.id = n.recipient_user_id JOIN cases c ON c.id = $1
          WHERE n.kind = 'deadline_breached' AND u.organisation_id = c.regie_organisation_id
          ORDER BY n.seq`,
        [caseId],
      ) as Promise<{ to: string; caseId: string | null; subjectId: string | null; title: string }[]>;
    const recipients = (of: Awaited<ReturnType<typeof directedCase>>) =>
      [of.vt.caseworker.user.id, of.vt.supervisor.user.id, of.second.user.id].sort();

    // Over the threshold: one summary each, with a count and no case.
    const summaries = await notes(many.created.id);
    expect(summaries.map((note) => note.to).sort()).toEqual(recipients(many));
    for (const note of summaries) {
      expect(note).toEqual({ to: note.to, caseId: null, subjectId: null, title: '5 termijnen overschreden' });
    }
    // Up to it: every breach its own notification to each, as before.
    const each = await notes(few.created.id);
    expect(each).toHaveLength(9);
    expect([...new Set(each.map((note) => note.to))].sort()).toEqual(recipients(few));
    for (const note of each) {
      expect(note.caseId).toBe(few.created.id);
      expect(note.title).toMatch(/^Termijn overschreden: /);
    }

    // The inbox shows the summary, without any case reference, and the deadline list has the five.
    const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token: many.token });
    const [summary] = inbox.body.items.filter((item) => item.kind === 'deadline_breached');
    expect(summary).toMatchObject({ caseId: null, subjectId: null, title: '5 termijnen overschreden' });
    expect(summary.body).not.toMatch(/VT-\d{4}-/);
    const listed = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/deadlines?status=breached&limit=50', {
      token: many.token,
    });
    expect(listed.body.items.filter((item) => item.caseId === many.created.id)).toHaveLength(5);
  });

  it('keeps timers in Redis only within the horizon, and adds them as the deadline comes near', async () => {
    const { created } = await directedCase();
    const [far] = await insertDeadlines(hub.db, created.id, 1, () => new Date(Date.now() + 10 * 86_400_000));
    const reconciler = worker.get(DeadlineReconciler);
    await withQueue(prefix, async (queue) => {
      await reconcileNow(reconciler);
      // Due in ten days, reminded a day before: nothing within the 48-hour horizon yet.
      expect(await queue.getJob(timerJobId(far.id, far.version, 0))).toBeUndefined();
      expect(await queue.getJob(timerJobId(far.id, far.version, 'breach'))).toBeUndefined();
      clock.jumpTo(new Date(Date.now() + 8.5 * 86_400_000));
      const result = await reconcileNow(reconciler);
      expect(await queue.getJobState(timerJobId(far.id, far.version, 0))).toBe('delayed');
      expect(await queue.getJobState(timerJobId(far.id, far.version, 'breach'))).toBe('delayed');
      // Coming within the horizon is not a repair.
      expect(result.scheduled).toBeGreaterThanOrEqual(1);
      expect(result.repaired).toBe(0);
    });
  });

  it('rebuilds every timer after Redis is wiped, and processes what fell due meanwhile once', async () => {
    const { created } = await directedCase();
    const soon = Date.now() + 3_000;
    const rows = await insertDeadlines(hub.db, created.id, 1000, (i) =>
      i < 100 ? new Date(soon) : new Date(Date.now() + 1.5 * 86_400_000),
    );
    const reconciler = worker.get(DeadlineReconciler);
    await reconcileNow(reconciler);
    await redis.flushdb();
    // The hundred fall due while no timer exists for them.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon - Date.now()) + 500));
    const repaired = await reconcileNow(reconciler);
    // Without the previous run's record every missing job is a repair: the thousand and any older ones.
    expect(repaired.repaired).toBeGreaterThanOrEqual(1000);
    expect(repaired.scheduled).toBe(0);
    expect(repaired.overdue).toBeGreaterThanOrEqual(100);
    const breached = () =>
      count(
        hub.db,
        `SELECT count(*)::int AS n FROM deadlines WHERE case_id = $1 AND kind = 'action' AND status = 'breached'`,
        [created.id],
      );
    await until('the hundred breaches', breached, (n) => n === 100, 60_000);
    // The nine hundred still ahead have their breach jobs again (the hundred's may still be draining).
    const exists = await Promise.all(
      rows
        .filter((row) => row.due_at > new Date(soon))
        .map((row) => redis.exists(`${prefix}:${DEADLINE_QUEUE}:${timerJobId(row.id, row.version, 'breach')}`)),
    );
    expect(exists).toEqual(Array(900).fill(1));
    await reconcileNow(reconciler);
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(100);
  }, 120_000);

  it('shows queue health on /metrics', async () => {
    const res = await fetch(`${hub.metricsUrl}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/vt_deadline_jobs\{state="delayed"\} \d+/);
    expect(text).toMatch(/vt_deadline_oldest_overdue_open_seconds \d/);
    expect(text).toMatch(/vt_deadline_reconciler_repaired\{scope="total"\} \d+/);
  });
});

describe('a worker killed in the middle of a burst of breaches', () => {
  const prefix = `t-${randomBytes(5).toString('hex')}`;
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await isolatedDatabase('kill');
    hub = await startHub(hubEnv(database.url, prefix));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await hub.close();
    await obliterateQueue(prefix);
    await database.drop();
  });

  /** The real worker, from its sources, in a process of its own. */
  function startWorker(): ChildProcess {
    return fork(path.join(__dirname, '../apps/worker/src/main.ts'), [], {
      execArgv: ['-r', path.join(__dirname, 'support/swc-register.cjs')],
      // Small batches, so the burst takes long enough to be cut off in the middle.
      env: { ...process.env, ...hubEnv(database.url, prefix), DEADLINE_BREACH_BATCH_SIZE: '5' },
      stdio: 'ignore',
    });
  }

  it('leaves exactly one breach and one notification per recipient for every deadline after a restart', async () => {
    const vt = await veiligThuis(hub);
    await member(hub, vt.org, ['supervisor']);
    const created = await openCase(hub, vt.caseworker.token, caseBody());
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    await insertDeadlines(hub.db, created.id, 1000, () => new Date(Date.now() - 60_000));
    const breached = () =>
      count(hub.db, `SELECT count(*)::int AS n FROM deadlines WHERE case_id = $1 AND status = 'breached'`, [
        created.id,
      ]);

    // The worker's start-up reconciliation queues all thousand; it dies part of the way through.
    child = startWorker();
    const before = await until('the first breaches', breached, (n) => n >= 50, 60_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const atKill = await breached();
    expect(atKill).toBeGreaterThanOrEqual(before);
    expect(atKill).toBeLessThan(1000);

    child = startWorker();
    await until('all breaches after the restart', breached, (n) => n === 1000, 90_000);
    child.kill('SIGTERM');
    expect(await expectBreachedOnce(hub.db, created.id, 3)).toBe(1000);
  }, 180_000);
});
