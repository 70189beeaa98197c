import { Client } from 'pg';
import { NOT_IN_REGISTER } from '../apps/source-holder/src/custody/custody.service';
import { DEMO_SEEDS } from '../apps/source-holder/src/seed/demo-seed-data';
import {
  GEZAG_PATH,
  GEZAG_TYPES,
  gezagResponseProblems,
  gezagUnavailableProblems,
  OIN_HEADER,
} from '../libs/lookups-protocol/src';
import {
  adminCall,
  hubToken,
  loggedRequests,
  shCall,
  sourceHolderDatabase,
  startSourceHolder,
  TestSourceHolder,
  transactionId,
} from './support/source-holder';

const OIN = '00000001234567890000';

interface GezagReply {
  status: number;
  contentType: string | null;
  transactionHeader: string | null;
  transactionId: string;
  body: unknown;
}

/**
 * One question as the BRP API Gezag has it, and the answer held to the published contract: a 200
 * is a GezagResponse with the TransactionID header, a 503 a JSON string, both `application/json`.
 */
async function gezag(
  holder: TestSourceHolder,
  body: unknown,
  options: { oin?: string | null; token?: string } = {},
): Promise<GezagReply> {
  const txn = transactionId();
  const oin = options.oin === undefined ? OIN : options.oin;
  const res = await fetch(`${holder.url}${GEZAG_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-transaction-id': txn,
      authorization: `Bearer ${options.token ?? (await hubToken({ audience: holder.config.id }))}`,
      ...(oin === null ? {} : { [OIN_HEADER]: oin }),
    },
    body: JSON.stringify(body),
  });
  const reply: GezagReply = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    transactionHeader: res.headers.get('transactionid'),
    transactionId: txn,
    body: JSON.parse(await res.text()) as unknown,
  };
  if (reply.status === 200) {
    expect(gezagResponseProblems(reply.body)).toEqual([]);
    expect(reply.transactionHeader).toBe(txn);
  }
  if (reply.status === 503) expect(gezagUnavailableProblems(reply.body)).toEqual([]);
  if (reply.status === 200 || reply.status === 503) expect(reply.contentType).toMatch(/^application\/json\b/);
  return reply;
}

/** The custody mode (gezag) of the source holder: the BRP API Gezag, seeded with the demo register. */
describe('source holder in custody mode (BRP API Gezag)', () => {
  const register = DEMO_SEEDS.gezag;
  const minors = register.custody.map((row) => row.bsn);
  const NOT_REGISTERED = '100752305';
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let holder: TestSourceHolder;

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

  it('answers every one of the six gezag types with its own members, in the order asked', async () => {
    const asked = [NOT_REGISTERED, ...minors.slice().reverse()];
    const res = await gezag(holder, { burgerservicenummer: asked });
    expect(res.status).toBe(200);
    const personen = (res.body as { personen: { burgerservicenummer: string; gezag: { type: string }[] }[] }).personen;
    expect(personen.map((p) => p.burgerservicenummer)).toEqual(asked);
    expect(personen[0].gezag).toEqual([{ ...NOT_IN_REGISTER, minderjarige: { burgerservicenummer: NOT_REGISTERED } }]);
    for (const row of register.custody) {
      expect(personen.find((p) => p.burgerservicenummer === row.bsn)!.gezag).toEqual(
        row.gezag.map((g) => ({ ...g, minderjarige: { burgerservicenummer: row.bsn } })),
      );
    }
    expect(new Set(register.custody.flatMap((row) => row.gezag.map((g) => g.type)))).toEqual(new Set(GEZAG_TYPES));
    const [sem] = register.custody;
    expect(personen.find((p) => p.burgerservicenummer === sem.bsn)!.gezag[0]).toEqual({
      type: 'TweehoofdigOuderlijkGezag',
      ouders: [{ burgerservicenummer: '123456782' }, { burgerservicenummer: '111222333' }],
      minderjarige: { burgerservicenummer: sem.bsn },
      inOnderzoek: false,
    });
    const [logged] = await loggedRequests(holder, 'transaction_id = $1', [res.transactionId]);
    expect(logged).toMatchObject({
      operation: `POST ${GEZAG_PATH}`,
      requesting_organisation: 'vt-e2e',
      requester_oin: OIN,
      answer_class: 'BEANTWOORD',
      subject_ref: asked.map((bsn) => holder.pseudonym(bsn)).join(','),
      status: 200,
    });
  });

  it('validates the question: 1 to 20 distinct BSNs passing the elfproef, nothing else in the body', async () => {
    for (const list of [[], ['123456789'], [minors[0], minors[0]], Array.from({ length: 21 }, () => minors[0]), 'x']) {
      const res = await gezag(holder, { burgerservicenummer: list });
      expect(res.status).toBe(400);
      const details = (res.body as { details: { field: string }[] }).details;
      expect(details.every((d) => d.field.startsWith('burgerservicenummer'))).toBe(true);
    }
    // The earlier protocol's members are not part of the BRP API Gezag.
    const earlier = await gezag(holder, { burgerservicenummer: [minors[0]], doelbinding: 'x', zaakReferentie: 'VT-1' });
    expect(earlier.status).toBe(400);
  });

  it('requires the OIN header, 20 digits, and logs the refusal', async () => {
    for (const oin of [null, '1234', 'a'.repeat(20)]) {
      const res = await gezag(holder, { burgerservicenummer: [minors[0]] }, { oin });
      expect(res).toMatchObject({ status: 400, body: { code: 'common.validation', details: [{ field: OIN_HEADER }] } });
      expect(await loggedRequests(holder, 'transaction_id = $1', [res.transactionId])).toMatchObject([
        { status: 400, answer_class: 'ONGELDIG_VERZOEK', denial_reason: 'oin' },
      ]);
    }
  });

  it('refuses a long list quickly with a few errors, an oversized body with 413 and deep nesting with 400', async () => {
    const distinct = Array.from({ length: 1_200 }, (_, i) => String(100_000_000 + i));
    const long = await gezag(holder, { burgerservicenummer: distinct });
    expect(long.status).toBe(400);
    expect((long.body as { details: unknown[] }).details.length).toBeLessThanOrEqual(3);
    const huge = await gezag(holder, { burgerservicenummer: Array.from({ length: 40_000 }, (_, i) => String(i)) });
    expect(huge.status).toBe(413);
    const deep = await shCall(holder, 'POST', GEZAG_PATH, {
      headers: { [OIN_HEADER]: OIN },
      rawBody: `{"burgerservicenummer":${'['.repeat(5_000)}"x"${']'.repeat(5_000)}}`,
    });
    expect(deep).toMatchObject({
      status: 400,
      body: { code: 'common.validation', details: [{ field: 'body', message: expect.stringContaining('te diep') }] },
    });
    expect(await loggedRequests(holder, 'transaction_id = $1', [deep.transactionId])).toMatchObject([{ status: 400 }]);
  });

  it('refuses a token for another source holder', async () => {
    const res = await gezag(
      holder,
      { burgerservicenummer: [minors[0]] },
      { token: await hubToken({ audience: 'gi' }) },
    );
    expect(res.status).toBe(401);
  });

  it('serves only custody: the partner endpoints and the earlier path do not exist in this mode', async () => {
    expect((await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', { body: {} })).status).toBe(404);
    expect((await shCall(holder, 'POST', '/gezag/v1/bevragingen', { body: {} })).status).toBe(404);
    expect((await adminCall(holder, 'GET', '/beheer/v1/verzoeken', { token: null })).status).toBe(404);
  });

  it('answers 503 with the published JSON string while the register is switched off, and logs it', async () => {
    const down = await startSourceHolder(database.url, {
      SOURCE_HOLDER_MODE: 'gezag',
      SOURCE_HOLDER_ID: 'e2e-bron',
      SOURCE_HOLDER_REGISTER_AVAILABLE: 'false',
    });
    try {
      const res = await gezag(down, { burgerservicenummer: [minors[0]] });
      expect(res).toMatchObject({ status: 503, body: 'Gegevensbron niet beschikbaar' });
      const [logged] = await loggedRequests(holder, 'transaction_id = $1', [res.transactionId]);
      expect(logged).toMatchObject({ answer_class: 'ONBESCHIKBAAR', requester_oin: OIN, status: 503 });
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
      const res = await gezag(holder, { burgerservicenummer: [minors[0]] });
      expect(res).toMatchObject({ status: 503, body: 'Gegevensbron niet beschikbaar' });
    } finally {
      await client.query(`ALTER DATABASE "${database.name}" WITH ALLOW_CONNECTIONS true`);
      await client.end();
    }
    expect((await gezag(holder, { burgerservicenummer: [minors[0]] })).status).toBe(200);
  });

  it('keeps the minors’ BSNs out of the register and the request log', async () => {
    const rows = (await holder.db.query(
      `SELECT row_to_json(t)::text AS row FROM custody_records t
       UNION ALL SELECT row_to_json(l)::text FROM request_log l`,
    )) as { row: string }[];
    for (const { row } of rows) for (const bsn of [...minors, NOT_REGISTERED]) expect(row).not.toContain(bsn);
  });
});
