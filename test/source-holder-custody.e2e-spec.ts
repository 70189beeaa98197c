import { Client } from 'pg';
import { NOT_IN_REGISTER } from '../apps/source-holder/src/custody/custody.service';
import { DEMO_SEEDS } from '../apps/source-holder/src/seed/demo-seed-data';
import { CUSTODY_TYPES } from '../libs/lookups-protocol/src';
import {
  hubToken,
  loggedRequests,
  shCall,
  sourceHolderDatabase,
  startSourceHolder,
  TestSourceHolder,
} from './support/source-holder';

/** The custody mode (gezag) of the source holder, seeded with the demo register. */
describe('source holder in custody mode (gezag)', () => {
  const register = DEMO_SEEDS.gezag;
  const minors = register.custody.map((row) => row.bsn);
  const NOT_REGISTERED = '100752305';
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let holder: TestSourceHolder;

  const ask = (burgerservicenummer: unknown, target = holder) =>
    shCall(target, 'POST', '/gezag/v1/bevragingen', {
      body: { burgerservicenummer, doelbinding: 'wmo.veilig_thuis', zaakReferentie: 'VT-2026-000200' },
    });

  beforeAll(async () => {
    database = await sourceHolderDatabase();
    holder = await startSourceHolder(
      database.url,
      { SOURCE_HOLDER_MODE: 'gezag', SOURCE_HOLDER_ORGANISATION: 'e2e-gezag', SOURCE_HOLDER_ID: 'e2e-bron' },
      register,
    );
  });

  afterAll(async () => {
    await holder?.close();
    await database?.drop();
  });

  it('answers every one of the six custody types with holders, inOnderzoek and toelichting, in the order asked', async () => {
    const asked = [NOT_REGISTERED, ...minors.slice().reverse()];
    const res = await ask(asked);
    expect(res.status).toBe(200);
    const personen = res.body.personen as { burgerservicenummer: string; gezag: { type: string }[] }[];
    expect(personen.map((p) => p.burgerservicenummer)).toEqual(asked);
    expect(personen[0].gezag).toEqual([NOT_IN_REGISTER]);
    for (const row of register.custody) {
      expect(personen.find((p) => p.burgerservicenummer === row.bsn)!.gezag).toEqual(row.gezag);
    }
    expect(new Set(register.custody.flatMap((row) => row.gezag.map((g) => g.type)))).toEqual(new Set(CUSTODY_TYPES));
    const [sem] = register.custody;
    expect(personen.find((p) => p.burgerservicenummer === sem.bsn)!.gezag[0]).toEqual({
      type: 'TweehoofdigOuderlijkGezag',
      gezagsdragers: [
        { soort: 'ouder', naam: 'Anna de Vries', burgerservicenummer: '123456782' },
        { soort: 'ouder', naam: 'Bram de Vries', burgerservicenummer: '111222333' },
      ],
      inOnderzoek: false,
    });
    const [logged] = await loggedRequests(holder, 'transaction_id = $1', [res.transactionId]);
    expect(logged).toMatchObject({
      operation: 'POST /gezag/v1/bevragingen',
      requesting_organisation: 'vt-e2e',
      purpose: 'wmo.veilig_thuis',
      answer_class: 'BEANTWOORD',
      subject_ref: asked.map((bsn) => holder.pseudonym(bsn)).join(','),
      status: 200,
    });
  });

  it('validates the question: 1 to 20 distinct BSNs passing the elfproef', async () => {
    for (const body of [[], ['123456789'], [minors[0], minors[0]], Array.from({ length: 21 }, () => minors[0]), 'x']) {
      const res = await ask(body);
      expect(res.status).toBe(400);
      expect((res.body.details as { field: string }[]).every((d) => d.field.startsWith('burgerservicenummer'))).toBe(
        true,
      );
    }
  });

  it('refuses a long list quickly with a few errors, an oversized body with 413 and deep nesting with 400', async () => {
    const distinct = Array.from({ length: 1_200 }, (_, i) => String(100_000_000 + i));
    const started = performance.now();
    const long = await ask(distinct);
    expect(performance.now() - started).toBeLessThan(200);
    expect(long.status).toBe(400);
    expect((long.body.details as unknown[]).length).toBeLessThanOrEqual(3);
    const huge = await ask(Array.from({ length: 40_000 }, (_, i) => String(100_000_000 + i)));
    expect(huge).toMatchObject({ status: 413, body: { statusCode: 413 } });
    const deep = await shCall(holder, 'POST', '/gezag/v1/bevragingen', {
      rawBody: `{"burgerservicenummer":${'['.repeat(5_000)}"x"${']'.repeat(5_000)}}`,
    });
    expect(deep).toMatchObject({
      status: 400,
      body: { code: 'common.validation', details: [{ field: 'body', message: expect.stringContaining('te diep') }] },
    });
    expect(await loggedRequests(holder, 'transaction_id = $1', [deep.transactionId])).toMatchObject([{ status: 400 }]);
  });

  it('refuses a token for another source holder', async () => {
    const res = await shCall(holder, 'POST', '/gezag/v1/bevragingen', {
      token: await hubToken({ audience: 'gi' }),
      body: { burgerservicenummer: [minors[0]], doelbinding: 'x', zaakReferentie: 'VT-1' },
    });
    expect(res.status).toBe(401);
  });

  it('serves only custody: the partner endpoints do not exist in this mode', async () => {
    expect((await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', { body: {} })).status).toBe(404);
    expect((await shCall(holder, 'GET', '/beheer/v1/verzoeken', { token: null })).status).toBe(404);
  });

  it('answers 503 while the register is switched off, and logs it', async () => {
    const down = await startSourceHolder(database.url, {
      SOURCE_HOLDER_MODE: 'gezag',
      SOURCE_HOLDER_ID: 'e2e-bron',
      SOURCE_HOLDER_REGISTER_AVAILABLE: 'false',
    });
    try {
      const res = await ask([minors[0]], down);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'source_holder.register_unavailable' });
      expect(res.body).not.toHaveProperty('personen');
      const [logged] = await loggedRequests(holder, 'transaction_id = $1', [res.transactionId]);
      expect(logged).toMatchObject({ answer_class: 'ONBESCHIKBAAR', status: 503 });
    } finally {
      await down.close();
    }
  });

  it('answers 503, never "not in the register", while its database is unreachable, and recovers', async () => {
    const server = new URL(database.url);
    server.pathname = '/postgres';
    const client = new Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${database.name}" WITH ALLOW_CONNECTIONS false`);
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database.name]);
      const res = await ask([minors[0]]);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'source_holder.register_unavailable' });
      expect(res.text).not.toMatch(/SELECT|ECONNREFUSED|allow connections/);
    } finally {
      await client.query(`ALTER DATABASE "${database.name}" WITH ALLOW_CONNECTIONS true`);
      await client.end();
    }
    expect((await ask([minors[0]])).status).toBe(200);
  });

  it('keeps the minors’ BSNs out of the register and the request log', async () => {
    const rows = (await holder.db.query(
      `SELECT row_to_json(t)::text AS row FROM custody_records t
       UNION ALL SELECT row_to_json(l)::text FROM request_log l`,
    )) as { row: string }[];
    for (const { row } of rows) for (const bsn of [...minors, NOT_REGISTERED]) expect(row).not.toContain(bsn);
  });
});
