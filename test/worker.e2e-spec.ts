import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, Queue, QueueEvents } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { HubConfig, loadHubConfig } from '../libs/common/src';
import { loadDeadlinePolicy } from '../libs/deadlines/src';
import { isolatedDatabase } from './support/hub';

describe('worker', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let config: HubConfig;
  let worker: INestApplicationContext;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    // A database of its own: the audit sweep walks every chain there is, and other files' chains
    // (some broken on purpose) are not this test's business.
    database = await isolatedDatabase('worker');
    config = loadHubConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_PREFIX: `t-${randomBytes(5).toString('hex')}`,
      LOG_LEVEL: 'warn',
    });
    const connection = { url: config.redisUrl };
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, loadDeadlinePolicy()), {
      logger: ['error'],
    });
    await worker.init();
    queue = new Queue('maintenance', { connection, prefix: config.redisPrefix });
    events = new QueueEvents('maintenance', { connection, prefix: config.redisPrefix });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await events.close();
    await queue.close();
    await database.drop();
  });

  it('boots without HTTP, schedules the audit chain check and runs it', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.name)).toContain('audit.verify-chains');
    const job = await queue.add('audit.verify-chains', {});
    await job.waitUntilFinished(events, 20_000);
    expect(await queue.getJobState(job.id as string)).toBe('completed');
  });

  it('drains on shutdown: a job taken before the signal finishes, none is left active', async () => {
    const job: Job = await queue.add('audit.verify-chains', {});
    // Taken by the worker: asked, not waited for as an event, which may come before a listener.
    while (!['active', 'completed'].includes(await queue.getJobState(job.id as string))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.close();
    expect(await queue.getJobState(job.id as string)).toBe('completed');
    expect(await queue.getActiveCount()).toBe(0);
  });
});
