import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import type { RedisConfig } from './redis-config';

/**
 * How a connection behaves while Redis is away. `request`: commands fail at once (the caller
 * answers 503 or leaves the repair to the reconciler); `blocking`: BullMQ workers, whose commands
 * must wait for the reconnect however long it takes (BullMQ requires maxRetriesPerRequest null).
 */
export type RedisUse = 'request' | 'producer' | 'blocking';

const BEHAVIOUR: Record<RedisUse, RedisOptions> = {
  request: { maxRetriesPerRequest: 2, enableOfflineQueue: false },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false },
  blocking: { maxRetriesPerRequest: null },
};

/**
 * The options of every Redis connection the hub makes, from the validated configuration. With
 * Sentinel, ioredis asks the sentinels for the master on every (re)connect and checks the node's
 * role, so after a failover each connection finds the promoted replica by itself.
 */
export function redisOptions(config: RedisConfig, use: RedisUse): RedisOptions {
  const sentinel = config.redisSentinel;
  if (!sentinel) return { ...BEHAVIOUR[use] };
  return {
    ...BEHAVIOUR[use],
    sentinels: sentinel.sentinels.map(({ host, port }) => ({ host, port })),
    name: sentinel.name,
    password: sentinel.password,
    sentinelPassword: sentinel.sentinelPassword,
    // An old master that comes back is demoted and answers writes with READONLY: reconnect, which
    // asks the sentinels again, and resend the command to the new master.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}

const logger = new Logger('Redis');

/**
 * A new connection to the configured Redis, single server or through Sentinel. ioredis reports
 * every failed reconnect attempt; the log gets the loss once and the return once.
 */
export function createRedis(config: RedisConfig, use: RedisUse): Redis {
  const options = redisOptions(config, use);
  const redis = config.redisSentinel ? new Redis(options) : new Redis(config.redisUrl, options);
  let lost = false;
  redis.on('error', (error: Error) => {
    if (!lost) logger.warn({ msg: 'redis connection lost', use, error: error.message });
    lost = true;
  });
  redis.on('ready', () => {
    if (lost) logger.log({ msg: 'redis connection restored', use });
    lost = false;
  });
  return redis;
}
