import { AuditRecord, GENESIS_HASH, hashEntry } from '@vt/audit';
import { createOrganisationWithUsers, login, print, runBench, verify } from './support';

// Six parameter arrays of 10,000 values each: one INSERT per batch, far below any statement limit.
const BATCH = 10_000;

/** `GET /audit/verify` over one chain of BENCH_ENTRIES (default 1,000,000) generated entries. */
runBench(async ({ database, startApi }) => {
  const total = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
  const { organisationId: chainId, users } = await createOrganisationWithUsers(database.db, [['privacy_officer']]);
  const generating = Date.now();
  let prevHash = GENESIS_HASH;
  const start = Date.now() - total;
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
  // A live table has planner statistics from autovacuum; a freshly loaded one must be analysed.
  await database.db.query('ANALYZE audit_entries');
  print(`generated ${total} entries in ${((Date.now() - generating) / 1000).toFixed(1)} s`);

  const api = await startApi();
  const token = await login(api.url, users[0].email);
  const verifying = process.hrtime.bigint();
  const result = await verify(api.url, token);
  const seconds = Number(process.hrtime.bigint() - verifying) / 1e9;
  // The login itself appended one entry to the chain before the walk.
  print(
    `GET /audit/verify: valid=${result.valid} checked=${result.checked} in ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.checked / seconds)} entries/s)`,
  );
  if (!result.valid) throw new Error('generated chain did not verify');
});
