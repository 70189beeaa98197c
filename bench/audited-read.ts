import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOrganisationWithUsers, login, print, printAgainstFloor, runBench, verify, withApiCpu } from './support';

/**
 * The database's own rate for the SQL of one audited `/me`, as pgbench runs it with the same
 * connections and duration: the statements the api sends per request, each its own autocommitted
 * round trip as there. The token's user and session re-read, the read itself, and the audit append
 * in one statement (head moved and entry inserted, both or neither) on a chain per pgbench client.
 * The api shares one append and its commit between concurrent requests (group commit); here each
 * request commits its own. What the api adds on top (HTTP, JSON, JWT, hashing, Nest) is the gap.
 */
const FLOOR_SCRIPT = `
SELECT u.roles, u.active, u.organisation_id, o.kind,
       EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = gen_random_uuid() AND t.revoked_at IS NULL)
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ':uid';
SELECT u.id, u.organisation_id, u.name, u.email, u.roles, u.active, u.created_at, o.name, o.kind
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ':uid';
\\set chain_no :client_id + 1
WITH head AS (UPDATE audit_chain_heads SET last_seq = last_seq + 1, last_hash = md5(random()::text) || md5(random()::text)
    WHERE chain_id = (':chain' || lpad(':chain_no', 12, '0'))::uuid RETURNING chain_id, last_seq)
INSERT INTO audit_entries (chain_id, seq, occurred_at, actor_user_id, actor_organisation_id,
    actor_roles, action, subject_type, subject_id, subject_organisation_id, person_refs, outcome, request_id,
    client_address, prev_hash, hash)
  SELECT chain_id, last_seq, now(), ':uid', ':org', ARRAY['caseworker'], 'read', 'User', ':uid', ':org', '{}',
    'success', gen_random_uuid()::text, '127.0.0.1', repeat('0', 64), md5(random()::text) || md5(random()::text)
    FROM head;
`;

async function databaseFloor(url: string, vars: Record<string, string>, connections: number, duration: number) {
  const dir = await mkdtemp(join(tmpdir(), 'vt-bench-audited-read-'));
  try {
    const script = join(dir, 'floor.sql');
    await writeFile(script, FLOOR_SCRIPT);
    // -l logs every transaction's time, from which the floor's own p50 and p99 come.
    const args = ['-n', '-c', String(connections), '-j', '2', '-T', String(duration), '-f', script];
    args.push('-l', `--log-prefix=${join(dir, 'tx')}`);
    for (const [name, value] of Object.entries(vars)) args.push('-D', `${name}=${value}`);
    const { stdout } = await promisify(execFile)('pgbench', [...args, url], { cwd: dir });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
    if (!tps || !processed) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return {
      tps: Number(tps[1]),
      latencyMs: latency ? Number(latency[1]) : Number.NaN,
      transactions: Number(processed[1]),
      ...(await loggedLatencies(dir)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** p50 and p99 of pgbench's per-transaction log: the third field of each line is its time in µs. */
async function loggedLatencies(dir: string): Promise<{ p50Ms: number; p99Ms: number }> {
  const micros: number[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.startsWith('tx.'))) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) micros.push(Number(fields[2]));
    }
  }
  if (micros.length === 0) throw new Error('pgbench logged no transactions');
  micros.sort((a, b) => a - b);
  const at = (q: number) => micros[Math.min(micros.length - 1, Math.floor(q * micros.length))] / 1000;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

/**
 * Audited authenticated read (`GET /api/v1/me`) beside `GET /health/live` of the same build in the
 * same run. Every /me response waits for its committed audit entry, which the run then counts.
 */
runBench(async ({ database, startApi }) => {
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const { organisationId, users } = await createOrganisationWithUsers(database.db, [
    ['caseworker'],
    ['privacy_officer'],
  ]);
  const [reader, officer] = users;
  const api = await startApi();
  // One token serves the whole run: access tokens live 15 minutes.
  const token = await login(api.url, reader.email);
  let meRate = 0;
  let meP99 = 0;
  print(`audited-read: ${connections} connections, ${duration} s per endpoint, ${new Date().toISOString()}`);
  for (const [label, path, headers] of [
    ['GET /health/live', '/health/live', {}],
    ['GET /api/v1/me', '/api/v1/me', { authorization: `Bearer ${token}` }],
  ] as const) {
    const { result, perRequestMs } = await withApiCpu(
      api,
      () => autocannon({ url: `${api.url}${path}`, connections, duration, headers }),
      (r) => r['2xx'],
    );
    print(
      `${label.padEnd(18)} ${result.requests.average.toFixed(0).padStart(6)} req/s   ` +
        `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ` +
        `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}   ` +
        `api CPU ${perRequestMs.toFixed(2)} ms/request`,
    );
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: failed responses`);
    if (path === '/api/v1/me') {
      meRate = result.requests.average;
      meP99 = result.latency.p99;
      // Lets the requests abandoned at the stop finish before counting.
      await new Promise((r) => setTimeout(r, 1000));
      const [row] = (await database.db.query(
        `SELECT count(*)::int AS n FROM audit_entries
            WHERE actor_user_id = $1 AND action = 'read' AND subject_type = 'User' AND outcome = 'success'`,
        [reader.id],
      )) as { n: number }[];
      // Up to one request per connection is still in flight when autocannon stops: it is audited
      // and answered, but not counted. Fewer entries than 2xx would be an unaudited read.
      const extra = row.n - result['2xx'];
      print(
        `audit entries for /me: ${row.n}, 2xx responses: ${result['2xx']} ` +
          `(${extra === 0 ? 'equal' : `${extra} more: requests in flight at the stop`})`,
      );
      if (extra < 0 || extra > connections) throw new Error('audit entries do not match answered reads');
    }
  }
  // A chain per pgbench client (as the api appends to many organisations' chains at once), none of
  // them the verified one: the floor's rows carry made-up hashes. Their heads exist already, as
  // after the api's first append to a chain.
  const chain = '00000000-0000-4000-8000-';
  await database.db.query(
    `INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash)
     SELECT ($1 || lpad(n::text, 12, '0'))::uuid, 0, repeat('0', 64) FROM generate_series(1, $2::int) n`,
    [chain, connections],
  );
  const floor = await databaseFloor(
    database.url,
    { uid: reader.id, org: organisationId, chain },
    connections,
    duration,
  );
  // Each pass must have appended its entry (an append that matched no head would write nothing);
  // up to one per client more were under way when pgbench stopped counting.
  const [appended] = (await database.db.query(
    `SELECT coalesce(sum(last_seq), 0)::int AS n FROM audit_chain_heads WHERE chain_id::text LIKE $1 || '%'`,
    [chain],
  )) as { n: number }[];
  if (appended.n < floor.transactions || appended.n > floor.transactions + connections) {
    throw new Error(`floor appended ${appended.n} entries in ${floor.transactions} transactions`);
  }
  print(
    `database floor (pgbench, same SQL per request, app role) ${floor.tps.toFixed(0).padStart(6)} tps   ` +
      `latency average ${floor.latencyMs.toFixed(1)} ms   p50 ${floor.p50Ms.toFixed(1)} ms   p99 ${floor.p99Ms.toFixed(1)} ms`,
  );
  printAgainstFloor(
    'GET /api/v1/me rate',
    { value: meRate, unit: 'req/s' },
    { value: floor.tps, unit: 'tps' },
    'pgbench, same SQL per request',
  );
  printAgainstFloor(
    'GET /api/v1/me p99',
    { value: meP99, unit: 'ms' },
    { value: floor.p99Ms, unit: 'ms' },
    "pgbench's own p99, same SQL per request",
  );
  const verified = await verify(api.url, await login(api.url, officer.email));
  print(`chain verify (privacy officer): valid=${verified.valid} checked=${verified.checked}`);
  if (!verified.valid) throw new Error('audit chain did not verify');
});
