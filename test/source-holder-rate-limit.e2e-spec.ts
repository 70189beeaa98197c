import {
  hubToken,
  loggedRequests,
  sourceHolderDatabase,
  startSourceHolder,
  TestSourceHolder,
  transactionId,
} from './support/source-holder';

const PER_ORGANISATION = 3;
const PER_ADDRESS = 8;

/** A source holder with low limits that trusts X-Forwarded-For, so each test calls from addresses of its own. */
describe('rate limits on a source holder', () => {
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let holder: TestSourceHolder;
  beforeAll(async () => {
    database = await sourceHolderDatabase();
    holder = await startSourceHolder(database.url, {
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_ORGANISATION: String(PER_ORGANISATION),
      RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
      RATE_LIMIT_WINDOW_SECONDS: '3600',
    });
  });
  afterAll(async () => {
    await holder?.close();
    await database?.drop();
  });

  /** A known-by question on behalf of `organisation` (null: without a token) from `address`. */
  async function ask(organisation: string | null, address: string) {
    const txn = transactionId();
    const token = organisation ? await hubToken({ audience: holder.config.id, organisation }) : null;
    const res = await fetch(`${holder.url}/bekendheid/v1/bevragingen`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-transaction-id': txn,
        'x-forwarded-for': address,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({
        subject: { pseudoniem: holder.pseudonym('111222333') },
        redenVerzoek: 'veiligheidsbeoordeling',
        doelbinding: 'wvggz.huiselijk_geweld',
        zaakReferentie: 'VT-2026-000123',
      }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown>, txn };
  }

  async function expectThrottled(res: Awaited<ReturnType<typeof ask>>, denialReason: string) {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const seconds = Number(res.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(3600);
    expect(res.body).toMatchObject({
      status: 429,
      code: 'common.throttled',
      details: [{ field: 'retryAfterSeconds', message: String(seconds) }],
    });
    const rows = await loggedRequests(holder, 'transaction_id = $1', [res.txn]);
    expect(rows).toEqual([
      expect.objectContaining({
        status: 429,
        answer_class: 'TE_VEEL_VERZOEKEN',
        denial_reason: denialReason,
        operation: 'POST /bekendheid/v1/bevragingen',
      }),
    ]);
    return rows[0];
  }

  it('refuses an organisation over its limit with 429 and Retry-After, logged, and not another organisation', async () => {
    const address = '192.0.2.1';
    for (let i = 0; i < PER_ORGANISATION; i++) expect((await ask('vt-one', address)).status).toBe(200);
    const row = await expectThrottled(await ask('vt-one', address), 'limiet_organisatie');
    expect(row.requesting_organisation).toBe('vt-one');
    expect((await ask('vt-two', address)).status).toBe(200);
  });

  it('stops a flood from one address before any token is verified, and leaves other addresses alone', async () => {
    const address = '192.0.2.2';
    for (let i = 0; i < PER_ADDRESS; i++) expect((await ask(null, address)).status).toBe(401);
    const row = await expectThrottled(await ask(null, address), 'limiet_adres');
    expect(row.requesting_organisation).toBeNull();
    // A valid token does not get past a spent address allowance either.
    await expectThrottled(await ask('vt-three', address), 'limiet_adres');
    expect((await ask(null, '192.0.2.3')).status).toBe(401);
  });
});
