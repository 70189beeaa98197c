import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditVerificationProcessor } from '../apps/worker/src/audit-verification.processor';
import { OrganisationsService } from '../libs/access/src';
import {
  ANONYMOUS_CHAIN,
  AuditChainRepository,
  AuditCheckpointService,
  AuditMetrics,
  AuditVerifierService,
} from '../libs/audit/src';
import { NotificationsService } from '../libs/notifications/src';
import { AuditEntryRow, rehash } from './support/audit';
import { member, veiligThuis } from './support/cases';
import {
  asOwner,
  call,
  createOrganisation,
  createUser,
  Hub,
  isolatedDatabase,
  login,
  PASSWORD,
  startHub,
} from './support/hub';
import {
  HUB_KID,
  hubKeyPair,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TestSourceHolder,
} from './support/source-holder';

interface VerifyBody {
  valid: boolean;
  checked: number;
  broken: { fromSeq: string; toSeq: string; reason: string }[];
  checkpoint: { seq: string; signedAt: string; witnessed: boolean } | null;
  witness: string;
}

/**
 * A superuser who rewrites history: switches the append-only triggers off for the session, edits
 * `edit` in one entry, re-hashes every entry after it so the chain is consistent again, and moves
 * the chain head. Exactly the attack the issue describes.
 */
async function rewriteAndRehash(hub: Hub, chainId: string, seq: number, edit: string): Promise<void> {
  await asOwner(hub, (owner: DataSource) =>
    owner.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE audit_entries SET ${edit} WHERE chain_id = $1 AND seq = $2`, [chainId, seq]);
      const rows = (await manager.query(`SELECT * FROM audit_entries WHERE chain_id = $1 AND seq >= $2 ORDER BY seq`, [
        chainId,
        seq,
      ])) as AuditEntryRow[];
      const [before] = (await manager.query(`SELECT hash FROM audit_entries WHERE chain_id = $1 AND seq = $2`, [
        chainId,
        seq - 1,
      ])) as { hash: string }[];
      let prev = before.hash;
      for (const row of rows) {
        const hash = rehash(row, prev);
        await manager.query(`UPDATE audit_entries SET prev_hash = $3, hash = $4 WHERE chain_id = $1 AND seq = $2`, [
          chainId,
          row.seq,
          prev,
          hash,
        ]);
        prev = hash;
      }
      await manager.query(`UPDATE audit_chain_heads SET last_hash = $2 WHERE chain_id = $1`, [chainId, prev]);
    }),
  );
}

/** A superuser who cuts the newest entries off and moves the head back, hub checkpoints included. */
async function cutNewest(hub: Hub, chainId: string, keep: number, alsoCheckpoints: boolean): Promise<void> {
  await asOwner(hub, (owner: DataSource) =>
    owner.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq > $2`, [chainId, keep]);
      if (alsoCheckpoints) await manager.query(`DELETE FROM audit_checkpoints WHERE chain_id = $1`, [chainId]);
      await manager.query(
        `UPDATE audit_chain_heads SET last_seq = $2,
                last_hash = (SELECT hash FROM audit_entries WHERE chain_id = $1 AND seq = $2)
          WHERE chain_id = $1`,
        [chainId, keep],
      );
    }),
  );
}

describe('signed, witnessed checkpoints of the audit chains', () => {
  let hub: Hub;
  let witness: TestSourceHolder;
  let witnessDb: { drop(): Promise<void> };

  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    const db = await sourceHolderDatabase();
    witnessDb = db;
    witness = await startSourceHolder(db.url, { SOURCE_HOLDER_ORGANISATION: 'e2e-getuige' });
    // A database of its own: taking checkpoints and the periodic check cover every chain there is,
    // and other files' chains (some broken on purpose) are not this file's business.
    database = await isolatedDatabase('checkpoints');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      AUDIT_WITNESS_URL: witness.url,
      AUDIT_WITNESS_ID: witness.config.id,
    });
  });
  afterAll(async () => {
    await hub.close();
    await witness.close();
    await witnessDb.drop();
    await database.drop();
  });

  /** A fresh organisation whose caseworker leaves `reads` entries, and its privacy officer. */
  async function chainWith(reads: number) {
    const vt = await veiligThuis(hub);
    const officer = await member(hub, vt.org, ['privacy_officer']);
    for (let i = 0; i < reads; i++) await call(hub, 'GET', '/api/v1/me', { token: vt.caseworker.token });
    return { chainId: vt.org.id, officer, caseworker: vt.caseworker };
  }

  async function headSeq(chainId: string): Promise<number> {
    const [row] = (await hub.db.query(`SELECT last_seq::int AS seq FROM audit_chain_heads WHERE chain_id = $1`, [
      chainId,
    ])) as { seq: number }[];
    return row.seq;
  }

  async function checkpointNow(token: string) {
    const res = await call<{ taken: boolean; checkpoint: { seq: string; witnessStatus: string } | null }>(
      hub,
      'POST',
      '/api/v1/audit/checkpoints',
      { token, body: {} },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  async function verify(token: string): Promise<VerifyBody> {
    const res = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('signs the head on demand, hands it to the witness, and verification says it is witnessed', async () => {
    const { chainId, officer } = await chainWith(3);
    const taken = await checkpointNow(officer.token);
    expect(taken).toMatchObject({ taken: true, checkpoint: { witnessStatus: 'stored' } });
    // A chain that did not grow gets no new checkpoint (the checkpoint request itself is entered after it).
    const seq = taken.checkpoint!.seq;
    const held = await witness.db.query(`SELECT seq FROM witnessed_checkpoints WHERE chain_id = $1`, [chainId]);
    expect(held).toEqual([{ seq }]);

    const result = await verify(officer.token);
    expect(result).toMatchObject({
      valid: true,
      broken: [],
      witness: 'ok',
      checkpoint: { seq, witnessed: true },
    });
  });

  it('names the range a superuser rewrote and re-hashed, between the last matching checkpoint and the next', async () => {
    const { chainId, officer, caseworker } = await chainWith(3);
    const first = Number((await checkpointNow(officer.token)).checkpoint!.seq);
    for (let i = 0; i < 5; i++) await call(hub, 'GET', '/api/v1/me', { token: caseworker.token });
    const second = Number((await checkpointNow(officer.token)).checkpoint!.seq);
    expect(second).toBeGreaterThan(first + 4);

    // Without the checkpoints this rewrite would pass: the chain itself is consistent again.
    await rewriteAndRehash(hub, chainId, first + 2, `outcome = 'denied'`);
    const result = await verify(officer.token);
    expect(result.valid).toBe(false);
    expect(result.broken).toEqual([
      { fromSeq: String(first + 1), toSeq: String(second), reason: 'checkpoint_mismatch' },
    ]);
    expect(result.checkpoint).toMatchObject({ seq: String(first) });
  });

  it('names entries cut off the end after a checkpoint, even when the hub’s own checkpoints are deleted too', async () => {
    const { chainId, officer, caseworker } = await chainWith(4);
    for (let i = 0; i < 3; i++) await call(hub, 'GET', '/api/v1/me', { token: caseworker.token });
    const seq = Number((await checkpointNow(officer.token)).checkpoint!.seq);

    await cutNewest(hub, chainId, seq - 3, false);
    expect((await verify(officer.token)).broken).toEqual([
      { fromSeq: String(seq - 2), toSeq: String(seq), reason: 'truncated' },
    ]);

    // The witness still holds what the hub's table no longer does.
    const other = await chainWith(4);
    const otherSeq = Number((await checkpointNow(other.officer.token)).checkpoint!.seq);
    await cutNewest(hub, other.chainId, otherSeq - 2, true);
    expect((await verify(other.officer.token)).broken).toEqual([
      { fromSeq: String(otherSeq - 1), toSeq: String(otherSeq), reason: 'truncated' },
    ]);
  });

  it('names every broken range, so one bad entry never hides another', async () => {
    const { chainId, officer } = await chainWith(10);
    await asOwner(hub, (owner) =>
      owner.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`UPDATE audit_entries SET outcome = 'denied' WHERE chain_id = $1 AND seq IN (3, 7)`, [
          chainId,
        ]);
        await manager.query(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq = 9`, [chainId]);
      }),
    );
    const result = await verify(officer.token);
    expect(result.broken).toEqual([
      { fromSeq: '3', toSeq: '3', reason: 'hash_mismatch' },
      { fromSeq: '7', toSeq: '7', reason: 'hash_mismatch' },
      { fromSeq: '9', toSeq: '9', reason: 'missing_entries' },
    ]);
    expect(await headSeq(chainId)).toBeGreaterThan(10);
  });

  it('refuses a checkpoint whose signature does not hold', async () => {
    const { chainId, officer } = await chainWith(2);
    const seq = (await checkpointNow(officer.token)).checkpoint!.seq;
    await asOwner(hub, (owner) =>
      owner.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(
          `UPDATE audit_checkpoints SET signed_at = signed_at + interval '1 second' WHERE chain_id = $1`,
          [chainId],
        );
      }),
    );
    expect((await verify(officer.token)).broken).toEqual([
      { fromSeq: seq, toSeq: seq, reason: 'checkpoint_signature' },
    ]);
  });

  it('takes checkpoints at an interval in the worker, reports broken chains on /metrics and tells privacy officers once', async () => {
    const { chainId, officer } = await chainWith(3);
    const checkpoints = hub.app.get(AuditCheckpointService);
    expect(await checkpoints.takeAll()).toBeGreaterThan(0);
    expect((await checkpoints.take(chainId)).taken).toBe(false);

    await rewriteAndRehash(hub, chainId, 2, `purpose = 'herschreven'`);
    // The worker's periodic check, run twice over the same break.
    const processor = new AuditVerificationProcessor(
      hub.app.get(AuditVerifierService),
      hub.app.get(AuditChainRepository),
      hub.app.get(AuditMetrics),
      hub.app.get(NotificationsService),
      hub.app.get(OrganisationsService),
    );
    await processor.handle();
    await processor.handle();
    const scraped = await call({ ...hub, url: hub.metricsUrl }, 'GET', '/metrics');
    expect(scraped.text).toContain(`audit_chain_broken{chain="${chainId}"} 1`);
    const inbox = await call<{ items: { kind: string; body: string }[] }>(hub, 'GET', '/api/v1/notifications', {
      token: officer.token,
    });
    expect(inbox.body.items.filter((n) => n.kind === 'audit_chain_broken')).toEqual([
      expect.objectContaining({ body: expect.stringContaining('herschreven sinds een ondertekend controlepunt') }),
    ]);
  });

  it('gives the anonymous chain to the platform’s privacy officers, and only to them', async () => {
    await call(hub, 'GET', '/api/v1/me', { token: 'not-a-token' });
    const platform = await createOrganisation(hub.db, 'platform');
    const platformOfficer = await login(hub, (await createUser(hub.db, platform.id, ['privacy_officer'])).email);
    const res = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify?chain=anonymous', { token: platformOfficer });
    expect(res.status).toBe(200);
    expect(res.body.checked).toBeGreaterThan(0);
    const entries = await call<{ items: { chainId?: string; action: string }[] }>(
      hub,
      'GET',
      '/api/v1/audit?limit=200',
      {
        token: platformOfficer,
      },
    );
    expect(entries.status).toBe(200);
    expect(entries.body.items.some((item) => item.action === 'denied')).toBe(true);

    const { officer } = await chainWith(0);
    expect((await call(hub, 'GET', '/api/v1/audit/verify?chain=anonymous', { token: officer.token })).status).toBe(403);
    expect(ANONYMOUS_CHAIN).toMatch(/^0{8}-/);
  });

  it('a reused refresh token lands in the anonymous chain and names the account’s organisation', async () => {
    const vt = await veiligThuis(hub);
    const officer = await member(hub, vt.org, ['privacy_officer']);
    const user = await createUser(hub.db, vt.org.id, ['caseworker']);
    const first = await call<{ refreshToken: string }>(hub, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    await call(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    const reuse = await call(hub, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(reuse.status).toBe(401);
    const [entry] = (await hub.db.query(`SELECT * FROM audit_entries WHERE request_id = $1`, [
      reuse.headers.get('x-request-id'),
    ])) as AuditEntryRow[];
    expect(entry).toMatchObject({
      chain_id: ANONYMOUS_CHAIN,
      purpose: 'refresh_reused',
      subject_id: user.id,
      subject_organisation_id: vt.org.id,
    });
    // The account's own privacy officer finds it, though it is in the platform's chain.
    const search = await call<{ items: { purpose: string | null }[] }>(hub, 'GET', '/api/v1/audit?limit=200', {
      token: officer.token,
    });
    expect(search.body.items.map((item) => item.purpose)).toContain('refresh_reused');
  });

  it('the app role cannot rewrite history the way a superuser can', async () => {
    const { chainId } = await chainWith(1);
    const client = new Client({ connectionString: hub.config.databaseUrl });
    await client.connect();
    try {
      await expect(client.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
      await expect(
        client.query(`UPDATE audit_checkpoints SET hash = hash WHERE chain_id = $1`, [chainId]),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
