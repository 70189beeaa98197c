import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * What keeps two demos apart: a demo claims its hub and source-holder databases, its Redis key
 * prefix and (when it runs them) the private servers under .data/ before it changes anything, and
 * holds the claims while it runs. A second demo that finds one taken refuses to start and names it.
 */

/** Who holds a claim: what a refused demo prints. */
export interface DemoOwner {
  pid: number;
  host: string;
  api: string;
}

/** A claim held; `release` lets go of it (a claim also ends with the demo's process). */
export interface Claim {
  release(): Promise<void>;
}

/** A resource another demo holds. */
export interface Conflict {
  what: string;
  by: string;
}

export type ClaimResult = { claim: Claim } | { conflicts: Conflict[] };

export function thisDemo(apiUrl: string): DemoOwner {
  return { pid: process.pid, host: hostname(), api: apiUrl };
}

export function describeOwner(owner: DemoOwner): string {
  const where = owner.host === hostname() ? '' : ` op / on ${owner.host}`;
  return `demo pid ${owner.pid}${where}, api ${owner.api}`;
}

const SOMEONE = 'een andere demo / another demo';

/** Whether a claim's owner is a demo that has gone (on this machine; elsewhere it cannot be told). */
function isGone(owner: DemoOwner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
  // A reused pid: alive, but no demo.
  try {
    return !/scripts\/demo\.[jt]s/.test(readFileSync(`/proc/${owner.pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

function ownerOf(raw: string | null): DemoOwner | undefined {
  try {
    const parsed = JSON.parse(raw ?? '') as DemoOwner;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Arbitrary, the first key of the two-part advisory lock: "VT". */
const LOCK_CLASS = 0x5654;

function lockKey(database: string): number {
  return createHash('sha256').update(database).digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * Session advisory locks, one per database name, taken in the server's `postgres` database (the
 * demo's databases may not exist yet). The server drops them when the demo's connection ends, also
 * when the demo is killed. The session's application_name says who holds them.
 */
export async function claimDatabases(
  ownerUrl: string,
  databases: { label: string; name: string }[],
  owner: DemoOwner,
): Promise<ClaimResult> {
  const server = new URL(ownerUrl);
  server.pathname = '/postgres';
  const client = new Client({
    connectionString: server.toString(),
    application_name: describeOwner(owner).slice(0, 63),
  });
  // A server restart ends the claim; the demo itself notices through its apps.
  client.on('error', () => undefined);
  await client.connect();
  const conflicts: Conflict[] = [];
  for (const { label, name } of databases) {
    const key = lockKey(name);
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
      LOCK_CLASS,
      key,
    ]);
    if (rows[0].locked) continue;
    const holder = await client.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCK_CLASS, key],
    );
    conflicts.push({
      what: `${label} "${name}" (PostgreSQL ${server.host})`,
      by: holder.rows[0]?.application_name || SOMEONE,
    });
  }
  if (conflicts.length > 0) {
    await client.end();
    return { conflicts };
  }
  return { claim: { release: () => client.end() } };
}

const REDIS_TTL_MS = 30_000;
const REFRESH = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const REPLACE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return false`;

/**
 * A key `<prefix>:demo:lock` in the Redis database of `redisUrl`, holding its owner, kept alive while
 * the demo runs. A killed demo's key expires within 30 s, and sooner counts as gone when its process
 * is (on the same machine).
 */
export async function claimRedis(redisUrl: string, prefix: string, owner: DemoOwner): Promise<ClaimResult> {
  const url = new URL(redisUrl);
  const key = `${prefix}:demo:lock`;
  const value = JSON.stringify(owner);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const refused = (by: DemoOwner | undefined): ClaimResult => {
    redis.disconnect();
    const what = `Redis ${url.host} database ${url.pathname.slice(1) || '0'}, prefix "${prefix}"`;
    return { conflicts: [{ what, by: by ? describeOwner(by) : SOMEONE }] };
  };
  let taken = false;
  // A few rounds, for a key that expires or is replaced between two commands.
  for (let round = 0; round < 3 && !taken; round++) {
    taken = (await redis.set(key, value, 'PX', REDIS_TTL_MS, 'NX')) === 'OK';
    if (taken) break;
    const current = await redis.get(key);
    if (current === null) continue;
    const previous = ownerOf(current);
    if (!previous || !isGone(previous)) return refused(previous);
    taken = (await redis.eval(REPLACE, 1, key, current, value, REDIS_TTL_MS)) === 'OK';
  }
  if (!taken) return refused(undefined);
  const refresh = setInterval(
    () => void redis.eval(REFRESH, 1, key, value, REDIS_TTL_MS).catch(() => undefined),
    REDIS_TTL_MS / 3,
  );
  refresh.unref();
  return {
    claim: {
      release: async () => {
        clearInterval(refresh);
        await redis.eval(RELEASE, 1, key, value).catch(() => undefined);
        redis.disconnect();
      },
    },
  };
}

function releaseFile(file: string, value: string): void {
  try {
    if (readFileSync(file, 'utf8') === value) unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/**
 * `<dir>/demo-owner.json`, created exclusively: the private PostgreSQL and Redis under `dir` belong to
 * one demo at a time (another would stop them to start its own). One left by a demo that has gone is
 * taken over.
 */
export function claimDataDir(dir: string, owner: DemoOwner): ClaimResult {
  const file = join(dir, 'demo-owner.json');
  const value = JSON.stringify(owner);
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, value, { flag: 'wx' });
      return { claim: { release: async () => releaseFile(file, value) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const previous = ownerOf(readFileSync(file, 'utf8'));
    if (previous && !isGone(previous)) {
      return { conflicts: [{ what: `PostgreSQL/Redis onder / under ${dir}`, by: describeOwner(previous) }] };
    }
    unlinkSync(file);
  }
  return { conflicts: [{ what: `PostgreSQL/Redis onder / under ${dir}`, by: SOMEONE }] };
}
