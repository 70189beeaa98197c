import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { createRedis } from '../libs/common/src';
import { SentinelSetup, startSentinelSetup, until } from '../bench/sentinel';
import { Hub, startHub } from './support/hub';

/** The port of the Redis server a connection is talking to now. */
async function portOf(redis: Redis): Promise<number> {
  const [, port] = (await redis.config('GET', 'port')) as [string, string];
  return Number(port);
}

/**
 * A real Sentinel setup (two redis-servers, three sentinels on loopback): the hub's connections,
 * built from REDIS_SENTINELS, follow the master through a failover without a restart.
 */
describe('Redis through Sentinel', () => {
  let dir: string;
  let sentinel: SentinelSetup;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vt-sentinel-'));
    sentinel = await startSentinelSetup(dir, 'vt-e2e');
  });

  afterAll(async () => {
    await sentinel?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the api, a connection and a BullMQ queue and worker working across the loss of the master', async () => {
    // REDIS_URL empty: the hub refuses a single server and sentinels both.
    const hub: Hub = await startHub({ ...sentinel.env, REDIS_URL: '' });
    const request = createRedis(hub.config, 'request');
    const blocking = createRedis(hub.config, 'blocking');
    const options = { connection: blocking, prefix: `t-${randomBytes(5).toString('hex')}` };
    const queue = new Queue('sentinel-e2e', options);
    const processed: string[] = [];
    const worker = new Worker('sentinel-e2e', async (job) => void processed.push(job.data.step as string), options);
    worker.on('error', () => undefined);
    queue.on('error', () => undefined);
    const ready = async () => (await fetch(`${hub.url}/health/ready`)).status;
    try {
      expect(await ready()).toBe(200);
      // A request connection refuses commands until it is connected (it fails fast, never queues).
      await until('connected', 30_000, async () => (request.status === 'ready' ? true : undefined));
      expect(await portOf(request)).toBe(sentinel.masterPort);
      await queue.add('step', { step: 'before' });
      await until('job before the failover', 30_000, async () => (processed.includes('before') ? true : undefined));

      await sentinel.master.kill('SIGKILL');
      // Readiness says so while there is no master, and the api keeps answering.
      await until('readiness 503', 30_000, async () => ((await ready()) === 503 ? true : undefined));
      await until('replica promoted', 60_000, async () =>
        (await sentinel.currentMaster()) === sentinel.replicaPort ? true : undefined,
      );
      await until('readiness 200 again', 60_000, async () => ((await ready()) === 200 ? true : undefined));

      // The same connections, not new ones, now write to the promoted replica.
      await until('a write on the new master', 30_000, async () =>
        (await request.set(`${options.prefix}:probe`, 'after')) === 'OK' ? true : undefined,
      );
      expect(await portOf(request)).toBe(sentinel.replicaPort);
      await until('job added after the failover', 30_000, async () => {
        await queue.add('step', { step: 'after' });
        return true;
      });
      await until('job after the failover', 60_000, async () => (processed.includes('after') ? true : undefined));
      expect(await portOf(blocking)).toBe(sentinel.replicaPort);
    } finally {
      await worker.close();
      await queue.close();
      request.disconnect();
      blocking.disconnect();
      await hub.close();
    }
  }, 180_000);
});
