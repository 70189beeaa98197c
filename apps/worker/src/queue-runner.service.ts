import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  assertHandlersComplete,
  createRedis,
  HUB_CONFIG,
  HubConfig,
  JOB_HANDLERS,
  JOB_QUEUE,
  JobHandler,
  JobName,
  PeriodicJobName,
  QUEUES,
  QueueName,
  schedulePeriodicJob,
} from '@vt/common';
import { Job, Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';

/**
 * Breaches and reminders are short database transactions; many may fall due in one second. A mail
 * send holds a connection while SMTP answers, so few run at once (the transport pools as many).
 */
const CONCURRENCY: Record<QueueName, number> = { maintenance: 2, deadlines: 16, mail: 4, lookups: 8 };

/** Runs one BullMQ worker per queue and dispatches by job name to the registered handlers. */
@Injectable()
export class QueueRunnerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueRunnerService.name);
  private readonly workers: Worker[] = [];
  private readonly queues: Queue[] = [];
  private connection?: Redis;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandler[],
  ) {
    assertHandlersComplete(handlers);
  }

  async onApplicationBootstrap(): Promise<void> {
    // BullMQ workers block on Redis and must never give up on a command.
    this.connection = createRedis(this.config, 'blocking');
    const byName = new Map(this.handlers.map((handler) => [handler.name, handler]));
    for (const queueName of QUEUES) {
      const options = { connection: this.connection, prefix: this.config.redisPrefix };
      const queue = new Queue<unknown, unknown, JobName>(queueName, options);
      queue.on('error', (error) => this.logger.warn({ msg: 'queue error', queue: queueName, error: error.message }));
      this.queues.push(queue);
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = byName.get(job.name as JobName);
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          const attempts = job.opts.attempts ?? 1;
          await handler.handle(job.data as never, { attempt: job.attemptsMade + 1, attempts });
        },
        // A killed worker's jobs are taken up again within seconds, not the default minute. A fetch
        // or completion that failed while Redis was away is retried after 1 s instead of BullMQ's
        // 15 s: after a Sentinel failover (about 3 s) the worker would otherwise stand idle, and due
        // deadlines wait, for 15 s more (bench:failover showed breaches 17 s late).
        {
          ...options,
          concurrency: CONCURRENCY[queueName],
          lockDuration: 15_000,
          stalledInterval: 15_000,
          runRetryDelay: 1000,
        },
      );
      // Redis trouble (a lost key, a dropped connection) is logged; the reconciler repairs the timers.
      worker.on('error', (error) => this.logger.warn({ msg: 'queue error', queue: queueName, error: error.message }));
      worker.on('failed', (job, error) =>
        this.logger.warn({ msg: 'job failed', queue: queueName, job: job?.name, jobId: job?.id, error: error.message }),
      );
      this.workers.push(worker);
    }
    // The detail sweep is scheduled by its processor, which retries while Redis is away.
    const periodic: PeriodicJobName[] = [
      'audit.verify-chains',
      'audit.checkpoint-chains',
      'deadline.reconcile',
      'notification.dispatch-email',
    ];
    for (const name of periodic) await schedulePeriodicJob(this.queue(JOB_QUEUE[name]), name, this.config);
    this.logger.log({ msg: 'worker started', queues: QUEUES, jobs: [...byName.keys()] });
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.find((q) => q.name === name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  /** SIGTERM: stop taking jobs and let running ones finish (worker.close waits for them). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.connection?.quit().catch(() => undefined);
    this.logger.log({ msg: 'worker drained' });
  }
}
