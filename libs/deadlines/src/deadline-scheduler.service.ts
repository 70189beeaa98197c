import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Clock, CLOCK, HUB_CONFIG, HubConfig, JobDataMap, ProducerQueue } from '@vt/common';
import { Queue } from 'bullmq';
import { CalendarService } from './calendar.service';
import { Deadline, DeadlineKind } from './deadline.entity';
import { DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';
import { DeadlinesRepository } from './deadlines.repository';
import { latestDueRemindedBy, reminderTimes } from './reminders';

export const DEADLINE_QUEUE = 'deadlines' as const;

export type TimerJob =
  | { name: 'deadline.reminder'; data: JobDataMap['deadline.reminder']; jobId: string; at: Date }
  | { name: 'deadline.breach'; data: JobDataMap['deadline.breach']; jobId: string; at: Date };

/** Job ids follow from the deadline and its version: re-adding is a no-op, a moved deadline gets new ids. */
export function timerJobId(deadlineId: string, version: number, step: 'breach' | number): string {
  return `dl-${deadlineId}-v${version}-${step === 'breach' ? 'breach' : `r${step}`}`;
}

/** The `deadlines` queue, connected on first use; its one typed way in is `schedule`. */
class DeadlineQueue extends ProducerQueue<typeof DEADLINE_QUEUE> {
  async schedule(jobs: TimerJob[], now: Date): Promise<void> {
    await this.addJobs(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        jobId: job.jobId,
        delayMs: job.at.getTime() - now.getTime(),
      })),
      {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        // Kept for the failed-jobs metric; the reconciler replaces it.
        removeOnFail: false,
      },
    );
  }
}

/**
 * The one place that turns deadline rows into delayed BullMQ jobs. The database is the truth:
 * jobs carry ids only, and the processors reload the row, so a lost, late or repeated job is
 * harmless; the reconciler adds whatever is missing. Only jobs due within the horizon are kept in
 * Redis: a million open deadlines over ten weeks would otherwise hold gigabytes there, and a
 * rebuild after a wipe would have to add them all.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private readonly producer: DeadlineQueue;
  private readonly reach = CaseReach.system('deadline-timers');

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    private readonly deadlines: DeadlinesRepository,
    private readonly calendars: CalendarService,
  ) {
    // Fails fast when Redis is away: the caller's transaction has committed, the reconciler repairs.
    this.producer = new DeadlineQueue(config, DEADLINE_QUEUE);
  }

  get deadlineQueue(): Queue {
    return this.producer.queue;
  }

  /** The Redis key of a job, for checking many at once (BullMQ's own layout: prefix:queue:id). */
  jobKey(jobId: string): string {
    return `${this.config.redisPrefix}:${DEADLINE_QUEUE}:${jobId}`;
  }

  /** Jobs due up to this moment are kept in Redis now. */
  horizonEnd(now: Date = this.clock.now()): Date {
    return new Date(now.getTime() + this.policy.timerHorizonHours * 3_600_000);
  }

  /** Deadlines of this kind due after this moment have no job due by `until`. */
  latestDueWithJobBy(kind: DeadlineKind, until: Date): Date {
    return latestDueRemindedBy(until, this.policy.reminders[kind], this.calendars.calendar());
  }

  /**
   * The jobs an open deadline should have: its reminders not yet sent, and its breach; with
   * `until`, only those due by then.
   */
  plan(deadline: Deadline, sentReminders: ReadonlySet<number> = new Set(), until?: Date): TimerJob[] {
    return this.allJobs(deadline, sentReminders).filter((job) => !until || job.at <= until);
  }

  private allJobs(deadline: Deadline, sentReminders: ReadonlySet<number>): TimerJob[] {
    const { id: deadlineId, version } = deadline;
    const reminders = reminderTimes(deadline, this.policy.reminders[deadline.kind], this.calendars.calendar());
    return [
      ...reminders.flatMap((at, index) =>
        sentReminders.has(index)
          ? []
          : [
              {
                name: 'deadline.reminder' as const,
                data: { deadlineId, version, index },
                jobId: timerJobId(deadlineId, version, index),
                at,
              },
            ],
      ),
      {
        name: 'deadline.breach',
        data: { deadlineId, version },
        jobId: timerJobId(deadlineId, version, 'breach'),
        at: deadline.dueAt,
      },
    ];
  }

  async add(jobs: TimerJob[]): Promise<void> {
    await this.producer.schedule(jobs, this.clock.now());
  }

  /**
   * After a commit: open deadlines get their jobs within the horizon (and lose those of their
   * previous version); met, breached or cancelled ones lose theirs. Never throws: Redis trouble is
   * repaired later.
   */
  async sync(deadlineIds: string[]): Promise<void> {
    if (deadlineIds.length === 0) return;
    try {
      const rows = await this.deadlines.byIds(this.reach, deadlineIds);
      const sent = await this.sentReminders(rows);
      const stale: string[] = [];
      const wanted: TimerJob[] = [];
      const until = this.horizonEnd();
      for (const row of rows) {
        if (row.status === 'open') wanted.push(...this.plan(row, sent.get(row.id), until));
        else stale.push(...this.plan(row).map((job) => job.jobId));
        if (row.version > 1) {
          stale.push(...this.plan({ ...row, version: row.version - 1 } as Deadline).map((job) => job.jobId));
        }
      }
      await Promise.all(stale.map((jobId) => this.deadlineQueue.remove(jobId)));
      await this.add(wanted);
    } catch (error) {
      this.logger.warn({
        msg: 'deadline timers not synced; the reconciler will repair',
        deadlines: deadlineIds.length,
        error: String(error),
      });
    }
  }

  /** Reminders already sent per deadline (of its current version). */
  async sentReminders(rows: Deadline[]): Promise<Map<string, Set<number>>> {
    const sent = new Map<string, Set<number>>();
    if (rows.length === 0) return sent;
    const found = await this.deadlines.sentReminders(
      this.reach,
      rows.map((row) => row.id),
    );
    for (const { deadline_id, index } of found) {
      sent.set(deadline_id, (sent.get(deadline_id) ?? new Set()).add(index));
    }
    return sent;
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }
}
