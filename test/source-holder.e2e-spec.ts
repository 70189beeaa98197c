import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createSourceHolderApp, listenSourceHolder } from '../apps/source-holder/src/bootstrap';
import { loadSourceHolderConfig } from '../apps/source-holder/src/source-holder-config';
import { sourceHolderDataSourceOptions } from '../apps/source-holder/src/source-holder-data-source';
import { SOURCE_HOLDER_MIGRATIONS } from '../apps/source-holder/migrations';
import { until } from './support/wait';

/** The source holder against a fresh database of its own, apart from the run's hub database. */
describe('source holder', () => {
  const server = process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
  // Matches the global setup's vt_e2e_% clean-up, so an interrupted run leaves nothing behind for long.
  const name = `vt_e2e_sh_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = `${server}/${name}`;
  const admin = new Client({ connectionString: `${server}/postgres` });
  let app: INestApplication;
  let baseUrl: string;
  let adminUrl: string;
  let db: DataSource;

  async function migrate(step: (migrator: DataSource) => Promise<unknown>): Promise<void> {
    const migrator = await new DataSource(sourceHolderDataSourceOptions(url, 1, 'vt-e2e-sh-migrations')).initialize();
    try {
      await step(migrator);
    } finally {
      await migrator.destroy();
    }
  }

  /** On the protocol listener unless `on` names the admin one. */
  async function get(path: string, headers: Record<string, string> = {}, on = baseUrl) {
    const res = await fetch(`${on}${path}`, { headers });
    const text = await res.text();
    const body = /^application\/(problem\+)?json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : {};
    return { status: res.status, headers: res.headers, text, body };
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await migrate((migrator) => migrator.runMigrations({ transaction: 'each' }));
    const config = loadSourceHolderConfig({
      NODE_ENV: 'test',
      SOURCE_HOLDER_DATABASE_URL: url,
      SOURCE_HOLDER_ORGANISATION: 'e2e-bron',
      DATABASE_POOL_SIZE: '2',
      LOG_LEVEL: 'warn',
    });
    app = await createSourceHolderApp(config);
    const free = { port: 0, host: '127.0.0.1' };
    ({ protocolUrl: baseUrl, adminUrl } = await listenSourceHolder(app, config, free, free));
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('answers liveness and readiness with its database checked', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { database: 'up' } },
    });
  });

  it('answers health on both listeners, metrics and the review API on the admin listener only', async () => {
    for (const on of [baseUrl, adminUrl]) expect((await get('/health/ready', {}, on)).status).toBe(200);
    const elsewhere = [
      await get('/metrics'),
      await get('/beheer/v1/verzoeken'),
      await get('/beheer/v1/openapi.json'),
      await get('/BEHEER/v1/verzoeken'),
      await get('/Metrics'),
      await get('/bekendheid/v1/openapi.json', {}, adminUrl),
    ];
    for (const res of elsewhere) {
      expect(res).toMatchObject({ status: 404, body: { code: 'http.404' } });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // Logged like any request no route answered.
    expect(
      await db.query(`SELECT status FROM request_log WHERE operation = 'GET /beheer/v1/verzoeken' AND status = 404`),
    ).toEqual([{ status: 404 }]);
    expect((await get('/bekendheid/v1/openapi.json')).status).toBe(200);
    expect((await get('/beheer/v1/openapi.json', {}, adminUrl)).status).toBe(200);
    expect((await get('/beheer/v1/verzoeken', {}, adminUrl)).status).toBe(401);
  });

  it('exports its own metrics on the admin listener, with latencies by route pattern', async () => {
    await get('/health/live');
    const metrics = await get('/metrics', {}, adminUrl);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/health/live",status="200"}',
    );
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it('answers an unknown route with the documented error body and the same security headers as the hub', async () => {
    const requestId = '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11';
    const res = await get('/bekendheid/v1/nothing-here', { 'x-request-id': requestId });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      type: 'urn:vt:problem:http.404',
      title: 'Niet gevonden / not found',
      status: 404,
      detail: 'Niet gevonden / not found',
      instance: `urn:uuid:${requestId}`,
      statusCode: 404,
      error: 'Not Found',
      code: 'http.404',
      message: 'Niet gevonden / not found',
      details: [],
      requestId,
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect((await get('/health/live')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps request_log append-only', async () => {
    const [row] = (await db.query(
      `INSERT INTO request_log (transaction_id, requesting_organisation, purpose, legal_basis, subject_ref,
         answer_class, status)
       VALUES ('019a8f6e-7c4b-7d2e-9a1b-2c3d4e5f6a7b', 'vt-oost', 'veiligheid', 'wvggz', 'psn-1', 'BEKEND', 200)
       RETURNING id`,
    )) as { id: string }[];
    await expect(
      db.query(`UPDATE request_log SET answer_class = 'NIET_BEKEND' WHERE id = $1`, [row.id]),
    ).rejects.toThrow('request_log is append-only (UPDATE refused)');
    await expect(db.query(`DELETE FROM request_log WHERE id = $1`, [row.id])).rejects.toThrow(
      'request_log is append-only (DELETE refused)',
    );
    await expect(db.query(`TRUNCATE request_log`)).rejects.toThrow('request_log is append-only (TRUNCATE refused)');
    const [kept] = (await db.query(`SELECT answer_class FROM request_log WHERE id = $1`, [row.id])) as {
      answer_class: string;
    }[];
    expect(kept.answer_class).toBe('BEKEND');
  });

  it('indexes the log by subject and time, and detail requests by person', async () => {
    const indexes = (await db.query(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('request_log', 'detail_requests') ORDER BY indexname`,
    )) as { indexname: string }[];
    expect(indexes.map((index) => index.indexname)).toEqual(
      expect.arrayContaining([
        'request_log_subject_ref_idx',
        'request_log_received_at_idx',
        'detail_requests_person_id_idx',
        'detail_requests_received_at_idx',
      ]),
    );
    // One connection, so the planner setting applies to the EXPLAIN; the table is tiny, so
    // without it the planner would rightly prefer a sequential scan.
    const runner = db.createQueryRunner();
    try {
      await runner.query(`SET enable_seqscan = off`);
      // What the ON DELETE SET NULL key runs when a person's record is deleted.
      const plan = (await runner.query(
        `EXPLAIN UPDATE detail_requests SET person_id = NULL WHERE person_id = '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11'`,
      )) as { 'QUERY PLAN': string }[];
      expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('detail_requests_person_id_idx');
    } finally {
      await runner.query(`RESET enable_seqscan`);
      await runner.release();
    }
  });

  it('reverts every migration cleanly and applies them again', async () => {
    const tables = [
      'request_log',
      'contact_points',
      'known_persons',
      'disclosure_rules',
      'detail_requests',
      'custody_records',
      'hub_token_ids',
    ];
    const present = async () => {
      const found = [];
      for (const table of tables) {
        const [row] = (await db.query(`SELECT to_regclass($1) AS t`, [table])) as { t: string | null }[];
        if (row.t) found.push(row.t);
      }
      return found;
    };
    expect(await present()).toEqual(tables);
    await migrate(async (migrator) => {
      for (let i = 0; i < SOURCE_HOLDER_MIGRATIONS.length; i++)
        await migrator.undoLastMigration({ transaction: 'each' });
    });
    expect(await present()).toEqual([]);
    await migrate((migrator) => migrator.runMigrations({ transaction: 'each' }));
    expect(await present()).toEqual(tables);
  });

  it('reports not ready, naming the database, while its database is unreachable, and recovers', async () => {
    // The app cannot boot without its database (TypeORM connects at start-up), so it loses the
    // database while running: no new connections, and the pool's open ones are ended.
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const down = await get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'unavailable', checks: { database: 'down' } });
      expect(down.text).not.toMatch(/SELECT|ECONNREFUSED|allow connections|at .*\.js/);
      expect((await get('/health/live')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    }
    // Recovers by itself: on a loaded machine the first probe after the database returns may
    // still meet its 2 s limit while the pool reconnects, so it is asked until it answers.
    await until(
      'ready again',
      () => get('/health/ready'),
      (ready) => ready.status === 200,
      30_000,
    );
  });
});
