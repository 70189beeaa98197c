import { JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { HubConfig } from './hub-config';
import { JOB_QUEUE, JobDataMap, JobName, JobNameOf, QueueName } from './jobs';
import { createRedis } from './redis-connection';

/** One job to add: its name and data as the registry types them, and the id that makes adding it twice a no-op. */
export interface QueuedJob<N extends JobNameOf<QueueName>> {
  name: N;
  data: JobDataMap[N];
  jobId: string;
  /** From now; default at once. */
  delayMs?: number;
}

/** A job the worker runs on a schedule, under a scheduler id that makes setting it up again a no-op. */
interface PeriodicJob {
  schedulerId: string;
  everyMs(config: HubConfig): number;
  /** Each run's options; BullMQ's defaults when absent. */
  options?: Omit<JobsOptions, 'jobId' | 'delay' | 'repeat'>;
  /** Also run once now: an existing scheduler's next run may be a whole interval away. */
  alsoNow?: true;
}

/** The worker's periodic jobs, with their schedulers' ids, intervals and options in one place. */
const PERIODIC_JOBS = {
  'audit.verify-chains': {
    schedulerId: 'audit-verify-chains',
    everyMs: (config) => config.audit.verifyIntervalSeconds * 1000,
  },
  'audit.checkpoint-chains': {
    schedulerId: 'audit-checkpoint-chains',
    everyMs: (config) => config.audit.checkpointIntervalSeconds * 1000,
  },
  // An `every` scheduler also runs once at once: whatever fell due while no worker ran is processed now.
  'deadline.reconcile': { schedulerId: 'deadline-reconcile', everyMs: () => 5 * 60 * 1000 },
  // The outbox sweep every few seconds, and once now for what was left while no worker ran.
  'notification.dispatch-email': {
    schedulerId: 'notification-email-dispatch',
    everyMs: (config) => config.mail.pollMs,
    options: { removeOnComplete: true, removeOnFail: 100 },
    alsoNow: true,
  },
  'lookup.detail-sweep': {
    schedulerId: 'lookup-detail-sweep',
    everyMs: () => 60 * 1000,
    options: { removeOnComplete: true, removeOnFail: 100 },
  },
} satisfies Partial<Record<JobName, PeriodicJob>>;

export type PeriodicJobName = keyof typeof PERIODIC_JOBS;

/**
 * The one way a periodic job is scheduled, on the queue of its name (refused on another). The
 * scheduler is upserted by its id, so every start of the worker keeps one per job.
 */
export async function schedulePeriodicJob(queue: Queue, name: PeriodicJobName, config: HubConfig): Promise<void> {
  if (queue.name !== JOB_QUEUE[name]) {
    throw new Error(`job ${name} runs on queue ${JOB_QUEUE[name]}, not ${queue.name}`);
  }
  const job: PeriodicJob = PERIODIC_JOBS[name];
  await queue.upsertJobScheduler(
    job.schedulerId,
    { every: job.everyMs(config) },
    { name, data: {}, ...(job.options ? { opts: job.options } : {}) },
  );
  if (job.alsoNow) await queue.add(name, {}, job.options);
}

/**
 * A BullMQ queue for adding jobs, connected on first use. It fails fast when Redis is away instead
 * of queueing commands: the database holds the truth, and a sweep or reconciler adds what was lost.
 * Each caller logs its own failures, so the queue's reconnect noise is dropped (the connection
 * logs its loss and return once).
 */
export class ProducerQueue<Q extends QueueName = QueueName> {
  private connection?: Redis;
  private instance?: Queue;

  constructor(
    protected readonly config: HubConfig,
    readonly name: Q,
  ) {}

  /**
   * Adds jobs of this queue's names only, with the queue's options for all of them; each queue's
   * one typed function (`LookupsQueue.step`, `MailQueue.send`, `DeadlineQueue.schedule`) calls it
   * with the ids and options of its jobs, so those are set in one place.
   */
  protected async addJobs<N extends JobNameOf<Q>>(
    jobs: QueuedJob<N>[],
    options: Omit<JobsOptions, 'jobId' | 'delay'>,
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: { ...options, jobId: job.jobId, delay: Math.max(0, job.delayMs ?? 0) },
      })),
    );
  }

  get queue(): Queue {
    if (!this.instance) {
      this.connection = createRedis(this.config, 'producer');
      this.instance = new Queue(this.name, { connection: this.connection, prefix: this.config.redisPrefix });
      this.instance.on('error', () => undefined);
    }
    return this.instance;
  }

  async close(): Promise<void> {
    await this.instance?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
