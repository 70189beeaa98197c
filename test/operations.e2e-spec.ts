import { call, Hub, startHub } from './support/hub';

describe('operations', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('answers liveness and readiness with the database and Redis checked', async () => {
    expect((await call(hub, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await call(hub, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('exports request counts and latencies by route pattern, never by raw URL, on the metrics listener', async () => {
    await call(hub, 'GET', '/api/v1/organisations/6f1c1a5e-0000-4000-8000-000000000000/users/x');
    const metrics = await call({ ...hub, url: hub.metricsUrl }, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/health/live",status="200"}',
    );
    expect(metrics.text).not.toContain('6f1c1a5e');
  });

  it('keeps /metrics off the api listener and the api off the metrics listener; health answers on both', async () => {
    const onApi = await call(hub, 'GET', '/metrics');
    expect(onApi).toMatchObject({ status: 404, body: { code: 'http.404' } });
    expect(onApi.text).not.toContain('http_request_duration_seconds');
    for (const spelling of ['/METRICS', '/Metrics/', '//metrics']) {
      expect((await call(hub, 'GET', spelling)).text).not.toContain('http_request_duration_seconds');
    }
    const metricsListener = { ...hub, url: hub.metricsUrl };
    expect((await call(metricsListener, 'POST', '/api/v1/auth/login', { body: {} })).status).toBe(404);
    expect((await call(metricsListener, 'GET', '/docs-json')).status).toBe(404);
    expect((await call(metricsListener, 'GET', '/health/ready')).status).toBe(200);
  });

  it('serves the OpenAPI description generated from the code', async () => {
    const docs = await call<{ openapi: string; paths: Record<string, unknown> }>(hub, 'GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    // Paths relative to the base path the document names (NL API Design Rules, /core/uri-version).
    expect(docs.body).toMatchObject({ servers: [{ url: '/api/v1' }] });
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/me', '/audit', '/audit/verify']),
    );
    expect((await call(hub, 'GET', '/docs')).status).toBe(200);
    const published = await call<{ openapi: string; paths: Record<string, unknown> }>(hub, 'GET', '/openapi.json');
    expect(published.status).toBe(200);
    expect(published.body).toEqual(docs.body);
  });

  it('answers an unknown route with the documented error body and echoes a valid request id', async () => {
    const requestId = '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11';
    const res = await call(hub, 'GET', '/api/v1/nothing-here', { headers: { 'x-request-id': requestId } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      code: expect.any(String),
      message: expect.any(String),
      requestId,
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
  });

  it('refuses a malformed or oversized JSON body with a 4xx error body', async () => {
    const malformed = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
    const huge = await call(hub, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@b.nl', password: 'x'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, requestId: expect.any(String) });
  });
});
