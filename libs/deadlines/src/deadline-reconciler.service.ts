import { Inject, Injectable, Logger } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Clock, CLOCK, HUB_CONFIG, HubConfig, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DEADLINE_KINDS } from './deadline.entity';
import { DeadlineScheduler, TimerJob } from './deadline-scheduler.service';
import { DeadlinesRepository } from './deadlines.repository';

export interface ReconcileResult {
  /** Open deadlines with a reminder or breach due within the horizon. */
  checked: number;
  /** Open deadlines that had a job missing (or failed for good) that should have been there. */
  repaired: number;
  /** Of those, deadlines already past due: their breach job runs at once. */
  overdue: number;
  /** Open deadlines whose first job came within the horizon since the previous run. */
  scheduled: number;
}

const BATCH = 2000;
/** Longer than a run over a million deadlines takes on a small machine. */
const LOCK_MS = 15 * 60_000;

/** Where the worker leaves its last figures for the api's /metrics (the worker has no HTTP). */
export function reconcilerStatsKey(prefix: string): string {
  return `${prefix}:deadline-reconciler`;
}

/**
 * Rebuilds the timers from the database: every open deadline is checked against the queue, and
 * jobs that are missing (Redis lost, a sync that failed) or failed for good are added again.
 * Overdue ones get a breach job that runs at once, which breaches exactly once like any other.
 */
@Injectable()
export class DeadlineReconciler {
  private readonly logger = new Logger(DeadlineReconciler.name);
  private readonly reach = CaseReach.system('deadline-reconciler');

  constructor(
    private readonly deadlines: DeadlinesRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  /** Null when another run (another worker, or the previous period's) is still going. */
  async reconcile(): Promise<ReconcileResult | null> {
    const lock = `${reconcilerStatsKey(this.config.redisPrefix)}:lock`;
    const token = randomUUID();
    if ((await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      this.logger.log({ msg: 'deadline reconcile skipped: another run holds the lock' });
      return null;
    }
    try {
      return await this.run();
    } finally {
      // Only our own lock is released, never one taken over after ours expired.
      await this.redis.eval(
        `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`,
        1,
        lock,
        token,
      );
    }
  }

  private async run(): Promise<ReconcileResult> {
    const started = Date.now();
    const now = this.clock.now();
    const until = this.scheduler.horizonEnd(now);
    const statsKey = reconcilerStatsKey(this.config.redisPrefix);
    // Jobs due by the previous run's horizon end should exist; later ones are new to the horizon.
    // Without a previous run (first start, or Redis wiped) every missing job is a repair.
    const previous = await this.redis.hget(statsKey, 'horizonUntil');
    const expectedBy = previous === null ? Infinity : Number(previous);
    const result: ReconcileResult = { checked: 0, repaired: 0, overdue: 0, scheduled: 0 };
    const ids = await this.openWithin(until);
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.deadlines.byIds(this.reach, ids.slice(i, i + BATCH), 'open');
      const sent = await this.scheduler.sentReminders(rows);
      const planned = rows.map((row) => ({ row, jobs: this.scheduler.plan(row, sent.get(row.id), until) }));
      const jobs = planned.flatMap((p) => p.jobs);
      const missing = await this.missing(jobs);
      await this.scheduler.add(jobs.filter((job) => missing.has(job.jobId)));
      await this.promoteDue(jobs.filter((job) => !missing.has(job.jobId) && job.at <= now));
      for (const { row, jobs: own } of planned) {
        const absent = own.filter((job) => missing.has(job.jobId));
        if (absent.some((job) => job.at.getTime() <= expectedBy)) {
          result.repaired++;
          if (row.dueAt <= now) result.overdue++;
        } else if (absent.length > 0) result.scheduled++;
      }
      result.checked += rows.length;
    }
    await this.redis.hset(statsKey, {
      lastRunAt: new Date().toISOString(),
      lastChecked: result.checked,
      lastRepaired: result.repaired,
      horizonUntil: until.getTime(),
    });
    await this.redis.hincrby(statsKey, 'repairedTotal', result.repaired);
    const log = result.repaired > 0 ? 'warn' : 'log';
    this.logger[log]({ msg: 'deadlines reconciled', ...result, ms: Date.now() - started });
    return result;
  }

  /** Ids of the open deadlines with a job due by `until` (the kind's reminder leads say which), soonest first. */
  private openWithin(until: Date): Promise<string[]> {
    const bounds = new Map(DEADLINE_KINDS.map((kind) => [kind, this.scheduler.latestDueWithJobBy(kind, until)]));
    const latest = new Date(Math.max(...[...bounds.values()].map((bound) => bound.getTime())));
    return this.deadlines.openWithin(this.reach, bounds, latest);
  }

  /**
   * Jobs whose time has come by the clock but that still wait in the delayed set (the clock and
   * Redis disagree, or a test moved the clock) run now.
   */
  private async promoteDue(jobs: TimerJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const delayedKey = this.scheduler.jobKey('delayed');
    const scores = await Promise.all(jobs.map((job) => this.redis.zscore(delayedKey, job.jobId)));
    const queue = this.scheduler.deadlineQueue;
    for (const [i, job] of jobs.entries()) {
      // A job that started meanwhile cannot be promoted, and needs not be.
      if (scores[i] !== null) await (await queue.getJob(job.jobId))?.promote().catch(() => undefined);
    }
  }

  /**
   * Job ids with no live job: absent, or kept only as failed for good (their key holds
   * `finishedOn`; completed jobs are removed). A failed one is removed so it can be added again.
   */
  private async missing(jobs: TimerJob[]): Promise<Set<string>> {
    const pipeline = this.redis.pipeline();
    for (const job of jobs) {
      const key = this.scheduler.jobKey(job.jobId);
      pipeline.exists(key).hget(key, 'finishedOn');
    }
    const replies = (await pipeline.exec()) ?? [];
    const missing = new Set<string>();
    const failed: string[] = [];
    for (const [i, job] of jobs.entries()) {
      const [exists, finishedOn] = [replies[2 * i]?.[1], replies[2 * i + 1]?.[1]];
      if (exists === 0) missing.add(job.jobId);
      else if (finishedOn) failed.push(job.jobId);
    }
    await Promise.all(failed.map((jobId) => this.scheduler.deadlineQueue.remove(jobId)));
    failed.forEach((jobId) => missing.add(jobId));
    return missing;
  }
}
