import { randomBytes } from 'node:crypto';
import { createRedis, RedisRateCounter } from '../libs/common/src';
import { auditCount, call, createOrganisation, createUser, Hub, PASSWORD, Response, startHub } from './support/hub';

const PER_USER = 5;
const PER_ADDRESS = 12;

/**
 * Two apis on one Redis prefix, as two replicas behind a load balancer, with low limits. Each test
 * calls from addresses of its own (the apis trust X-Forwarded-For here), so the address counters
 * of one test do not spend another's.
 */
describe('rate limits on the hub', () => {
  let a: Hub;
  let b: Hub;
  beforeAll(async () => {
    const limits = {
      REDIS_PREFIX: `t-${randomBytes(5).toString('hex')}`,
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_USER: String(PER_USER),
      RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
      // Long enough that no window ends during a test, however slow the machine.
      RATE_LIMIT_WINDOW_SECONDS: '3600',
    };
    [a, b] = await Promise.all([startHub(limits), startHub(limits)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  let addresses = 0;
  /** A documentation address (RFC 5737) no other test uses. */
  const newAddress = () => `198.51.100.${++addresses}`;

  const from = (address: string) => ({ 'x-forwarded-for': address });

  async function signIn(hub: Hub, email: string, address: string): Promise<string> {
    const res = await call<{ accessToken: string }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email, password: PASSWORD },
      headers: from(address),
    });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  function expectThrottled(res: Response): number {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const seconds = Number(res.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(3600);
    expect(res.body).toMatchObject({
      status: 429,
      code: 'common.throttled',
      type: 'urn:vt:problem:common.throttled',
      details: [{ field: 'retryAfterSeconds', message: String(seconds) }],
    });
    expect(res.body.message).toMatch(/Te veel verzoeken/);
    return seconds;
  }

  it('refuses a user over the limit with 429, Retry-After and the problem body, and audits the refusal', async () => {
    const org = await createOrganisation(a.db);
    const user = await createUser(a.db, org.id, ['caseworker']);
    const colleague = await createUser(a.db, org.id, ['caseworker']);
    const address = newAddress();
    const token = await signIn(a, user.email, address);
    for (let i = 0; i < PER_USER; i++) {
      expect((await call(a, 'GET', '/api/v1/me', { token, headers: from(address) })).status).toBe(200);
    }
    const refused = await call(a, 'GET', '/api/v1/me', { token, headers: from(address) });
    expectThrottled(refused);
    expect(
      await auditCount(
        a.db,
        `actor_user_id = $1 AND action = 'read' AND outcome = 'denied' AND purpose = 'throttled'
         AND request_id = $2 AND client_address = $3`,
        [user.id, refused.body.requestId, address],
      ),
    ).toBe(1);

    // The colleague at the same address has an allowance of their own.
    const theirs = await signIn(a, colleague.email, address);
    expect((await call(a, 'GET', '/api/v1/me', { token: theirs, headers: from(address) })).status).toBe(200);
  });

  it('counts a user on every api together', async () => {
    const org = await createOrganisation(a.db);
    const user = await createUser(a.db, org.id, ['caseworker']);
    const address = newAddress();
    const token = await signIn(a, user.email, address);
    for (let i = 0; i < PER_USER; i++) {
      const hub = i % 2 === 0 ? a : b;
      expect((await call(hub, 'GET', '/api/v1/me', { token, headers: from(address) })).status).toBe(200);
    }
    expectThrottled(await call(b, 'GET', '/api/v1/me', { token, headers: from(address) }));
    expectThrottled(await call(a, 'GET', '/api/v1/me', { token, headers: from(address) }));
  });

  it('stops an unauthenticated flood per address, on every api, before the token is even looked at', async () => {
    const address = newAddress();
    for (let i = 0; i < PER_ADDRESS; i++) {
      const hub = i % 2 === 0 ? a : b;
      const res = await call(hub, 'GET', '/api/v1/cases', { token: 'not.a.token', headers: from(address) });
      expect(res.status).toBe(401);
    }
    const refused = await call(a, 'GET', '/api/v1/cases', { token: 'not.a.token', headers: from(address) });
    expectThrottled(refused);
    // Login too: the address's allowance is spent, whatever the route.
    expectThrottled(
      await call(b, 'POST', '/api/v1/auth/login', {
        body: { email: 'nobody@test.example', password: PASSWORD },
        headers: from(address),
      }),
    );
    expect(
      await auditCount(
        a.db,
        `actor_user_id IS NULL AND action = 'denied' AND subject_id = 'GET /api/v1/cases' AND outcome = 'denied'
         AND purpose = 'throttled' AND request_id = $1 AND client_address = $2`,
        [refused.body.requestId, address],
      ),
    ).toBe(1);

    // Another address is not affected, and the health probes are never limited.
    const other = await call(a, 'GET', '/api/v1/cases', { token: 'not.a.token', headers: from(newAddress()) });
    expect(other.status).toBe(401);
    expect((await call(a, 'GET', '/health/live', { headers: from(address) })).status).toBe(200);
  });

  it('counts the addresses of one IPv6 /64 as one', async () => {
    const prefix = `2001:db8:${addresses + 1}:7`;
    addresses += 1;
    for (let i = 0; i < PER_ADDRESS; i++) {
      const res = await call(a, 'GET', '/api/v1/me', { headers: from(`${prefix}::${(i + 1).toString(16)}`) });
      expect(res.status).toBe(401);
    }
    expectThrottled(await call(b, 'GET', '/api/v1/me', { headers: from(`${prefix}:0:0:0:abcd`) }));
  });

  it('counts atomically in Redis: concurrent hits through two connections each get their own count', async () => {
    const connections = [createRedis(a.config, 'request'), createRedis(a.config, 'request')];
    try {
      // Request connections queue nothing while they connect.
      await Promise.all(connections.map((redis) => new Promise((ready) => redis.once('ready', ready))));
      const counters = connections.map((redis) => new RedisRateCounter(redis));
      const key = `${a.config.redisPrefix}:rate:unit:${randomBytes(4).toString('hex')}`;
      const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => counters[i % 2].hit(key, 60_000)));
      expect(hits.map((hit) => hit.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const hit of hits) expect(hit.resetInMs).toBeLessThanOrEqual(60_000);
      // The window runs from the first hit: later hits do not extend it.
      expect(await connections[0].pttl(key)).toBeLessThanOrEqual(Math.min(...hits.map((hit) => hit.resetInMs)));
      // A key that lost its expiry gets one again on its next hit, so it cannot count for ever.
      await connections[0].persist(key);
      await counters[0].hit(key, 60_000);
      expect(await connections[0].pttl(key)).toBeGreaterThan(0);
    } finally {
      await Promise.all(connections.map((redis) => redis.quit()));
    }
  });
});
