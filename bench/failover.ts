import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DEADLINE_QUEUE } from '@vt/deadlines';
import { LoggedProcess, SentinelSetup, startLogged, startSentinelSetup, until } from './sentinel';
import { freePort, freshDatabase, login, PASSWORD, passwordHash, print } from './support';

/**
 * Scale-out and failover (issue 20): two api processes behind HAProxy and two workers, against one
 * PostgreSQL and Redis through Sentinel (a master, a replica and three sentinels on loopback, in a
 * temporary directory). Under a bounded load through the balancer (FAILOVER_CLIENTS closed-loop
 * clients: reads, note writes and logins), FAILOVER_BURST deadlines fall due in the same second
 * and FAILOVER_TRICKLE more over the next FAILOVER_SPREAD seconds. Just after the burst falls due
 * the Redis master is killed (SIGKILL); once the sentinels have promoted the replica and the hub
 * answers again, one api and one worker are killed (SIGKILL) as well.
 *
 * Then it checks, and exits non-zero when one fails: every deadline breached, each exactly once
 * (one audit entry, one timeline event, and one notification per recipient: the regisseur and the
 * two supervisors); every answer a 200 or 201, or a 503 while the hub had no Redis (so
 * no 500, no 429); no request without an answer from an api (502 or a closed connection) but
 * those in flight on the killed api;
 * every note answered 201 stored once; every audit chain verifies. Needs HAProxy (`apt-get install
 * haproxy`) and `redis-server` on the PATH.
 */

const ORGS = Number(process.env.FAILOVER_ORGS ?? 4);
const BURST = Number(process.env.FAILOVER_BURST ?? 2000);
const TRICKLE = Number(process.env.FAILOVER_TRICKLE ?? 400);
const SPREAD_S = Number(process.env.FAILOVER_SPREAD ?? 40);
const LEAD_S = Number(process.env.FAILOVER_LEAD ?? 60);
const CLIENTS = Number(process.env.FAILOVER_CLIENTS ?? 4);
const MASTER = 'vt-bench';
const PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const TOTAL = BURST + TRICKLE;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * Regie organisations, each with a caseworker (the regisseur), two supervisors and a privacy
 * officer; a platform organisation whose privacy officer verifies the anonymous chain; and one
 * action deadline per case: BURST due at `due`, TRICKLE spread over the SPREAD seconds after it.
 */
async function generate(db: DataSource, due: Date): Promise<{ privacyOfficers: string[]; readers: Reader[] }> {
  const hash = await passwordHash();
  await db.query(
    `INSERT INTO organisations (slug, name, kind, region)
     SELECT 'bench-' || n, 'Bench ' || n, CASE WHEN n < $1 THEN 'veilig_thuis' ELSE 'platform' END, 'region-' || n
       FROM generate_series(0, $1) n`,
    [ORGS],
  );
  await db.query(
    `INSERT INTO users (organisation_id, name, email, password_hash, roles)
     SELECT o.id, 'Bench', r.role || '-' || o.slug || '-' || r.i || '@bench.example', $1, ARRAY[r.role]
       FROM organisations o
       JOIN (VALUES ('caseworker', 0, 'veilig_thuis'), ('supervisor', 0, 'veilig_thuis'), ('supervisor', 1, 'veilig_thuis'),
                    ('privacy_officer', 0, 'veilig_thuis'), ('privacy_officer', 0, 'platform')) r(role, i, kind)
         ON r.kind = o.kind`,
    [hash],
  );
  await db.query(
    `INSERT INTO cases (reference, organisation_id, phase, acute, received_at, regie_organisation_id,
         regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons)
     SELECT 'VT-2026-' || lpad(g::text, 6, '0'), o.id, 'follow_up', false, now() - interval '2 days', o.id, u.id,
            ARRAY['partner_violence'], '{}', 'elevated', '{}'
       FROM generate_series(1, $1) g
       JOIN organisations o ON o.slug = 'bench-' || (g % $2)
       JOIN users u ON u.email = 'caseworker-' || o.slug || '-0@bench.example'
      ORDER BY g`,
    [TOTAL, ORGS],
  );
  await db.query(
    `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories, added_at)
     SELECT id, seq, organisation_id, 'statutory', 'Wmo 2015 art. 4.1.1', ARRAY['basic','safety','narrative'], received_at
       FROM cases ORDER BY seq`,
  );
  // One action per case, started an hour before it is due (so no reminder is planned).
  await db.query(
    `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
     SELECT id, 'action', t - interval '1 hour', t, 'open'
       FROM (SELECT id, $1::timestamptz + CASE WHEN rn <= $2 THEN interval '0'
                                               ELSE make_interval(secs => (rn - $2::int) * $3::float8 / $4::int) END AS t
               FROM (SELECT id, row_number() OVER (ORDER BY seq) AS rn FROM cases) c) x`,
    [due, BURST, SPREAD_S, TRICKLE],
  );
  await db.query('VACUUM ANALYZE');
  const emails = async (role: string) =>
    (
      (await db.query(`SELECT email FROM users WHERE $1 = ANY(roles) ORDER BY email`, [role])) as { email: string }[]
    ).map((row) => row.email);
  const readers: Reader[] = [];
  for (const email of await emails('caseworker')) {
    const rows = (await db.query(
      `SELECT c.id FROM cases c JOIN users u ON u.id = c.regisseur_user_id WHERE u.email = $1 ORDER BY c.seq LIMIT 50`,
      [email],
    )) as { id: string }[];
    readers.push({ email, caseIds: rows.map((row) => row.id) });
  }
  return { privacyOfficers: await emails('privacy_officer'), readers };
}

function hubEnv(databaseUrl: string, redis: SentinelSetup, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    ...redis.env,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    // The load is four users on one address, far above what the request limits allow a person.
    LOGIN_MAX_PER_ADDRESS: '100000',
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    ...extra,
  };
  // Either one server or the sentinels: the hub refuses both.
  delete env.REDIS_URL;
  delete env.SMTP_URL;
  return env;
}

function haproxyConfig(port: number, apiPorts: number[]): string {
  return [
    'global',
    '  maxconn 256',
    '  log stdout format raw local0',
    'defaults',
    '  mode http',
    // Only the requests that went wrong are logged.
    '  log global',
    '  option httplog',
    '  option dontlog-normal',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A request that reached no api, or whose api died before answering, goes to the other one;
    // never a POST once sent (it may have been carried out).
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    'frontend hub',
    `  bind 127.0.0.1:${port}`,
    '  default_backend apis',
    'backend apis',
    '  balance roundrobin',
    '  http-request disable-l7-retry if METH_POST',
    // A fresh connection per request: one sent to an api that has just died is refused, and goes
    // to the other, instead of being written into a dead kept-alive connection.
    '  option http-server-close',
    '  option httpchk GET /health/live',
    '  default-server inter 500 fall 2 rise 2',
    ...apiPorts.map((p, i) => `  server api${i + 1} 127.0.0.1:${p} check`),
    '',
  ].join('\n');
}

interface Answer {
  status: number;
  body: string;
}

/** A regisseur and the cases it reads and writes notes in. */
interface Reader {
  email: string;
  caseIds: string[];
}

/** The load: closed-loop clients through the balancer, each response counted by status. */
class Load {
  readonly statuses = new Map<string, number>();
  /** When each login was sent and how it was answered. */
  readonly logins: { at: number; status: string }[] = [];
  /** Requests that got no HTTP answer: when they were sent and failed, what, and the error. */
  readonly unanswered: { at: number; failedAt: number; request: string; error: string }[] = [];
  /** Notes answered 201. */
  notesCreated = 0;
  requests = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly readers: Reader[],
  ) {}

  private count(key: string): void {
    this.requests++;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  private noAnswer(at: number, method: string, path: string, error: string): void {
    const request = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}`;
    this.unanswered.push({ at, failedAt: Date.now(), request, error });
  }

  /**
   * One request on a connection of its own (no keep-alive): a request without an answer is then
   * one the balancer had taken, never one caught by the close of a kept-alive connection.
   */
  private call(method: string, path: string, token: string | null, body?: unknown): Promise<Answer | null> {
    const at = Date.now();
    const payload = body ? JSON.stringify(body) : undefined;
    return new Promise((done) => {
      const req = request(
        `${this.url}${path}`,
        {
          method,
          agent: false,
          timeout: 30_000,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            this.count(String(res.statusCode));
            // The balancer's 502: the api died before it answered.
            if (res.statusCode === 502) this.noAnswer(at, method, path, 'balancer answered 502');
            done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          });
          res.on('error', fail);
        },
      );
      const fail = (error: Error) => {
        this.count(`network: ${error.message}`);
        this.noAnswer(at, method, path, error.message);
        done(null);
      };
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', fail);
      req.end(payload);
    });
  }

  private async loop(client: number, token: string): Promise<void> {
    const { email, caseIds } = this.readers[client % this.readers.length];
    for (let i = 0; this.running; i++) {
      const caseId = caseIds[i % caseIds.length];
      const step = i % 20;
      if (step === 0) {
        // A login every 20 requests: the path that needs Redis (its throttle), 503 without it.
        const at = Date.now();
        const res = await this.call('POST', '/api/v1/auth/login', null, { email, password: PASSWORD });
        this.logins.push({ at, status: res ? String(res.status) : 'network' });
        if (res?.status === 200) token = (JSON.parse(res.body) as { accessToken: string }).accessToken;
      } else {
        const res =
          step % 4 === 0
            ? await this.call('POST', `/api/v1/cases/${caseId}/notes`, token, {
                category: 'narrative',
                text: `Bench ${client}-${i}`,
              })
            : step % 2 === 0
              ? await this.call('GET', `/api/v1/cases/${caseId}`, token)
              : await this.call('GET', '/api/v1/me', token);
        if (step % 4 === 0 && res?.status === 201) this.notesCreated++;
      }
      if (!this.running) break;
    }
  }

  async start(): Promise<void> {
    const tokens = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => login(this.url, this.readers[i % this.readers.length].email)),
    );
    tokens.forEach((token, i) => this.loops.push(this.loop(i, token)));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Lines of a worker or api log that are warnings or errors, counted by message. */
async function logSummary(proc: LoggedProcess): Promise<string[]> {
  const text = await readFile(proc.log, 'utf8').catch(() => '');
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!/^\{"level":"(warn|error)"|^\[ioredis\]/.test(line)) continue;
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 120);
    const error = /"error":"([^"]{0,80})/.exec(line)?.[1];
    const key = error ? `${msg}: ${error}` : msg;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${proc.name}: ${n} x ${key}`);
}

async function main(): Promise<void> {
  for (const [command, args] of [
    ['haproxy', ['-v']],
    ['redis-server', ['--version']],
  ] as const) {
    if (spawnSync(command, [...args]).status !== 0) {
      throw new Error(
        `${command} not found; on Debian: apt-get install ${command === 'haproxy' ? 'haproxy' : 'redis-server'}`,
      );
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'vt-failover-'));
  const processes: LoggedProcess[] = [];
  const database = await freshDatabase();
  let redis: SentinelSetup | undefined;
  let failed = true;
  try {
    print(
      `failover: ${ORGS} regie organisations, ${BURST} deadlines due in one second and ${TRICKLE} over the next ` +
        `${SPREAD_S} s, ${CLIENTS} clients, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
    );
    redis = await startSentinelSetup(dir, MASTER);
    const sentinel = redis;
    const due = new Date(Math.ceil((Date.now() + LEAD_S * 1000) / 1000) * 1000);
    const { privacyOfficers, readers } = await generate(database.db, due);

    const apiPorts = [await freePort(), await freePort()];
    const node = (name: string, script: string, extra: Record<string, string>) =>
      startLogged(name, dir, process.execPath, [resolve(__dirname, script)], hubEnv(database.url, sentinel, extra));
    // Workers first: the start-up reconcile of one of them schedules every deadline's breach job.
    const workers = [1, 2].map((n) => node(`worker-${n}`, '../apps/worker/src/main.js', { LOG_LEVEL: 'log' }));
    // Each api on one host needs its own metrics port too.
    const metricsPorts = [await freePort(), await freePort()];
    const apis = apiPorts.map((port, i) =>
      node(`api-${i + 1}`, '../apps/api/src/main.js', {
        API_PORT: String(port),
        METRICS_PORT: String(metricsPorts[i]),
      }),
    );
    processes.push(...workers, ...apis);
    await until('apis ready', 60_000, async () =>
      (await Promise.all(apiPorts.map(ready))).every(Boolean) ? true : undefined,
    );
    const balancerPort = await freePort();
    const haproxyConf = join(dir, 'haproxy.cfg');
    await writeFile(haproxyConf, haproxyConfig(balancerPort, apiPorts));
    const balancer = startLogged('haproxy', dir, 'haproxy', ['-f', haproxyConf, '-db']);
    processes.push(balancer);
    const url = `http://127.0.0.1:${balancerPort}`;
    await until('balancer up', 20_000, async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined));
    const masterRedis = new Redis({ port: redis.masterPort, lazyConnect: true });
    const delayed = await until('breach jobs scheduled', 60_000, async () => {
      const n = await masterRedis.zcard(`${PREFIX}:${DEADLINE_QUEUE}:delayed`);
      return n >= TOTAL ? n : undefined;
    });
    masterRedis.disconnect();
    const margin = due.getTime() - Date.now();
    print(
      `hub up: 2 apis behind HAProxy, 2 workers; ${delayed} breach jobs delayed, ${seconds(margin)} s before the burst`,
    );
    if (margin < 5_000) throw new Error('the hub was not ready 5 s before the burst; raise FAILOVER_LEAD');

    const load = new Load(url, readers);
    await load.start();
    await sleep(due.getTime() + 300 - Date.now());

    // The Redis master dies while the burst is being breached.
    const killedAt = Date.now();
    await redis.master.kill('SIGKILL');
    const requestsAtKill = load.requests;
    const promoted = await until('replica promoted', 60_000, async () =>
      (await sentinel.currentMaster()) === sentinel.replicaPort ? Date.now() : undefined,
    );
    const recovered = await until('apis ready again', 60_000, async () =>
      (await Promise.all(apiPorts.map(ready))).every(Boolean) ? Date.now() : undefined,
    );
    print(
      `Redis master killed ${killedAt - due.getTime()} ms after the burst fell due; sentinels promoted the replica ` +
        `after ${seconds(promoted - killedAt)} s; both apis ready again after ${seconds(recovered - killedAt)} s`,
    );
    await sleep(Math.max(0, killedAt + 8_000 - Date.now()));
    const secondKill = Date.now();
    await Promise.all([apis[0].kill('SIGKILL'), workers[0].kill('SIGKILL')]);
    // The api still accepts connections until its exit, a few milliseconds after the signal.
    const secondKillDone = Date.now();
    print(
      `api-1 and worker-1 killed (SIGKILL) ${seconds(secondKill - killedAt)} s after the master, ` +
        `gone ${secondKillDone - secondKill} ms after the signal`,
    );

    // The load runs until the last deadline is due and a little after.
    await sleep(Math.max(0, due.getTime() + SPREAD_S * 1000 + 5_000 - Date.now()));
    await load.stop();
    const lastDue = due.getTime() + SPREAD_S * 1000;
    const breachedAll = await until('every deadline breached', 180_000, async () => {
      const [{ open }] = (await database.db.query(
        `SELECT count(*)::int AS open FROM deadlines WHERE status = 'open'`,
      )) as {
        open: number;
      }[];
      return open === 0 ? Date.now() : undefined;
    }).catch((error: Error) => {
      print(error.message);
      return null;
    });

    const [figures] = (await database.db.query(
      `SELECT (SELECT count(*) FROM deadlines WHERE status = 'breached')::int AS breached,
              (SELECT count(*) FROM audit_entries WHERE purpose = 'breach')::int AS audits,
              (SELECT count(DISTINCT subject_id) FROM audit_entries WHERE purpose = 'breach')::int AS audited,
              (SELECT count(*) FROM case_events WHERE type = 'deadline_breached')::int AS events,
              (SELECT count(DISTINCT data->>'deadlineId') FROM case_events WHERE type = 'deadline_breached')::int AS evented,
              (SELECT count(*) FROM notifications WHERE kind = 'deadline_breached')::int AS notifications,
              (SELECT count(DISTINCT (subject_id, recipient_user_id)) FROM notifications WHERE kind = 'deadline_breached')::int AS notified,
              (SELECT max(extract(epoch FROM breached_at - due_at)) FROM deadlines)::float8 AS max_lag,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM breached_at - due_at)) FROM deadlines)::float8 AS p50_lag`,
    )) as {
      breached: number;
      audits: number;
      audited: number;
      events: number;
      evented: number;
      notifications: number;
      notified: number;
      max_lag: number;
      p50_lag: number;
    }[];

    const verified: string[] = [];
    for (const email of privacyOfficers) {
      const token = await login(url, email);
      const platform = email.includes(`bench-${ORGS}-`);
      const res = await fetch(`${url}/api/v1/audit/verify${platform ? '?chain=anonymous' : ''}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { valid?: boolean; checked?: number };
      const chain = platform ? 'anonymous' : /-(bench-\d+)-/.exec(email)?.[1];
      verified.push(`${chain}: ${res.status} valid=${body.valid} checked=${body.checked}`);
      if (!res.ok || body.valid !== true) verified.push('  ^ does not verify');
    }

    const byStatus = [...load.statuses].sort(([a], [b]) => a.localeCompare(b));
    const windowLogins = new Map<string, number>();
    for (const { at, status } of load.logins) {
      if (at >= killedAt && at <= recovered) windowLogins.set(status, (windowLogins.get(status) ?? 0) + 1);
    }
    print(
      `requests through the balancer: ${load.requests} (${requestsAtKill} before the master was killed); by status: ` +
        byStatus.map(([status, n]) => `${status} ${n}`).join(', '),
    );
    // A request on the api while it is killed (from the signal to its exit) gets no answer from
    // it: the balancer answers 502 or closes the connection (it may have been carried out, so it
    // is not sent again). Only those are allowed.
    const inFlight = (u: { at: number; failedAt: number }) => u.at <= secondKillDone && u.failedAt >= secondKill;
    for (const u of load.unanswered) {
      print(
        `  no answer: ${u.request} sent ${seconds(u.at - killedAt)} s, failed ${seconds(u.failedAt - killedAt)} s ` +
          `after the master was killed ` +
          `(${inFlight(u) ? 'in flight when api-1 was killed' : 'NOT in flight at a kill'}): ${u.error}`,
      );
    }
    const [notes] = (await database.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT text)::int AS distinct FROM case_notes WHERE text LIKE 'Bench %'`,
    )) as { n: number; distinct: number }[];
    const unansweredNotes = load.unanswered.filter((u) => u.request.endsWith('/notes')).length;
    print(
      `notes: ${load.notesCreated} answered 201, ${unansweredNotes} without an answer; in the database ${notes.n} ` +
        `(${notes.distinct} distinct)`,
    );
    print(
      `logins sent between the kill and both apis ready again: ` +
        ([...windowLogins].map(([status, n]) => `${status} ${n}`).join(', ') || 'none'),
    );
    print(
      `breaches: expected ${TOTAL}, breached ${figures.breached}, audit entries ${figures.audits} (${figures.audited} deadlines), ` +
        `timeline events ${figures.events} (${figures.evented} deadlines)`,
    );
    print(
      `notifications: expected ${3 * TOTAL} (regisseur and two supervisors), seen ${figures.notifications} ` +
        `(${figures.notified} distinct deadline and recipient)`,
    );
    print(
      `breach lag after due_at: p50 ${figures.p50_lag?.toFixed(1)} s, max ${figures.max_lag?.toFixed(1)} s; ` +
        `last deadline due ${seconds(lastDue - killedAt)} s after the master was killed, all breached ` +
        `${breachedAll ? `${seconds(breachedAll - lastDue)} s after it` : 'never'}`,
    );
    print(`audit chains: ${verified.join('; ')}`);
    const late = (await database.db.query(
      `SELECT floor(extract(epoch FROM due_at) - $1 / 1000.0)::int AS due_s, count(*)::int AS n,
              max(extract(epoch FROM breached_at - due_at))::float8 AS max_lag
         FROM deadlines WHERE breached_at - due_at > interval '3 seconds' GROUP BY 1 ORDER BY 1`,
      [killedAt],
    )) as { due_s: number; n: number; max_lag: number }[];
    for (const row of late) {
      print(
        `  breached more than 3 s late: ${row.n} due ${row.due_s} s after the kill, up to ${row.max_lag.toFixed(1)} s`,
      );
    }
    for (const proc of [...workers, ...apis]) for (const line of await logSummary(proc)) print(`  ${line}`);

    const problems: string[] = [];
    for (const [status] of byStatus) {
      // Reads answer 200, notes 201, logins 200 or, without Redis, 503; 502 and no answer at all
      // are checked below (only in flight on the killed api): anything else is wrong.
      if (!/^(200|201|502|503|network: .*)$/.test(status)) problems.push(`responses with ${status}`);
    }
    if (load.unanswered.filter(inFlight).length > CLIENTS || load.unanswered.some((u) => !inFlight(u))) {
      problems.push('requests without an answer other than those in flight on the killed api');
    }
    if (notes.n !== notes.distinct || notes.n < load.notesCreated || notes.n > load.notesCreated + unansweredNotes) {
      problems.push('notes lost or written twice');
    }
    if (load.statuses.has('500')) problems.push('a 500');
    if (figures.breached !== TOTAL) problems.push('not every deadline breached');
    if (figures.audits !== TOTAL || figures.audited !== TOTAL)
      problems.push('breach audit entries not exactly one per deadline');
    if (figures.events !== TOTAL || figures.evented !== TOTAL)
      problems.push('breach events not exactly one per deadline');
    if (figures.notifications !== 3 * TOTAL || figures.notified !== 3 * TOTAL) {
      problems.push('breach notifications not exactly one per deadline and recipient');
    }
    if (verified.some((line) => line.includes('does not verify'))) problems.push('an audit chain does not verify');
    if (problems.length > 0) throw new Error(`failover check failed: ${problems.join('; ')} (logs in ${dir})`);
    print('failover: all checks passed');
    failed = false;
  } finally {
    for (const proc of processes.reverse()) await proc.kill('SIGTERM');
    await redis?.stop();
    await database.drop();
    if (!failed) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
