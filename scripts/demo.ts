import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from './seed-data';
import {
  freePort,
  INSTALL_HINT,
  postgresAnswers,
  PrivateService,
  redisAnswers,
  startPrivatePostgres,
  startPrivateRedis,
} from './demo/services';

/**
 * `npm run demo`: finds or starts PostgreSQL and Redis, migrates, seeds, and runs api, worker and
 * the demo source holders until Ctrl+C. See the README's quick start.
 */
const DIST = resolve(__dirname, '..');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/vt_hub';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const SOURCE_HOLDERS = [
  { organisation: 'gi', port: 4101 },
  { organisation: 'rvdk', port: 4102 },
  { organisation: 'zvh', port: 4103 },
];

interface Running {
  name: string;
  child: ChildProcess;
  tail: string[];
}

const running: Running[] = [];
const privateServices: PrivateService[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Picks the database and Redis: explicit URLs, else the local servers, else private instances. */
async function services(): Promise<{ databaseUrl: string; redisUrl: string }> {
  const forcePrivate = process.env.DEMO_PRIVATE_SERVICES === '1';
  const pick = async (
    label: string,
    variable: 'DATABASE_URL' | 'REDIS_URL',
    fallback: string,
    answers: (url: string) => Promise<boolean>,
    startPrivate: () => Promise<PrivateService>,
  ): Promise<string> => {
    const explicit = process.env[variable];
    if (explicit) {
      if (await answers(explicit)) return explicit;
      throw new Error(`${label} op ${variable} antwoordt niet / does not answer: ${explicit}`);
    }
    if (!forcePrivate && (await answers(fallback))) return fallback;
    say(`${label}: eigen exemplaar onder .data/ wordt gestart / starting a private instance under .data/`);
    const service = await startPrivate();
    privateServices.push(service);
    return service.url;
  };
  return {
    databaseUrl: await pick('PostgreSQL', 'DATABASE_URL', DEFAULT_DATABASE_URL, postgresAnswers, startPrivatePostgres),
    redisUrl: await pick('Redis', 'REDIS_URL', DEFAULT_REDIS_URL, redisAnswers, startPrivateRedis),
  };
}

function databaseUrlFor(hubUrl: string, database: string): string {
  const url = new URL(hubUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs a built script to completion; its output is shown only when it fails. */
function runOnce(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(DIST, script), ...args], { env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${name} mislukt / failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}

/** Starts a long-running app with its lines prefixed by its name. */
function start(name: string, script: string, env: NodeJS.ProcessEnv): Running {
  // Its own process group: Ctrl+C reaches only this script, which then stops the apps in order.
  const child = spawn(process.execPath, [resolve(DIST, script)], { env, stdio: 'pipe', detached: true });
  const entry: Running = { name, child, tail: [] };
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      entry.tail = [...entry.tail.slice(-19), line];
      process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`\n${name} stopte onverwacht / exited unexpectedly (${signal ?? code}). Laatste regels:\n`);
    process.stderr.write(`${entry.tail.join('\n')}\n`);
    void stop(1);
  });
  running.push(entry);
  return entry;
}

async function waitUntilReady(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const tail = running.find((r) => r.name === name)?.tail.join('\n') ?? '';
  throw new Error(`${name} werd niet gereed / did not become ready at ${url}:\n${tail}`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const service of privateServices) await service.stop().catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Whatever ends this script, no app is left running without it.
  process.on('exit', () => running.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL')));
  const { databaseUrl, redisUrl } = await services();
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
  };
  say('Database migreren en demo-gegevens laden / migrating and seeding ...');
  await runOnce('migrate', 'scripts/migrate.js', ['run'], base);
  await runOnce('seed', 'scripts/seed.js', [], base);

  const apiPort = await freePort(Number(process.env.API_PORT ?? 3000));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  start('api', 'apps/api/src/main.js', { ...base, API_PORT: String(apiPort), API_HOST: '127.0.0.1' });
  start('worker', 'apps/worker/src/main.js', base);
  const holders: { name: string; url: string }[] = [];
  for (const holder of SOURCE_HOLDERS) {
    const env = {
      ...base,
      SOURCE_HOLDER_ORGANISATION: holder.organisation,
      SOURCE_HOLDER_DATABASE_URL: databaseUrlFor(databaseUrl, `vt_sh_${holder.organisation}`),
      SOURCE_HOLDER_PORT: String(await freePort(holder.port)),
    };
    await runOnce(`migrate source holder ${holder.organisation}`, 'apps/source-holder/src/migrate.js', ['run'], env);
    const name = `bron-${holder.organisation}`;
    start(name, 'apps/source-holder/src/main.js', env);
    holders.push({ name, url: `http://127.0.0.1:${env.SOURCE_HOLDER_PORT}` });
  }
  await waitUntilReady('api', apiUrl);
  for (const holder of holders) await waitUntilReady(holder.name, holder.url);

  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  say('');
  say('================================================================================');
  say(' Veilig Thuis casusregie (demo) draait / is running');
  say(`   API:            ${apiUrl}/api/v1`);
  say(`   API-documentatie: ${apiUrl}/docs`);
  for (const holder of holders) say(`   ${holder.name.padEnd(16)}${holder.url}`);
  say(`   PostgreSQL:     ${databaseUrl}`);
  say(`   Redis:          ${redisUrl}`);
  say('');
  say(` Inloggen / log in: POST ${apiUrl}/api/v1/auth/login {"email": ..., "password": ...}`);
  say(` Wachtwoord voor alle demo-gebruikers / password of every demo user: ${password}`);
  for (const user of DEMO_USERS) say(`   ${user.email.padEnd(width)}  ${user.roles.join(', ')}`);
  say('');
  say(' Ctrl+C stopt alles / stops everything.');
  say('================================================================================');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  if (!(error instanceof Error) || !error.message.includes(INSTALL_HINT)) process.stderr.write(`${INSTALL_HINT}\n`);
  void stop(1);
});
