import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { loadHubConfig } from '../libs/common/src';
import { DeadlineScheduler, loadDeadlinePolicy } from '../libs/deadlines/src';
import { MAIL_QUEUE } from '../libs/notifications/src';
import { addPartner, CaseBody, directedCase, member, Member } from './support/cases';
import { call, createUser, Hub, isolatedDatabase, startHub } from './support/hub';
import { TestRelay } from './support/smtp-relay';
import { until } from './support/wait';

const APP_URL = 'https://casusregie.test.example/meldingen';

/** A TCP hop in front of Redis that can be cut and restored, to make Redis unreachable for a while. */
class RedisHop {
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((client) => {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

interface EmailState {
  email_status: string;
  email_attempts: number;
  email_error: string | null;
}

/** The e-mail state of each user's notifications, in the order of `userIds`. */
async function emailStates(hub: Hub, userIds: string[]): Promise<EmailState[]> {
  const rows = (await hub.db.query(
    `SELECT recipient_user_id AS "userId", email_status, email_attempts, email_error FROM notifications
      WHERE recipient_user_id = ANY($1::uuid[]) ORDER BY seq`,
    [userIds],
  )) as (EmailState & { userId: string })[];
  return userIds.flatMap((id) => rows.filter((row) => row.userId === id).map(({ userId: _, ...state }) => state));
}

function hubEnv(databaseUrl: string, redisUrl: string, prefix: string, mail: Record<string, string>) {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '5',
    APP_URL,
    MAIL_FROM: 'Casusregie <noreply@casusregie.test.example>',
    // Short backoff and a quick sweep keep the test fast; production waits 30 s before a retry.
    MAIL_BACKOFF_MS: '100',
    MAIL_POLL_MS: '200',
    MAIL_ATTEMPTS: '4',
    ...mail,
  };
}

async function startWorker(env: Record<string, string>): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(loadHubConfig(env), loadDeadlinePolicy()),
    {
      logger: ['error'],
    },
  );
  await worker.init();
  return worker;
}

async function removeQueue(redisUrl: string, prefix: string): Promise<void> {
  const queue = new Queue(MAIL_QUEUE, { connection: { url: redisUrl }, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
}

/**
 * E-mail against a real worker, real Redis (reached through a hop the test can cut) and an
 * in-process SMTP relay. A database of its own: the worker mails every pending notification it
 * finds, and other test files' workers (without SMTP) would mark these rows skipped.
 */
describe('notification e-mail over SMTP', () => {
  const prefix = `t-${randomBytes(5).toString('hex')}`;
  const upstream = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const hop = new RedisHop({ host: upstream.hostname, port: Number(upstream.port || 6379) });
  const relay = new TestRelay();
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await isolatedDatabase('mail');
    const smtpPort = await relay.start();
    await hop.up();
    const env = hubEnv(database.url, `redis://127.0.0.1:${hop.port}`, prefix, {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
    hub = await startHub(env);
    worker = await startWorker(env);
    // The deadline queue has no error listener, so BullMQ prints every refused reconnect while the hop is cut.
    for (const app of [hub.app, worker]) app.get(DeadlineScheduler).deadlineQueue.on('error', () => undefined);
  });
  afterAll(async () => {
    await worker.close();
    await hub.close();
    await removeQueue(upstream.toString(), prefix);
    await hop.down().catch(() => undefined);
    await relay.close();
    await database.drop();
  });

  /** An escalation to a fresh police organisation with these supervisors: one notification each. */
  async function escalate(chiefs: number, before?: (ctx: { chiefs: Member[] }) => Promise<void>) {
    const { created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
    const members: Member[] = [];
    for (let i = 0; i < chiefs; i++) members.push(await member(hub, police, ['supervisor']));
    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token,
      body: { assigneeOrganisationId: police.id, description: 'Huisbezoek bij Anna de Vries', dueAt: tomorrow() },
    });
    await before?.({ chiefs: members });
    const res = await call<CaseBody>(hub, 'POST', `${path}/escalations`, {
      token,
      body: { targetOrganisationId: police.id, actionId: action.body.id, reason: 'Geen reactie van wijkagent Jansen' },
    });
    expect(res.status).toBe(201);
    return { created, chiefs: members, ids: members.map((m) => m.user.id) };
  }

  it('mails each recipient of an escalation once, with a generic Dutch text and nothing from the case', async () => {
    const { created, chiefs, ids } = await escalate(2);
    await until(
      'two mails',
      () => chiefs.flatMap((c) => relay.mailsTo(c.user.email)),
      (mails) => mails.length >= 2,
    );
    await sleep(500);
    const [{ title }] = (await hub.db.query(`SELECT title FROM notifications WHERE recipient_user_id = $1`, [
      ids[0],
    ])) as {
      title: string;
    }[];
    for (const chief of chiefs) {
      const mails = relay.mailsTo(chief.user.email);
      expect(mails).toHaveLength(1);
      const { raw } = mails[0];
      expect(raw).toContain('Subject: Nieuwe melding in Casusregie');
      expect(raw).toContain(
        'Er is een nieuwe melding voor u in Casusregie: een verzoek om een reactie op doorzettingsmacht.',
      );
      expect(raw).toContain(APP_URL);
      expect(raw).toMatch(/^From: Casusregie <noreply@casusregie\.test\.example>/m);
      expect(raw).toMatch(/^Auto-Submitted: auto-generated/m);
      // Nothing from the case: no reference, no title, no names, no BSN, no free text.
      for (const secret of [
        created.reference,
        title,
        'Anna',
        'Vries',
        'Jansen',
        '123456782',
        'Huisbezoek',
        'Geen reactie',
      ]) {
        expect(raw).not.toContain(secret);
      }
    }
    expect(await emailStates(hub, ids)).toEqual([
      { email_status: 'sent', email_attempts: 1, email_error: null },
      { email_status: 'sent', email_attempts: 1, email_error: null },
    ]);
  });

  it('retries a relay that answers 451 with growing backoff and delivers exactly once', async () => {
    const { chiefs, ids } = await escalate(1, async ({ chiefs: [chief] }) => {
      relay.refuseTemporarily.set(chief.user.email, 2);
    });
    const address = chiefs[0].user.email;
    await until(
      'the mail after two refusals',
      () => relay.mailsTo(address),
      (mails) => mails.length >= 1,
    );
    await sleep(700);
    expect(relay.mailsTo(address)).toHaveLength(1);
    const refusals = relay.refused.filter((r) => r.to === address);
    expect(refusals.map((r) => r.code)).toEqual([451, 451]);
    // Exponential: 100 ms after the first refusal, 200 ms after the second.
    const times = [...refusals.map((r) => r.at), relay.mailsTo(address)[0].at];
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);
    expect(await emailStates(hub, ids)).toEqual([{ email_status: 'sent', email_attempts: 3, email_error: null }]);
  });

  it('records a refusal for good at once, and one that never ends after the last attempt, and counts both', async () => {
    const { chiefs, ids } = await escalate(2, async ({ chiefs: [refused, busy] }) => {
      relay.refuseForGood.add(refused.user.email);
      relay.refuseTemporarily.set(busy.user.email, 1000);
    });
    const states = await until(
      'both settled',
      () => emailStates(hub, ids),
      (rows) => rows.every((row) => row.email_status !== 'pending'),
    );
    expect(states).toEqual([
      { email_status: 'failed', email_attempts: 1, email_error: 'EMESSAGE 550' },
      { email_status: 'failed', email_attempts: 4, email_error: 'EMESSAGE 451' },
    ]);
    expect(chiefs.flatMap((c) => relay.mailsTo(c.user.email))).toHaveLength(0);
    const metrics = await (await fetch(`${hub.metricsUrl}/metrics`)).text();
    expect(metrics).toContain('vt_notification_emails{status="failed"} 2');
    expect(metrics).toMatch(/vt_notification_emails\{status="pending"\} \d+/);
    expect(metrics).toMatch(/vt_notification_email_oldest_pending_seconds \d/);
    expect(metrics).toMatch(/vt_notification_email_jobs\{state="failed"\} 0/);
  });

  it('mails a notification made while Redis was unreachable once it is back', async () => {
    const { chiefs, ids } = await escalate(1, () => hop.down());
    try {
      await sleep(1000);
      expect(await emailStates(hub, ids)).toEqual([{ email_status: 'pending', email_attempts: 0, email_error: null }]);
      expect(relay.mailsTo(chiefs[0].user.email)).toHaveLength(0);
    } finally {
      await hop.up();
    }
    await until(
      'the mail after Redis returned',
      () => relay.mailsTo(chiefs[0].user.email),
      (m) => m.length >= 1,
      30_000,
    );
    await sleep(500);
    expect(relay.mailsTo(chiefs[0].user.email)).toHaveLength(1);
    expect(await emailStates(hub, ids)).toEqual([{ email_status: 'sent', email_attempts: 1, email_error: null }]);
  }, 60_000);

  it('mails only the kinds each recipient chose, and nothing to one who switched e-mail off', async () => {
    const path = '/api/v1/me/notification-preferences';
    const { chiefs, ids } = await escalate(3, async ({ chiefs: [off, muted, chosen] }) => {
      for (const [chief, body] of [
        [off, { email: false }],
        [muted, { emailKinds: ['deadline_breached', 'deadline_reminder'] }],
        [chosen, { emailKinds: ['escalation_raised'] }],
      ] as const) {
        expect((await call(hub, 'PUT', path, { token: chief.token, body })).status).toBe(200);
      }
    });
    const states = await until(
      'all three settled',
      () => emailStates(hub, ids),
      (rows) => rows.length === 3 && rows.every((row) => row.email_status !== 'pending'),
    );
    expect(states).toEqual([
      { email_status: 'skipped', email_attempts: 0, email_error: 'opted_out' },
      { email_status: 'skipped', email_attempts: 0, email_error: 'opted_out' },
      { email_status: 'sent', email_attempts: 1, email_error: null },
    ]);
    expect(relay.mailsTo(chiefs[0].user.email)).toHaveLength(0);
    expect(relay.mailsTo(chiefs[1].user.email)).toHaveLength(0);
    expect(relay.mailsTo(chiefs[2].user.email)).toHaveLength(1);
  });

  it('sends nothing to an inactive user or one without an address', async () => {
    const { chiefs } = await escalate(1);
    const org = chiefs[0].user.organisationId;
    const inactive = await createUser(hub.db, org, ['supervisor'], { active: false });
    const addressless = await createUser(hub.db, org, ['supervisor']);
    await hub.db.query(`UPDATE users SET email = '' WHERE id = $1`, [addressless.id]);
    // Rows as a producer that does not filter recipients would write them.
    await hub.db.query(
      `INSERT INTO notifications (recipient_user_id, kind, title, body)
       SELECT id, 'deadline_reminder', 'Herinnering', 'Herinnering' FROM unnest($1::uuid[]) AS id`,
      [[inactive.id, addressless.id]],
    );
    const states = await until(
      'both settled',
      () => emailStates(hub, [inactive.id, addressless.id]),
      (rows) => rows.length === 2 && rows.every((row) => row.email_status !== 'pending'),
    );
    expect(states.map((s) => [s.email_status, s.email_attempts, s.email_error]).sort()).toEqual([
      ['skipped', 0, 'inactive'],
      ['skipped', 0, 'no_address'],
    ]);
    expect(relay.received.filter((mail) => mail.to === inactive.email || mail.to === '')).toHaveLength(0);
  });
});

describe('notification e-mail without SMTP_URL', () => {
  const prefix = `t-${randomBytes(5).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await isolatedDatabase('nomail');
    const env = hubEnv(database.url, redisUrl, prefix, {});
    hub = await startHub(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker.close();
    await hub.close();
    await removeQueue(redisUrl, prefix);
    await database.drop();
  });

  it('queues nothing and leaves nothing pending', async () => {
    const { org } = await directedCase(hub).then((c) => c.vt);
    const user = await createUser(hub.db, org.id, ['supervisor']);
    await hub.db.query(
      `INSERT INTO notifications (recipient_user_id, kind, title, body) VALUES ($1, 'deadline_reminder', 'x', 'x')`,
      [user.id],
    );
    const [state] = await until(
      'the row settled',
      () => emailStates(hub, [user.id]),
      (rows) => rows[0]?.email_status !== 'pending',
    );
    expect(state).toEqual({ email_status: 'skipped', email_attempts: 0, email_error: 'not_configured' });
    const queue = new Queue(MAIL_QUEUE, { connection: { url: redisUrl }, prefix });
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'failed', 'completed']);
    expect(jobs.filter((job) => job.name === 'notification.send-email')).toHaveLength(0);
    await queue.close();
  });
});
