import { createHash, createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditWitnessClient, AuditWitnessError } from '../libs/lookups/src/audit-witness.client';
import {
  AuditCheckpoint,
  checkpointSignatureValid,
  CheckpointKey,
  DEV_CHECKPOINT_KEY_ID,
  DEV_CHECKPOINT_PRIVATE_JWK,
  signCheckpoint,
  toWitness,
  WITNESS_PATH,
} from '../libs/lookups-protocol/src';
import { sourceHolderDataSourceOptions } from '../apps/source-holder/src/source-holder-data-source';
import { SOURCE_HOLDER_MIGRATIONS } from '../apps/source-holder/migrations';
import { WitnessedCheckpoints1795600300000 } from '../apps/source-holder/migrations/1795600300000-WitnessedCheckpoints';
import {
  deadUrl,
  HUB_KID,
  hubKeyPair,
  hubToken,
  loggedRequests,
  shCall,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TestSourceHolder,
} from './support/source-holder';

/** The hub's checkpoint key as the demo and tests sign with it; the source holder trusts its public half by default. */
const CHECKPOINT_KEY: CheckpointKey = {
  kid: DEV_CHECKPOINT_KEY_ID,
  key: createPrivateKey({ key: JSON.parse(DEV_CHECKPOINT_PRIVATE_JWK) as Record<string, string>, format: 'jwk' }),
};

const hashOf = (label: string) => createHash('sha256').update(label).digest('hex');
const signed = (chainId: string, seq: number | string, hash = hashOf(`${chainId}:${seq}`), signedAt = new Date()) =>
  signCheckpoint(CHECKPOINT_KEY, { chainId, seq: String(seq), hash, signedAt: signedAt.toISOString() });

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same 64 bytes spelled otherwise: the last of 86 characters carries 2 bits and 4 unused ones. */
const otherSpelling = (signature: string) =>
  `${signature.slice(0, -1)}${BASE64URL[BASE64URL.indexOf(signature.slice(-1)) + 1]}`;

interface Receipt {
  ontvangenOp: string;
}

interface ErrorBody {
  code: string;
  message: string;
  details: { field: string; message: string }[];
}

describe('source holder: witness of the hub audit checkpoints', () => {
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let holder: TestSourceHolder;

  const post = <T = Receipt>(checkpoint: AuditCheckpoint | Record<string, unknown>, token?: string | null) =>
    shCall<T>(holder, 'POST', WITNESS_PATH, {
      body: 'chainId' in checkpoint ? toWitness(checkpoint as AuditCheckpoint) : checkpoint,
      token,
    });
  const get = <T = Record<string, unknown>>(path: string) => shCall<T>(holder, 'GET', `${WITNESS_PATH}/${path}`);
  const held = async (chainId: string) =>
    (await holder.db.query(
      `SELECT issuer, chain_id, seq::text AS seq, hash FROM witnessed_checkpoints WHERE chain_id = $1 ORDER BY witnessed_checkpoints.seq`,
      [chainId],
    )) as { issuer: string; chain_id: string; seq: string; hash: string }[];
  const logOf = async (transactionId: string) => {
    const rows = await loggedRequests(holder, 'transaction_id = $1', [transactionId]);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  beforeAll(async () => {
    database = await sourceHolderDatabase();
    holder = await startSourceHolder(database.url);
  });

  afterAll(async () => {
    await holder?.close();
    await database?.drop();
  });

  it('stores a new checkpoint under the hub that signed the token: 201 with when it was received, logged without the body', async () => {
    const chainId = randomUUID();
    const checkpoint = signed(chainId, 1);
    const res = await post(checkpoint);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['ontvangenOp']);
    expect(new Date(res.body.ontvangenOp).toISOString()).toBe(res.body.ontvangenOp);
    expect(await held(chainId)).toEqual([
      { issuer: TEST_HUB_ISSUER, chain_id: chainId, seq: '1', hash: checkpoint.hash },
    ]);
    const log = await logOf(res.transactionId);
    expect(log).toMatchObject({
      operation: `POST ${WITNESS_PATH}`,
      requesting_organisation: 'vt-e2e',
      subject_ref: `${chainId}:1`,
      answer_class: 'VASTGELEGD',
      status: 201,
    });
    expect(JSON.stringify(log)).not.toContain(checkpoint.hash);
    expect(JSON.stringify(log)).not.toContain(checkpoint.signature);
  });

  it('answers a repeat of a held checkpoint with 200 and the first receipt, also when the hub signed the same head again later', async () => {
    const chainId = randomUUID();
    const first = await post(signed(chainId, 7));
    expect(first.status).toBe(201);
    const again = await post(signed(chainId, 7));
    expect(again).toMatchObject({ status: 200, body: first.body });
    const resigned = signed(chainId, 7, undefined, new Date(Date.now() + 60_000));
    expect(await post(resigned)).toMatchObject({ status: 200, body: first.body });
    expect(await held(chainId)).toHaveLength(1);
    expect(await logOf(again.transactionId)).toMatchObject({ answer_class: 'AANWEZIG', status: 200 });
  });

  it('refuses with 409 a seq held with another hash, and a seq below the highest held (a rollback)', async () => {
    const chainId = randomUUID();
    for (const seq of [5, 10]) expect((await post(signed(chainId, seq))).status).toBe(201);

    const rewritten = await post<ErrorBody>(signed(chainId, 10, hashOf('rewritten')));
    expect(rewritten.status).toBe(409);
    expect(rewritten.body).toMatchObject({
      code: 'source_holder.checkpoint_conflict',
      message: expect.stringContaining('/ checkpoint contradicts one held for this chain'),
      details: [{ field: 'hash' }],
    });
    expect(await logOf(rewritten.transactionId)).toMatchObject({
      answer_class: 'CONFLICT',
      denial_reason: 'andere_hash',
      subject_ref: `${chainId}:10`,
      status: 409,
    });

    const rollback = await post<ErrorBody>(signed(chainId, 7));
    expect(rollback.status).toBe(409);
    expect(rollback.body.details).toEqual([
      { field: 'volgnummer', message: expect.stringContaining('below the highest seq held (10)') },
    ]);
    expect(await logOf(rollback.transactionId)).toMatchObject({ denial_reason: 'terugval', status: 409 });

    // An older checkpoint the witness holds, sent again, is a retry and no contradiction.
    expect((await post(signed(chainId, 5))).status).toBe(200);
    expect((await held(chainId)).map((row) => [row.seq, row.hash])).toEqual([
      ['5', hashOf(`${chainId}:5`)],
      ['10', hashOf(`${chainId}:10`)],
    ]);
  });

  it('refuses with 400 a signature by another key, a field changed after signing and an unknown key id', async () => {
    const chainId = randomUUID();
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = signCheckpoint(
      { kid: DEV_CHECKPOINT_KEY_ID, key: other },
      { chainId, seq: '1', hash: hashOf('x'), signedAt: new Date().toISOString() },
    );
    const genuine = signed(chainId, 2);
    const attempts: [AuditCheckpoint, string, string][] = [
      [forged, 'handtekening', 'handtekening'],
      [{ ...genuine, hash: hashOf('tampered') }, 'handtekening', 'handtekening'],
      [{ ...genuine, seq: '3' }, 'handtekening', 'handtekening'],
      [
        { ...genuine, signedAt: new Date(Date.parse(genuine.signedAt) + 1).toISOString() },
        'handtekening',
        'handtekening',
      ],
      [{ ...genuine, chainId: randomUUID() }, 'handtekening', 'handtekening'],
      [{ ...genuine, keyId: 'checkpoint-9' }, 'sleutelId', 'onbekende_sleutel'],
    ];
    for (const [checkpoint, field, reason] of attempts) {
      const res = await post<ErrorBody>(checkpoint);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'common.validation', details: [{ field }] });
      expect(await logOf(res.transactionId)).toMatchObject({
        answer_class: 'ONGELDIG_VERZOEK',
        denial_reason: reason,
        status: 400,
      });
    }
    expect(await held(chainId)).toEqual([]);
  });

  it('accepts each field only in the form it was signed in, and names every bad one', async () => {
    const genuine = toWitness(signed(randomUUID(), 1));
    const res = await post<ErrorBody>({
      ...genuine,
      ketenId: 'not-a-uuid',
      volgnummer: '007',
      hash: genuine.hash.toUpperCase(),
      ondertekendOp: genuine.ondertekendOp.replace(/\.\d{3}Z$/, 'Z'),
      sleutelId: 'a key',
      handtekening: `${genuine.handtekening}=`,
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(new Set(res.body.details.map((detail) => detail.field))).toEqual(
      new Set(['ketenId', 'volgnummer', 'hash', 'ondertekendOp', 'sleutelId', 'handtekening', 'extra']),
    );
    for (const [field, value] of [
      ['volgnummer', '9223372036854775808'],
      ['volgnummer', '-1'],
      ['volgnummer', 12],
      ['ondertekendOp', '2026-02-30T10:00:00.000Z'],
      ['ondertekendOp', '2026-01-01T10:00:00.000+01:00'],
      ['handtekening', otherSpelling(genuine.handtekening)],
    ] as const) {
      const bad = await post<ErrorBody>({ ...genuine, [field]: value });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((detail) => detail.field)).toContain(field);
    }
  });

  it('refuses without a valid token (401, logged) and files checkpoints per hub, whichever organisation the token names', async () => {
    const chainId = randomUUID();
    const none = await post(signed(chainId, 1), null);
    expect(none.status).toBe(401);
    expect(await logOf(none.transactionId)).toMatchObject({ denial_reason: 'geen_token', status: 401 });
    const otherAudience = await post(signed(chainId, 1), await hubToken({ audience: 'another-source' }));
    expect(otherAudience.status).toBe(401);
    expect(await held(chainId)).toEqual([]);

    const stored = await post(signed(chainId, 1), await hubToken({ audience: holder.config.id, organisation: 'vt-a' }));
    expect(stored.status).toBe(201);
    const repeat = await post(signed(chainId, 1), await hubToken({ audience: holder.config.id, organisation: 'vt-b' }));
    expect(repeat.status).toBe(200);
    expect(await logOf(repeat.transactionId)).toMatchObject({ requesting_organisation: 'vt-b' });
    const read = await shCall(holder, 'GET', `${WITNESS_PATH}/${chainId}`, {
      token: await hubToken({ audience: holder.config.id, organisation: 'vt-c', organisationKind: 'police' }),
    });
    expect(read.body).toMatchObject({ laatste: { volgnummer: '1' } });
  });

  it('takes an upper-case chain id as the same chain, in the body and in the path', async () => {
    const chainId = randomUUID();
    const checkpoint = signed(chainId, 3);
    const upper = await post({ ...toWitness(checkpoint), ketenId: chainId.toUpperCase() });
    expect(upper.status).toBe(201);
    expect((await held(chainId)).map((row) => row.chain_id)).toEqual([chainId]);
    expect((await post(checkpoint)).status).toBe(200);
    expect((await get(chainId.toUpperCase())).body).toEqual({ laatste: toWitness(checkpoint) });
  });

  it('reads back the newest checkpoint of a chain exactly as signed, one by its seq, or 404', async () => {
    const chainId = randomUUID();
    const checkpoints = [1, 2, 10].map((seq) => signed(chainId, seq));
    // Sent out of order: 10 first, then 1 and 2 are rollbacks and refused.
    expect((await post(checkpoints[0])).status).toBe(201);
    expect((await post(checkpoints[2])).status).toBe(201);
    expect((await post(checkpoints[1])).status).toBe(409);

    const latest = await get<{ laatste: ReturnType<typeof toWitness> }>(chainId);
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual({ laatste: toWitness(checkpoints[2]) });
    expect(await logOf(latest.transactionId)).toMatchObject({
      operation: `GET ${WITNESS_PATH}/:ketenId`,
      subject_ref: chainId,
      answer_class: 'AANWEZIG',
      status: 200,
    });

    const first = await get(`${chainId}?volgnummer=1`);
    expect(first).toMatchObject({ status: 200, body: toWitness(checkpoints[0]) });
    const missing = await get(`${chainId}?volgnummer=2`);
    expect(missing).toMatchObject({ status: 404, body: { code: 'source_holder.not_found' } });
    expect(await logOf(missing.transactionId)).toMatchObject({ subject_ref: `${chainId}:2`, status: 404 });

    const empty = await get(randomUUID());
    expect(empty).toMatchObject({ status: 200, body: { laatste: null } });
    expect((await get('not-a-uuid')).status).toBe(400);
    expect((await get(`${chainId}?volgnummer=01`)).status).toBe(400);
    // The nil uuid is the hub's chain of anonymous events.
    const nil = '00000000-0000-0000-0000-000000000000';
    const anonymous = signed(nil, 4);
    expect((await post(anonymous)).status).toBe(201);
    expect((await get(nil)).body).toEqual({ laatste: toWitness(anonymous) });
  });

  it('does not race: concurrent posts for one chain store each head once and refuse the contradicting one', async () => {
    const chainId = randomUUID();
    const same = signed(chainId, 1);
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => post(same)))).map((res) => res.status);
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 201]);

    const rivals = [signed(chainId, 2, hashOf('a')), signed(chainId, 2, hashOf('b'))];
    const outcome = (await Promise.all(rivals.map((checkpoint) => post(checkpoint)))).map((res) => res.status);
    expect(outcome.sort()).toEqual([201, 409]);
    expect((await held(chainId)).map((row) => row.seq)).toEqual(['1', '2']);
  });

  it('counts checkpoints by result on /metrics', async () => {
    const metrics = await (await fetch(`${holder.adminUrl}/metrics`)).text();
    for (const result of ['stored', 'held', 'conflict', 'invalid_signature']) {
      expect(metrics).toMatch(new RegExp(`^vt_witness_checkpoints_total\\{result="${result}"\\} [1-9]`, 'm'));
    }
  });

  it('keeps witnessed_checkpoints append-only', async () => {
    const chainId = randomUUID();
    expect((await post(signed(chainId, 1))).status).toBe(201);
    await expect(
      holder.db.query(`UPDATE witnessed_checkpoints SET hash = $2 WHERE chain_id = $1`, [chainId, hashOf('evil')]),
    ).rejects.toThrow('witnessed_checkpoints is append-only (UPDATE refused)');
    await expect(holder.db.query(`DELETE FROM witnessed_checkpoints WHERE chain_id = $1`, [chainId])).rejects.toThrow(
      'witnessed_checkpoints is append-only (DELETE refused)',
    );
    await expect(holder.db.query(`TRUNCATE witnessed_checkpoints`)).rejects.toThrow(
      'witnessed_checkpoints is append-only (TRUNCATE refused)',
    );
    expect(await held(chainId)).toHaveLength(1);
  });

  describe('AuditWitnessClient, the hub side, over HTTP', () => {
    const client = (overrides: { url?: string; audience?: string } = {}) =>
      new AuditWitnessClient({
        url: overrides.url ?? `${holder.url}/`,
        audience: overrides.audience ?? holder.config.id,
        issuer: TEST_HUB_ISSUER,
        signingKey: { key: hubKeyPair.privateKey, kid: HUB_KID, alg: 'EdDSA' },
        timeoutMs: 5000,
        organisation: 'vt-platform',
        organisationKind: 'veilig_thuis',
      });

    it('submits: stored, held, conflict; and reads back the latest as the hub signed it', async () => {
      const chainId = randomUUID();
      const witness = client();
      expect(await witness.latest(chainId)).toBeNull();
      const head = signed(chainId, 41);
      expect(await witness.submit(head)).toBe('stored');
      expect(await witness.submit(head)).toBe('held');
      expect(await witness.submit(signed(chainId, 41, hashOf('other')))).toBe('conflict');
      expect(await witness.submit(signed(chainId, 40))).toBe('conflict');
      const latest = await witness.latest(chainId);
      expect(latest).toEqual(head);
      expect(checkpointSignatureValid(latest!, [{ kid: DEV_CHECKPOINT_KEY_ID, key: CHECKPOINT_KEY.key }])).toBe(true);
      const requests = await loggedRequests(holder, 'subject_ref LIKE $1', [`${chainId}%`]);
      expect(requests.map((row) => row.status)).toEqual([200, 201, 200, 409, 409, 200]);
      expect(requests.every((row) => row.transaction_id !== null && row.trace_id !== null)).toBe(true);
      expect(requests.every((row) => row.requesting_organisation === 'vt-platform')).toBe(true);
    });

    it('throws on a refused token, a bad checkpoint and an unreachable witness', async () => {
      const chainId = randomUUID();
      const refused = client({ audience: 'another-source' }).submit(signed(chainId, 1));
      await expect(refused).rejects.toBeInstanceOf(AuditWitnessError);
      await expect(refused).rejects.toMatchObject({ status: 401 });
      await expect(client().submit({ ...signed(chainId, 1), hash: hashOf('tampered') })).rejects.toMatchObject({
        name: 'AuditWitnessError',
        status: 400,
        message: expect.stringContaining('400 common.validation'),
      });
      await expect(client().latest('not-a-uuid')).rejects.toMatchObject({ status: 400 });
      const down = client({ url: await deadUrl() });
      await expect(down.submit(signed(chainId, 1))).rejects.toMatchObject({ status: null });
      await expect(down.latest(chainId)).rejects.toMatchObject({ status: null });
    });
  });

  it('serves the witness in custody mode too', async () => {
    const register = await startSourceHolder(database.url, { SOURCE_HOLDER_MODE: 'gezag' });
    try {
      const res = await shCall(register, 'POST', WITNESS_PATH, { body: toWitness(signed(randomUUID(), 1)) });
      expect(res.status).toBe(201);
    } finally {
      await register.close();
    }
  });

  it('reverts its migration cleanly and applies it again', async () => {
    const migrator = await new DataSource(
      sourceHolderDataSourceOptions(database.url, 1, 'vt-e2e-sh-migrations'),
    ).initialize();
    const exists = async () =>
      (await migrator.query(
        `SELECT to_regclass('witnessed_checkpoints') IS NOT NULL AS t,
                EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'witnessed_checkpoints_append_only') AS f`,
      )) as { t: boolean; f: boolean }[];
    // Later migrations are undone first, down to and including this one.
    const undo = SOURCE_HOLDER_MIGRATIONS.length - SOURCE_HOLDER_MIGRATIONS.indexOf(WitnessedCheckpoints1795600300000);
    try {
      for (let i = 0; i < undo; i++) await migrator.undoLastMigration({ transaction: 'each' });
      expect(await exists()).toEqual([{ t: false, f: false }]);
      await migrator.runMigrations({ transaction: 'each' });
      expect(await exists()).toEqual([{ t: true, f: true }]);
    } finally {
      await migrator.destroy();
    }
  });
});
