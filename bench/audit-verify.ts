import { createPrivateKey } from 'node:crypto';
import { AuditChainRepository, AuditRecord, copiedEntryChecker, GENESIS_HASH, hashEntry } from '@vt/audit';
import { DEV_CHECKPOINT_KEY_ID, DEV_CHECKPOINT_PRIVATE_JWK, signCheckpoint } from '@vt/lookups-protocol';
import { createOrganisationWithUsers, login, print, printAgainstFloor, runBench, verify } from './support';

// Six parameter arrays of 10,000 values each: one INSERT per batch, far below any statement limit.
const BATCH = 10_000;
/** A signed checkpoint after every this many entries, as a worker taking one every few minutes leaves. */
const CHECKPOINT_EVERY = 10_000;

/**
 * `GET /audit/verify` over one chain of BENCH_ENTRIES (default 1,000,000) generated entries with a
 * signed checkpoint every 10,000, beside its floor in the same run: the same rows streamed and
 * hashed in this process, without the api, the checkpoints or HTTP.
 */
runBench(async ({ database, startApi }) => {
  const total = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
  const { organisationId: chainId, users } = await createOrganisationWithUsers(database.db, [['privacy_officer']]);
  const generating = Date.now();
  let prevHash = GENESIS_HASH;
  const start = Date.now() - total;
  const key = {
    kid: DEV_CHECKPOINT_KEY_ID,
    key: createPrivateKey({ key: JSON.parse(DEV_CHECKPOINT_PRIVATE_JWK), format: 'jwk' }),
  };
  const checkpoints: unknown[][] = [[], [], [], [], []];
  for (let first = 1; first <= total; first += BATCH) {
    const columns: unknown[][] = [[], [], [], [], [], []];
    for (let seq = first; seq < Math.min(first + BATCH, total + 1); seq++) {
      const record: AuditRecord = {
        occurredAt: new Date(start + seq),
        actorUserId: users[0].id,
        actorOrganisationId: chainId,
        actorRoles: ['caseworker'],
        onBehalfOf: null,
        action: 'read',
        subjectType: 'User',
        subjectId: users[0].id,
        subjectOrganisationId: chainId,
        caseId: null,
        personRefs: [],
        purpose: null,
        legalBasis: null,
        outcome: 'success',
        requestId: null,
        clientAddress: '127.0.0.1',
      };
      const hash = hashEntry(chainId, BigInt(seq), record, prevHash);
      [seq, record.occurredAt, record.actorUserId, prevHash, hash, record.clientAddress].forEach((value, i) =>
        columns[i].push(value),
      );
      prevHash = hash;
      if (seq % CHECKPOINT_EVERY === 0) {
        const signed = signCheckpoint(key, { chainId, seq: String(seq), hash, signedAt: new Date().toISOString() });
        [signed.seq, signed.hash, signed.signedAt, signed.keyId, signed.signature].forEach((value, i) =>
          checkpoints[i].push(value),
        );
      }
    }
    await database.db.query(
      `INSERT INTO audit_entries (chain_id, seq, occurred_at, actor_user_id, actor_organisation_id, actor_roles,
           action, subject_type, subject_id, subject_organisation_id, person_refs, outcome, client_address, prev_hash, hash)
         SELECT $1, s, t, u, $1, ARRAY['caseworker'], 'read', 'User', u, $1, '{}', 'success', a, p, h
           FROM unnest($2::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[]) AS x(s, t, u, p, h, a)`,
      [chainId, ...columns],
    );
  }
  await database.db.query(`INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES ($1, $2, $3)`, [
    chainId,
    total,
    prevHash,
  ]);
  await database.db.query(
    `INSERT INTO audit_checkpoints (chain_id, seq, hash, signed_at, key_id, signature, witness_status)
       SELECT $1, s, h, t, k, g, 'not_configured'
         FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS x(s, h, t, k, g)`,
    [chainId, ...checkpoints],
  );
  // A live table has planner statistics from autovacuum; a freshly loaded one must be analysed.
  await database.db.query('ANALYZE audit_entries');
  print(
    `generated ${total} entries and ${checkpoints[0].length} signed checkpoints in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );

  const api = await startApi();
  const token = await login(api.url, users[0].email);
  const verifying = process.hrtime.bigint();
  const result = (await verify(api.url, token)) as {
    valid: boolean;
    checked: number;
    checkpoint: { seq: string } | null;
  };
  const seconds = Number(process.hrtime.bigint() - verifying) / 1e9;
  // The login itself appended one entry to the chain before the walk.
  print(
    `GET /audit/verify: valid=${result.valid} checked=${result.checked} newest matching checkpoint=${result.checkpoint?.seq} ` +
      `in ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.checked / seconds)} entries/s)`,
  );
  if (!result.valid) throw new Error('generated chain did not verify');

  // The floor: the same rows read and hashed here, the way verification does, without the api.
  const floorStart = process.hrtime.bigint();
  let hashed = 0;
  const check = copiedEntryChecker(chainId);
  for await (const rows of new AuditChainRepository(database.db).streamEntries(chainId)) {
    for (const fields of rows) {
      if (!check(fields).intact) throw new Error(`entry ${fields[0]} did not hash equal`);
      hashed += 1;
    }
  }
  const floorSeconds = Number(process.hrtime.bigint() - floorStart) / 1e9;
  print(
    `floor (same rows streamed and hashed in this process, no api): ${hashed} in ${floorSeconds.toFixed(2)} s ` +
      `(${Math.round(hashed / floorSeconds)} entries/s); api at ${(floorSeconds / seconds).toFixed(2)} of the floor's rate`,
  );
  printAgainstFloor(
    'verify rate',
    { value: result.checked / seconds, unit: 'entries/s' },
    { value: hashed / floorSeconds, unit: 'entries/s' },
    'same rows streamed and hashed, no api',
  );
});
