import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { REPO_ROOT } from './paths';

/** The git-ignored folder of the private instances. */
export const DATA_DIR = join(REPO_ROOT, '.data');

/** Why PostgreSQL at `url` cannot be used, or undefined when it answers. */
export async function postgresProblem(url: string): Promise<string | undefined> {
  const server = new URL(url);
  // The target database may not exist yet (migrate creates it); the server is what matters.
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why Redis at `url` cannot be used, or undefined when it answers PING. */
export async function redisProblem(url: string): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() itself only rejects with "Connection is closed"; the cause comes as an event.
  let cause: string | undefined;
  redis.on('error', (error: Error) => (cause ??= error.message));
  try {
    await redis.connect();
    const answer = await redis.ping();
    return answer === 'PONG' ? undefined : `PING answered ${answer}`;
  } catch (error) {
    return cause ?? (error instanceof Error ? error.message : String(error));
  } finally {
    redis.disconnect();
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

// Ports handed out but perhaps not listened on yet, so two processes never get the same one.
const handedOut = new Set<number>();

/** The wanted port when it is free, else the next free one above it. */
export async function freePort(wanted: number): Promise<number> {
  for (let port = wanted; port < wanted + 100 && port <= 65535; port++) {
    if (!handedOut.has(port) && (await portIsFree(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`Geen vrije poort vanaf ${wanted} / no free port from ${wanted}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function pathDirs(): string[] {
  return (process.env.PATH ?? '').split(':').filter(Boolean);
}

/** Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<major>/bin. */
function debianPostgresDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, 'bin'));
}

/** A folder holding both initdb and pg_ctl, so their versions match. */
export function findPostgresBinDir(): string | undefined {
  return [...pathDirs(), ...debianPostgresDirs()].find(
    (dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl')),
  );
}

export function findRedisServer(): string | undefined {
  return pathDirs()
    .map((dir) => join(dir, 'redis-server'))
    .find(isExecutable);
}

export interface PrivateService {
  url: string;
  /** Synchronous, so it can also run from a process 'exit' handler; safe to call twice. */
  stop(): void;
  /** For the guardian, should the demo die first: its process, or the command that stops it. */
  guard: { pid: number } | { stopCommand: string[] };
}

function tailOf(file: string, lines = 15): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '';
}

function run(program: string, args: string[]): string {
  try {
    return execFileSync(program, args, { stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${program} ${args.join(' ')} mislukt / failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
}

/** uid and gid of the `postgres` system user, which owns the cluster when the demo runs as root. */
function postgresUser(): { uid: number; gid: number } {
  try {
    return { uid: Number(run('id', ['-u', 'postgres'])), gid: Number(run('id', ['-g', 'postgres'])) };
  } catch {
    throw new Error(
      'PostgreSQL weigert als root te draaien en er is geen gebruiker "postgres"; start de demo als gewone ' +
        'gebruiker. / PostgreSQL refuses to run as root and there is no "postgres" user; run the demo as an ' +
        'ordinary user.',
    );
  }
}

/**
 * A private PostgreSQL cluster under .data/postgres (trust authentication, only on 127.0.0.1 and a
 * socket inside the folder), created on the first run and reused after that.
 */
export async function startPrivatePostgres(binDir: string): Promise<PrivateService> {
  const dir = join(DATA_DIR, 'postgres');
  const cluster = join(dir, 'cluster');
  const log = join(dir, 'postgres.log');
  mkdirSync(dir, { recursive: true });
  // PostgreSQL refuses to run as root: as root the cluster belongs to the postgres system user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const command = (program: string, args: string[]) =>
    asRoot ? ['runuser', '-u', 'postgres', '--', join(binDir, program), ...args] : [join(binDir, program), ...args];
  const pg = (program: string, args: string[]) => {
    const [file, ...rest] = command(program, args);
    return run(file, rest);
  };

  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    pg('initdb', ['-D', cluster, '-U', 'postgres', '--auth=trust', '--encoding=UTF8']);
  }
  // A demo that was killed leaves its cluster running; stop it so this run owns it.
  if (existsSync(join(cluster, 'postmaster.pid'))) {
    try {
      pg('pg_ctl', ['-D', cluster, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Only a stale pid file: pg_ctl start below copes with it.
    }
  }
  const port = await freePort(55432);
  try {
    pg('pg_ctl', [
      '-D',
      cluster,
      '-l',
      log,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k "${dir}" -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${tailOf(log)}`, { cause: error });
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/vt_hub`,
    guard: { stopCommand: command('pg_ctl', ['-D', cluster, '-m', 'fast', '-w', 'stop']) },
    stop: () => {
      if (stopped) return;
      stopped = true;
      pg('pg_ctl', ['-D', cluster, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** Whether `pid` is a live redis-server (a pid file may outlive its process and the pid be reused). */
function isRedisProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return false;
  }
}

/** A private Redis under .data/redis that keeps nothing on disk; a child of the demo. */
export async function startPrivateRedis(server: string): Promise<PrivateService> {
  const dir = join(DATA_DIR, 'redis');
  const pidFile = join(dir, 'redis.pid');
  const log = join(dir, 'redis.log');
  mkdirSync(dir, { recursive: true });
  // A demo that was killed leaves its Redis running; stop it so it does not linger.
  if (existsSync(pidFile)) {
    const stale = Number(readFileSync(pidFile, 'utf8'));
    if (isRedisProcess(stale)) process.kill(stale, 'SIGTERM');
  }
  const port = await freePort(56379);
  // Detached: Ctrl+C reaches only the demo, which stops Redis after the apps that use it.
  const child = spawn(
    server,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--logfile',
      log,
    ],
    { stdio: 'ignore', detached: true },
  );
  const url = `redis://127.0.0.1:${port}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) break;
    if ((await redisProblem(url)) === undefined) return { url, stop, guard: { pid: child.pid! } };
    await new Promise((wake) => setTimeout(wake, 100));
  }
  stop();
  throw new Error(`redis-server startte niet / did not start on port ${port}:\n${tailOf(log)}`);
}
