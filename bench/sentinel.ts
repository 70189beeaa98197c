import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './support';

/** A child process whose output goes to `<dir>/<name>.log`; `kill` signals it and waits for the exit. */
export interface LoggedProcess {
  name: string;
  child: ChildProcess;
  log: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function startLogged(
  name: string,
  dir: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): LoggedProcess {
  const log = join(dir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    name,
    child,
    log,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls `probe` every 100 ms until it returns a value; a throw counts as not yet. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const limit = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // Not there yet.
    }
    if (Date.now() > limit) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export interface SentinelSetup {
  name: string;
  masterPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  /** REDIS_SENTINELS and REDIS_SENTINEL_NAME for the hub. */
  env: { REDIS_SENTINELS: string; REDIS_SENTINEL_NAME: string };
  master: LoggedProcess;
  /** The port the sentinels name as master now. */
  currentMaster(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Two redis-servers (a master and its replica, no persistence) and three sentinels watching them
 * (quorum 2, the master down after 1 s), all on free loopback ports, logs and configuration in
 * `dir`. Resolves once the replica is in sync and every sentinel knows it and the two others, so a
 * failover can happen from then on.
 */
export async function startSentinelSetup(dir: string, name: string): Promise<SentinelSetup> {
  const [masterPort, replicaPort, ...sentinelPorts] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const node = (role: string, port: number, extra: string[]) =>
    startLogged(`redis-${role}`, dir, 'redis-server', [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--dir', dir, '--dbfilename', `redis-${role}.rdb`, ...extra],
    ]);
  const master = node('master', masterPort, []);
  const processes = [master, node('replica', replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)])];
  for (const [i, port] of sentinelPorts.entries()) {
    // A sentinel rewrites its configuration file, so each has its own.
    const conf = join(dir, `sentinel-${i + 1}.conf`);
    await writeFile(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 10000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    );
    processes.push(startLogged(`sentinel-${i + 1}`, dir, 'redis-server', [conf, '--sentinel']));
  }
  const ask = async <T>(port: number, ...args: string[]): Promise<T> => {
    const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      return (await client.call(args[0], ...args.slice(1))) as T;
    } finally {
      client.disconnect();
    }
  };
  const stop = async () => {
    for (const proc of processes) await proc.kill('SIGTERM');
  };
  try {
    await until('replica in sync', 20_000, async () =>
      /master_link_status:up/.test(await ask<string>(replicaPort, 'INFO', 'replication')) ? true : undefined,
    );
    await until('sentinels ready', 30_000, async () => {
      for (const port of sentinelPorts) {
        const fields = await ask<string[]>(port, 'SENTINEL', 'MASTER', name);
        const field = (key: string) => Number(fields[fields.indexOf(key) + 1]);
        if (field('num-other-sentinels') < 2 || field('num-slaves') < 1) return undefined;
      }
      return true;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    masterPort,
    replicaPort,
    sentinelPorts,
    env: {
      REDIS_SENTINELS: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: name,
    },
    master,
    currentMaster: async () =>
      Number((await ask<[string, string]>(sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name))[1]),
    stop,
  };
}
