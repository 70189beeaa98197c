import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const DATA_DIR = resolve(__dirname, '../../../.data');

export async function postgresAnswers(url: string): Promise<boolean> {
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** The wanted port when it is free, else the next free one above it. */
export async function freePort(wanted: number): Promise<number> {
  for (let port = wanted; port < wanted + 200; port++) if (await portIsFree(port)) return port;
  throw new Error(`geen vrije poort vanaf ${wanted} / no free port from ${wanted}`);
}

function which(program: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extraDirs];
  return dirs.map((dir) => join(dir, program)).find((path) => existsSync(path));
}

function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

export interface PrivateService {
  url: string;
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'Installeer PostgreSQL en Redis (Debian: apt-get install postgresql redis-server), zet DATABASE_URL en ' +
  'REDIS_URL, of gebruik `docker compose up`. / Install PostgreSQL and Redis, set DATABASE_URL and ' +
  'REDIS_URL, or use `docker compose up`.';

/**
 * A private PostgreSQL cluster under .data/postgres, reused on later runs. PostgreSQL refuses to
 * run as root, so as root the cluster belongs to the `postgres` system user.
 */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const dirs = postgresBinDirs();
  const initdb = which('initdb', dirs);
  const pgCtl = which('pg_ctl', dirs);
  if (!initdb || !pgCtl) throw new Error(`initdb/pg_ctl niet gevonden / not found. ${INSTALL_HINT}`);
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: 'pipe' })
      : execFileSync(program, args, { stdio: 'pipe' });
  const dir = join(DATA_DIR, 'postgres');
  const cluster = join(dir, 'cluster');
  mkdirSync(dir, { recursive: true });
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    run(initdb, ['-D', cluster, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  }
  const port = await freePort(55432);
  run(pgCtl, [
    '-D',
    cluster,
    '-l',
    join(dir, 'postgres.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    '-w',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/vt_hub`,
    stop: async () => {
      run(pgCtl, ['-D', cluster, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** A private Redis as a child process, keeping nothing on disk. */
export async function startPrivateRedis(): Promise<PrivateService> {
  const server = which('redis-server');
  if (!server) throw new Error(`redis-server niet gevonden / not found. ${INSTALL_HINT}`);
  const dir = join(DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README'), 'Private Redis of `npm run demo`; nothing is kept on disk.\n');
  const port = await freePort(56379);
  const child: ChildProcess = spawn(
    server,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore', detached: true },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
