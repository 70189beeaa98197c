import { DEV_DATABASE_URL, DEV_MIGRATION_DATABASE_URL, DEV_REDIS_URL } from '@vt/common';
import { Guardian } from './demo/guardian';
import {
  Claim,
  ClaimResult,
  claimDatabases,
  claimDataDir,
  claimRedis,
  Conflict,
  DemoOwner,
  thisDemo,
} from './demo/locks';
import { Supervisor } from './demo/processes';
import {
  DATA_DIR,
  findPostgresBinDir,
  findRedisServer,
  freePort,
  postgresProblem,
  PrivateService,
  redisProblem,
  startPrivatePostgres,
  startPrivateRedis,
} from './demo/services';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from './seed-data';
import { seedDemoCases } from './demo/demo-cases';
import { registerDemoSourceHolders } from './demo/demo-source-holders';
import { devHubSigningKey } from './dev-hub-key';
import { DEV_HUB_KEY_ID } from '@vt/lookups-protocol';
import { loadSourceHolderConfig } from '../apps/source-holder/src/source-holder-config';

/**
 * `npm run demo`: finds or starts PostgreSQL and Redis, migrates, seeds, runs api, worker and the
 * demo source holders, prints where they are and the demo logins, and stops everything on Ctrl+C.
 *
 * Honours MIGRATION_DATABASE_URL (the database owner) and REDIS_URL (used when set, must answer),
 * DATABASE_URL (the api's and worker's login role; by default vt_app_login on the owner's server and
 * database, created by the migrate step when missing), DEMO_PRIVATE_SERVICES=1 (private
 * PostgreSQL and Redis under .data/ even when local servers answer), API_PORT (default 3000),
 * DEMO_SOURCE_HOLDER_PORT (first source holder port, default 4101; their admin listeners follow the
 * four protocol ports; the api's metrics listener takes the port after the api's; busy ports are skipped),
 * DEMO_PASSWORD, LOG_LEVEL (default warn) and NODE_ENV (default development).
 *
 * Two demos never share state: each claims its databases, its Redis prefix (REDIS_PREFIX, default vt,
 * in REDIS_URL's database) and the private servers under .data/ before it changes anything, and a
 * second demo that finds one claimed refuses and says which (docs/demo.md). SIGINT, SIGTERM and
 * SIGHUP stop everything it started; should the demo be killed outright, its guardian does.
 */
/** Three partners' records and a custody register, each seeded to overlap the demo cases. */
const SOURCE_HOLDERS: { slug: string; mode: 'bronhouder' | 'gezag' }[] = [
  { slug: 'gi', mode: 'bronhouder' },
  { slug: 'rvdk', mode: 'bronhouder' },
  { slug: 'zvh', mode: 'bronhouder' },
  { slug: 'gezag', mode: 'gezag' },
];
/** Where the first source holder listens unless DEMO_SOURCE_HOLDER_PORT says otherwise (or it is busy). */
const DEFAULT_HOLDER_PORT = 4101;
/** The source holder that witnesses the hub's audit checkpoints. */
const AUDIT_WITNESS = 'rvdk';
const READY_TIMEOUT_MS = 90_000;
const privateServices: PrivateService[] = [];
const claims: Claim[] = [];
let shuttingDown = false;
const guardian = Guardian.start();
const supervisor = new Supervisor(guardian, (name, reason, tail) =>
  shutdown(1, `${name} stopte onverwacht / exited unexpectedly (${reason}). Laatste regels / last lines:\n${tail}`),
);

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A URL fit to print: without its password. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} moet een poortnummer zijn / must be a port number (got "${raw}")`);
  }
  return port;
}

interface ServiceSpec {
  label: string;
  variable: 'MIGRATION_DATABASE_URL' | 'REDIS_URL';
  fallback: string;
  problem: (url: string) => Promise<string | undefined>;
  /** Starts a private instance, or undefined when its programs are not installed. */
  privateStarter: () => (() => Promise<PrivateService>) | undefined;
  programs: string;
  debianPackage: string;
  brewPackage: string;
}

/** Where a service comes from, or why it cannot be had (`missing`: its programs are not installed). */
type Plan = { url: string } | { start: () => Promise<PrivateService> } | { problem: string; missing?: true };

/**
 * The URL in its variable when set (and it must answer); else the local default server; else a
 * private instance when its programs are installed. DEMO_PRIVATE_SERVICES=1 skips the local server.
 */
async function plan(spec: ServiceSpec): Promise<Plan> {
  const explicit = process.env[spec.variable];
  if (explicit) {
    const problem = await spec.problem(explicit);
    if (problem === undefined) return { url: explicit };
    return {
      problem:
        `${spec.label} op ${spec.variable}=${shown(explicit)} antwoordt niet / does not answer: ${problem}\n` +
        `  Start die server, of laat ${spec.variable} weg om de lokale of een eigen server te gebruiken. / ` +
        `Start that server, or unset ${spec.variable} to use the local or a private one.`,
    };
  }
  if (process.env.DEMO_PRIVATE_SERVICES !== '1') {
    const problem = await spec.problem(spec.fallback);
    if (problem === undefined) return { url: spec.fallback };
    say(`${spec.label} op / at ${shown(spec.fallback)} antwoordt niet / does not answer (${problem}).`);
  }
  const start = spec.privateStarter();
  if (start) return { start };
  return { problem: `${spec.label}: ${spec.programs} niet gevonden / not found.`, missing: true };
}

function installHint(missing: ServiceSpec[]): string {
  return (
    'Installeer / install:\n' +
    `  Debian/Ubuntu: sudo apt-get install ${missing.map((spec) => spec.debianPackage).join(' ')}\n` +
    `  macOS:         brew install ${missing.map((spec) => spec.brewPackage).join(' ')}\n` +
    `Of laat ${missing.map((spec) => spec.variable).join(' / ')} naar een draaiende server wijzen, of gebruik ` +
    '`docker compose up`. / Or point the variable at a running server, or use `docker compose up`.'
  );
}

/** Holds the claim, or throws the refusal that names what another demo holds. */
function hold(result: ClaimResult, refusal: (conflicts: Conflict[]) => string): void {
  if ('conflicts' in result) throw new Error(refusal(result.conflicts));
  claims.push(result.claim);
}

function conflictLines(conflicts: Conflict[]): string[] {
  return [
    'Deze demo start niet: een andere demo gebruikt al / This demo does not start: another demo already uses',
    ...conflicts.map(({ what, by }) => `  - ${what}: ${by}`),
  ];
}

async function services(owner: DemoOwner): Promise<{ databaseUrl: string; redisUrl: string }> {
  const specs: ServiceSpec[] = [
    {
      label: 'PostgreSQL',
      variable: 'MIGRATION_DATABASE_URL',
      fallback: DEV_MIGRATION_DATABASE_URL,
      problem: postgresProblem,
      privateStarter: () => {
        const binDir = findPostgresBinDir();
        return binDir ? () => startPrivatePostgres(binDir) : undefined;
      },
      programs: 'initdb/pg_ctl',
      debianPackage: 'postgresql',
      brewPackage: 'postgresql@16',
    },
    {
      label: 'Redis',
      variable: 'REDIS_URL',
      fallback: DEV_REDIS_URL,
      problem: redisProblem,
      privateStarter: () => {
        const server = findRedisServer();
        return server ? () => startPrivateRedis(server) : undefined;
      },
      programs: 'redis-server',
      debianPackage: 'redis-server',
      brewPackage: 'redis',
    },
  ];
  const plans = await Promise.all(specs.map(plan));
  // Every problem in one message, before anything is started.
  const problems = plans.flatMap((p) => ('problem' in p ? [p.problem] : []));
  const missing = specs.filter((_, index) => 'missing' in plans[index]);
  if (problems.length > 0) {
    throw new Error([...problems, ...(missing.length > 0 ? [installHint(missing)] : [])].join('\n'));
  }
  if (plans.some((p) => 'start' in p)) {
    // Another demo's private servers would be stopped to start these.
    hold(claimDataDir(DATA_DIR, owner), (conflicts) =>
      [
        ...conflictLines(conflicts),
        'Stop die demo, of laat MIGRATION_DATABASE_URL en REDIS_URL naar draaiende servers wijzen. / Stop that ' +
          'demo, or point MIGRATION_DATABASE_URL and REDIS_URL at running servers.',
      ].join('\n'),
    );
  }
  const urls: string[] = [];
  for (const [index, p] of plans.entries()) {
    if ('url' in p) {
      urls.push(p.url);
    } else if ('start' in p) {
      say(`${specs[index].label}: eigen exemplaar onder .data/ starten / starting a private instance under .data/ ...`);
      const service = await p.start();
      privateServices.push(service);
      if ('pid' in service.guard) guardian.watch(service.guard.pid);
      else guardian.onCleanup(service.guard.stopCommand);
      urls.push(service.url);
    }
  }
  return { databaseUrl: urls[0], redisUrl: urls[1] };
}

/**
 * The api's and worker's URL: DATABASE_URL when set (on the owner's database), else the development
 * login role of DEV_DATABASE_URL on the owner's server and database.
 */
function appDatabaseUrl(ownerUrl: string): string {
  const explicit = process.env.DATABASE_URL;
  const owner = new URL(ownerUrl);
  if (explicit) {
    const app = new URL(explicit);
    if (app.host !== owner.host || app.pathname !== owner.pathname) {
      throw new Error(
        `DATABASE_URL (${shown(explicit)}) en de eigenaar / and the owner (${shown(ownerUrl)}) moeten dezelfde ` +
          'database noemen / must name the same database; zet / set MIGRATION_DATABASE_URL.',
      );
    }
    return explicit;
  }
  const dev = new URL(DEV_DATABASE_URL);
  owner.username = dev.username;
  owner.password = dev.password;
  return owner.toString();
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The hub database's name; the source holders' names derive from it, so they must fit PostgreSQL's 63. */
function hubDatabaseOf(ownerUrl: string): string {
  const name = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  if (!/^[A-Za-z0-9_-]{1,54}$/.test(name)) {
    throw new Error(
      `MIGRATION_DATABASE_URL moet een database van 1 tot 54 tekens A-Z, a-z, 0-9, _ of - noemen / must name a ` +
        `database of 1 to 54 characters A-Z, a-z, 0-9, _ or - (got "${name}")`,
    );
  }
  return name;
}

/** The source holders' databases go with the hub's: vt_sh_<slug> beside vt_hub, <hub>_sh_<slug> beside another. */
function holderDatabase(hubDatabase: string, slug: string): string {
  return hubDatabase === 'vt_hub' ? `vt_sh_${slug}` : `${hubDatabase}_sh_${slug}`;
}

/**
 * Claims the hub's and the source holders' databases and the Redis prefix for this demo, or refuses
 * with what is taken and how to choose other names.
 */
async function claimState(ownerUrl: string, redisUrl: string, owner: DemoOwner): Promise<void> {
  const hubDatabase = hubDatabaseOf(ownerUrl);
  const prefix = process.env.REDIS_PREFIX || 'vt';
  const [databases, redis] = await Promise.all([
    claimDatabases(
      ownerUrl,
      [
        { label: 'de hub-database / the hub database', name: hubDatabase },
        ...SOURCE_HOLDERS.map(({ slug }) => ({
          label: `de database van bronhouder / the database of source holder ${slug}`,
          name: holderDatabase(hubDatabase, slug),
        })),
      ],
      owner,
    ),
    claimRedis(redisUrl, prefix, owner),
  ]);
  const conflicts = [databases, redis].flatMap((result) => ('conflicts' in result ? result.conflicts : []));
  const held = [databases, redis].flatMap((result) => ('claim' in result ? [result.claim] : []));
  if (conflicts.length === 0) {
    claims.push(...held);
    return;
  }
  await Promise.all(held.map((claim) => claim.release()));
  const redisServer = new URL(redisUrl);
  redisServer.pathname = `/${(Number(redisServer.pathname.slice(1) || 0) + 1) % 16}`;
  const otherHub = `${hubDatabase}_2`;
  const assignments = [
    ...('conflicts' in databases ? [`MIGRATION_DATABASE_URL=${shown(withDatabase(ownerUrl, otherHub))}`] : []),
    ...('conflicts' in redis ? [`REDIS_PREFIX=${prefix}-2`] : []),
  ];
  throw new Error(
    [
      ...conflictLines(conflicts),
      'Stop die demo, of geef deze eigen namen / Stop that demo, or give this one names of its own:',
      `  ${assignments.join(' ')} npm run demo`,
      ...('conflicts' in databases
        ? [
            `  De bronhouders krijgen dan / the source holders then get ${holderDatabase(otherHub, '<slug>')}` +
              (process.env.DATABASE_URL
                ? '; DATABASE_URL moet dezelfde database noemen / must name the same database.'
                : '.'),
          ]
        : []),
      ...('conflicts' in redis
        ? [
            `  Een eigen Redis-database kan ook / a Redis database of its own works too: REDIS_URL=${shown(redisServer.toString())}`,
          ]
        : []),
    ].join('\n'),
  );
}

function stopPrivateServices(): void {
  for (const service of [...privateServices].reverse()) {
    try {
      service.stop();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

async function shutdown(code: number, message?: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (message) process.stderr.write(`\n${message}\n`);
  else say('\nAlles wordt gestopt / stopping everything ...');
  await supervisor.stopAll();
  // Before the private Redis stops: the Redis claim is deleted there.
  await Promise.all(claims.map((claim) => claim.release().catch(() => undefined)));
  stopPrivateServices();
  guardian.release();
  if (code === 0) say('Gestopt / stopped.');
  process.exit(code);
}

function banner(
  apiUrl: string,
  metricsUrl: string,
  holders: { slug: string; url: string; adminUrl: string }[],
  database: { owner: string; app: string },
  redisUrl: string,
): void {
  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  // The one the source holders use: SOURCE_HOLDER_ADMIN_TOKEN when set, else their development default.
  const { adminToken } = loadSourceHolderConfig({
    NODE_ENV: 'development',
    SOURCE_HOLDER_ADMIN_TOKEN: process.env.SOURCE_HOLDER_ADMIN_TOKEN,
  });
  const privately = (url: string) =>
    privateServices.some((service) => service.url === url) ? '  (eigen exemplaar / private instance, .data/)' : '';
  const byDomain = new Map<string, string[]>();
  for (const { email } of DEMO_USERS) {
    const [local, domain] = email.split('@');
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), local]);
  }
  const domainWidth = Math.max(...[...byDomain.keys()].map((domain) => domain.length)) + 1;
  const example = JSON.stringify({ email: DEMO_USERS[0].email, password });
  const line = '='.repeat(100);
  say();
  say(line);
  say(' Casusregie-demo draait / case coordination demo is running');
  say();
  say(` Webapplicatie / web app       ${apiUrl}/`);
  say(` API                           ${apiUrl}/api/v1`);
  say(` API-documentatie / API docs   ${apiUrl}/docs`);
  for (const [index, holder] of holders.entries()) {
    say(
      ` ${index === 0 ? 'Bronhouders / source holders ' : ' '.repeat(29)} ${holder.slug.padEnd(5)} ${holder.url}` +
        `  beheer / admin ${holder.adminUrl}`,
    );
  }
  say(` Metrics (Prometheus)          ${metricsUrl}/metrics`);
  say(` Beheer-API bronhouders        GET <beheer-URL>/beheer/v1/verzoeken?status=IN_BEHANDELING`);
  say(`   / source holders' review    -H 'authorization: Bearer ${adminToken}'`);
  // demo-lookups.js finds the holders on the default ports by itself; moved ones it is told.
  const moved = holders.some((holder, index) => holder.url !== `http://127.0.0.1:${DEFAULT_HOLDER_PORT + index}`);
  const lookupsArgs = moved ? holders.map(({ slug, url }) => ` ${slug}=${url}`).join('') : '';
  say(` Bevragingen proberen / try the protocol:  node dist/scripts/demo-lookups.js${lookupsArgs}`);
  say(` PostgreSQL (eigenaar / owner) ${shown(database.owner)}${privately(database.owner)}`);
  say(` PostgreSQL (api, worker)      ${shown(database.app)}`);
  say(` Redis                         ${shown(redisUrl)}${privately(redisUrl)}`);
  say();
  say(` Demo-logins (alle gebruikers / every user) — wachtwoord / password: ${password}`);
  for (const [domain, locals] of byDomain) say(`   ${`@${domain}`.padEnd(domainWidth)}  ${locals.join(', ')}`);
  say();
  say(' Inloggen / log in:');
  say(`   curl -s -X POST ${apiUrl}/api/v1/auth/login -H 'content-type: application/json' -d '${example}'`);
  say(`   curl -s ${apiUrl}/api/v1/me -H 'authorization: Bearer <accessToken>'`);
  say();
  say(' Ctrl+C (of het venster sluiten) stopt alles / Ctrl+C (or closing the window) stops everything.');
  say(line);
}

async function main(): Promise<void> {
  // A closed terminal (SIGHUP) stops the demo like Ctrl+C; its output then has nowhere to go.
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, () => void shutdown(0));
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // However the demo ends, nothing it started may outlive it.
  process.on('exit', () => {
    supervisor.killAllNow();
    stopPrivateServices();
    guardian.release();
  });

  // The ports are chosen first, so the claims can name this demo's api.
  const wantedApiPort = portFromEnv('API_PORT', 3000);
  const wantedHolderPort = portFromEnv('DEMO_SOURCE_HOLDER_PORT', DEFAULT_HOLDER_PORT);
  const holderPorts: number[] = [];
  for (let index = 0; index < SOURCE_HOLDERS.length; index++)
    holderPorts.push(await freePort(wantedHolderPort + index));
  // The review API and metrics of each source holder on listeners of their own, after the protocol
  // ports (4105-4108 by default), and the hub's metrics on the port after the api's: derived from
  // the wanted ports, so demos moved apart by them stay apart.
  const adminPorts: number[] = [];
  for (let index = 0; index < SOURCE_HOLDERS.length; index++)
    adminPorts.push(await freePort(wantedHolderPort + SOURCE_HOLDERS.length + index));
  const metricsPort = await freePort(wantedApiPort + 1);
  const apiPort = await freePort(wantedApiPort);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const owner = thisDemo(apiUrl);
  const { databaseUrl: ownerUrl, redisUrl } = await services(owner);
  await claimState(ownerUrl, redisUrl, owner);
  const hubDatabase = hubDatabaseOf(ownerUrl);
  const appUrl = appDatabaseUrl(ownerUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    // JSON logs at warn keep the terminal readable; LOG_LEVEL=log shows everything.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // The demo's accounts sign in with a password alone; production refuses this setting.
    SECOND_FACTOR_REQUIRED: process.env.SECOND_FACTOR_REQUIRED || 'false',
    // The app role for everything but the migrations: the seed too only adds rows.
    DATABASE_URL: appUrl,
    REDIS_URL: redisUrl,
    // The demo's hub signs with the development key its source holders trust (refused in production).
    HUB_SIGNING_KEY:
      process.env.HUB_SIGNING_KEY ||
      JSON.stringify({ ...devHubSigningKey().key.export({ format: 'jwk' }), kid: DEV_HUB_KEY_ID }),
  };
  // Only the migrate step gets the owner's URL; it also creates the app's login role when missing.
  delete env.MIGRATION_DATABASE_URL;
  say('Hub-database migreren en demo-gegevens laden / migrating the hub database and seeding ...');
  await supervisor.runOnce('migrate', 'scripts/migrate.js', ['run'], { ...env, MIGRATION_DATABASE_URL: ownerUrl });
  await supervisor.runOnce('seed', 'scripts/seed.js', [], env);

  const holders: { slug: string; name: string; url: string; adminUrl: string; env: NodeJS.ProcessEnv }[] = [];
  for (const [index, { slug, mode }] of SOURCE_HOLDERS.entries()) {
    const port = holderPorts[index];
    const holderEnv = {
      ...env,
      SOURCE_HOLDER_ORGANISATION: slug,
      SOURCE_HOLDER_MODE: mode,
      SOURCE_HOLDER_HOST: '127.0.0.1',
      SOURCE_HOLDER_PORT: String(port),
      SOURCE_HOLDER_ADMIN_HOST: '127.0.0.1',
      SOURCE_HOLDER_ADMIN_PORT: String(adminPorts[index]),
      SOURCE_HOLDER_DATABASE_URL: withDatabase(ownerUrl, holderDatabase(hubDatabase, slug)),
    };
    say(`Bronhouder / source holder ${slug}: database migreren en vullen / migrating and seeding its database ...`);
    await supervisor.runOnce(`migrate-${slug}`, 'apps/source-holder/src/migrate.js', ['run'], holderEnv);
    await supervisor.runOnce(`seed-${slug}`, 'apps/source-holder/src/seed/seed.js', [], holderEnv);
    holders.push({
      slug,
      name: `bron-${slug}`,
      url: `http://127.0.0.1:${port}`,
      adminUrl: `http://127.0.0.1:${adminPorts[index]}`,
      env: holderEnv,
    });
  }

  say('api, worker en bronhouders starten / starting api, worker and source holders ...');
  // The child protection board's source holder witnesses the audit checkpoints: another
  // organisation's process and database, out of reach of the hub's.
  const witness = holders.find((holder) => holder.slug === AUDIT_WITNESS);
  const hubEnv = { ...env, AUDIT_WITNESS_URL: witness?.url, AUDIT_WITNESS_ID: witness?.slug };
  supervisor.start('api', 'apps/api/src/main.js', {
    ...hubEnv,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
  });
  supervisor.start('worker', 'apps/worker/src/main.js', hubEnv);
  for (const holder of holders) supervisor.start(holder.name, 'apps/source-holder/src/main.js', holder.env);
  await Promise.all([
    supervisor.waitUntilReady('api', apiUrl, READY_TIMEOUT_MS),
    ...holders.map((holder) => supervisor.waitUntilReady(holder.name, holder.url, READY_TIMEOUT_MS)),
  ]);
  const cases = await seedDemoCases(apiUrl, process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
  if (cases > 0) say(`Demo-casussen aangemaakt / demo cases created: ${cases}`);
  const registered = await registerDemoSourceHolders(
    apiUrl,
    process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    holders,
  );
  if (registered > 0) say(`Bronhouders in de hub geregistreerd / source holders registered in the hub: ${registered}`);
  banner(apiUrl, `http://127.0.0.1:${metricsPort}`, holders, { owner: ownerUrl, app: appUrl }, redisUrl);
}

main().catch((error: unknown) => shutdown(1, error instanceof Error ? error.message : String(error)));
