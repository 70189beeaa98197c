import { randomUUID } from 'node:crypto';
import { ROLES } from '../libs/access/src/roles';
import { call, createOrganisation, createUser, Hub, login, startHub, TestOrganisation } from './support/hub';

type Caller = (typeof ROLES)[number] | 'anonymous';
type Target = 'own' | 'other';

interface Row {
  /** Builds the request against the target organisation. */
  request: (target: { org: TestOrganisation; userId: string }) => { path: string; body?: unknown };
  /** Expected status per caller role; one number when own and other organisation answer alike. */
  expect: Record<Caller, number | Record<Target, number>>;
}

const everyone = (status: number): Record<Caller, number> =>
  ({ ...Object.fromEntries(ROLES.map((role) => [role, status])), anonymous: 401 }) as Record<Caller, number>;
const only = (allowed: Partial<Record<Caller, number | Record<Target, number>>>, others = 403) => ({
  ...everyone(others),
  ...allowed,
});

/**
 * Every authenticated endpoint of the api, with who may call it. The test discovers the routes
 * from the running app, so a new endpoint without a row here fails.
 */
const TABLE: Record<string, Row> = {
  'GET /api/v1/me': { request: () => ({ path: '/api/v1/me' }), expect: everyone(200) },
  'GET /api/v1/organisations': { request: () => ({ path: '/api/v1/organisations' }), expect: everyone(200) },
  'POST /api/v1/organisations/:orgId/users': {
    request: ({ org }) => ({
      path: `/api/v1/organisations/${org.id}/users`,
      body: {
        name: 'Nieuw',
        email: `new-${randomUUID()}@test.example`,
        password: 'Lang-genoeg-wachtwoord',
        roles: ['caseworker'],
      },
    }),
    expect: only({ admin: { own: 201, other: 404 } }),
  },
  'PATCH /api/v1/organisations/:orgId/users/:userId': {
    request: ({ org, userId }) => ({
      path: `/api/v1/organisations/${org.id}/users/${userId}`,
      body: { roles: ['supervisor'] },
    }),
    expect: only({ admin: { own: 200, other: 404 } }),
  },
  'GET /api/v1/audit': { request: () => ({ path: '/api/v1/audit' }), expect: only({ privacy_officer: 200 }) },
  'GET /api/v1/audit/verify': {
    request: () => ({ path: '/api/v1/audit/verify' }),
    expect: only({ privacy_officer: 200 }),
  },
};

/** Routes that need no token, each with the reason. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
]);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

function discoverRoutes(hub: Hub): string[] {
  const express = hub.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  // Nest registers each handler for one verb; multi-verb layers are its own fallbacks, not endpoints.
  return express.router.stack
    .filter((layer) => layer.route && !layer.route.path.startsWith('/docs'))
    .map((layer) => ({ path: layer.route!.path, methods: Object.keys(layer.route!.methods) }))
    .filter((route) => route.methods.length === 1)
    .map((route) => `${route.methods[0].toUpperCase()} ${route.path}`);
}

describe('authorization table: role x own/other organisation x endpoint', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('has a row for every endpoint the app serves', () => {
    const routes = discoverRoutes(hub);
    expect(routes.length).toBeGreaterThan(5);
    const missing = routes.filter((route) => !TABLE[route] && !PUBLIC.has(route));
    expect(missing).toEqual([]);
    const stale = Object.keys(TABLE).filter((route) => !routes.includes(route));
    expect(stale).toEqual([]);
  });

  const cases = Object.entries(TABLE).flatMap(([route, row]) =>
    (Object.keys(row.expect) as Caller[]).flatMap((caller) =>
      (['own', 'other'] as Target[]).map((target) => {
        const expected = row.expect[caller];
        return [route, caller, target, typeof expected === 'number' ? expected : expected[target]] as const;
      }),
    ),
  );

  it.each(cases)('%s as %s on %s organisation answers %i', async (route, caller, target, status) => {
    const own = await createOrganisation(hub.db);
    const other = await createOrganisation(hub.db);
    const targetOrg = target === 'own' ? own : other;
    const subjectUser = await createUser(hub.db, targetOrg.id, ['caseworker']);
    const token =
      caller === 'anonymous' ? undefined : await login(hub, (await createUser(hub.db, own.id, [caller])).email);
    const method = route.split(' ')[0];
    const { path, body } = TABLE[route].request({ org: targetOrg, userId: subjectUser.id });
    const res = await call(hub, method, path, { token, body });
    expect({ route, caller, target, status: res.status }).toEqual({ route, caller, target, status });
    if (status === 404 || status === 403) {
      // Denied attempts leave a trace.
      const [row] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE request_id = $1 AND outcome = 'denied'`,
        [res.body.requestId],
      )) as { n: number }[];
      expect(row.n).toBe(1);
    }
  });
});
