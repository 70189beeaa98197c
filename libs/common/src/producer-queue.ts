import { JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { HubConfig } from './hub-config';
import { JobDataMap, JobNameOf, QueueName } from './jobs';
import { createRedis } from './redis-connection';

/** One job to add: its name and data as the registry types them, and the id that makes adding it twice a no-op. */
export interface QueuedJob<N extends JobNameOf<QueueName>> {
  name: N;
  data: JobDataMap[N];
  jobId: string;
  /** From now; default at once. */
  delayMs?: number;
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
