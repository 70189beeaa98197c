import {
  asOwner,
  auditCount,
  call,
  createOrganisation,
  createUser,
  Hub,
  login,
  PASSWORD,
  startHub,
  TestOrganisation,
} from './support/hub';

interface VerifyBody {
  valid: boolean;
  checked: number;
  firstBrokenSeq?: string;
}

interface SearchBody {
  items: { id: string; actorUserId: string; actorOrganisationId: string; action: string; subjectType: string }[];
  nextCursor: string | null;
}

describe('audit log', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /** An organisation with a privacy officer and a caseworker whose reads fill its chain. */
  async function organisationWithEntries(reads = 5) {
    const org = await createOrganisation(hub.db);
    const officer = await createUser(hub.db, org.id, ['privacy_officer']);
    const caseworker = await createUser(hub.db, org.id, ['caseworker']);
    const officerToken = await login(hub, officer.email);
    const caseworkerToken = await login(hub, caseworker.email);
    for (let i = 0; i < reads; i++)
      expect((await call(hub, 'GET', '/api/v1/me', { token: caseworkerToken })).status).toBe(200);
    return { org, officer, caseworker, officerToken, caseworkerToken };
  }

  async function chainSeqs(org: TestOrganisation): Promise<number[]> {
    const rows = (await hub.db.query(`SELECT seq::int AS seq FROM audit_entries WHERE chain_id = $1 ORDER BY seq`, [
      org.id,
    ])) as { seq: number }[];
    return rows.map((r) => r.seq);
  }

  /** Changes the log behind the application's back, as the database owner with the trigger disabled. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    // One transaction: other sessions never see the table without its guard.
    await asOwner(hub, (owner) =>
      owner.transaction(async (manager) => {
        await manager.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete');
        await manager.query(sql, params);
        await manager.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete');
      }),
    );
  }

  // The app role lacks these rights altogether (database-roles.e2e-spec.ts); the triggers hold for the owner too.
  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { org } = await organisationWithEntries(1);
    await asOwner(hub, async (owner) => {
      await expect(
        owner.query(`UPDATE audit_entries SET outcome = 'success' WHERE chain_id = $1`, [org.id]),
      ).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_entries WHERE chain_id = $1`, [org.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    });
    expect((await chainSeqs(org)).length).toBeGreaterThan(0);
  });

  it('verify names exactly the entry that was changed behind the application’s back', async () => {
    const { org, officerToken } = await organisationWithEntries(6);
    const before = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token: officerToken });
    expect(before.status).toBe(200);
    expect(before.body.valid).toBe(true);
    expect(before.body.checked).toBeGreaterThanOrEqual(8);

    const seqs = await chainSeqs(org);
    const target = seqs[Math.floor(seqs.length / 2)];
    await tamper(`UPDATE audit_entries SET outcome = 'denied' WHERE chain_id = $1 AND seq = $2`, [org.id, target]);

    const after = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token: officerToken });
    expect(after.status).toBe(200);
    // The whole chain is walked; the changed entry is named, and nothing else.
    expect(after.body).toMatchObject({
      valid: false,
      firstBrokenSeq: String(target),
      broken: [{ fromSeq: String(target), toSeq: String(target), reason: 'hash_mismatch' }],
    });
  });

  it('verify names a removed entry, in the middle or at the end of the chain', async () => {
    const middle = await organisationWithEntries(4);
    const seqs = await chainSeqs(middle.org);
    await tamper(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq = $2`, [middle.org.id, seqs[2]]);
    const gap = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token: middle.officerToken });
    expect(gap.body).toMatchObject({ valid: false, firstBrokenSeq: String(seqs[2]) });

    const end = await organisationWithEntries(2);
    // The verify request's own entry is written after the walk, so the cut end is what it finds.
    const last = Math.max(...(await chainSeqs(end.org)));
    await tamper(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq = $2`, [end.org.id, last]);
    const cut = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', { token: end.officerToken });
    expect(cut.body).toMatchObject({ valid: false, firstBrokenSeq: String(last) });
  });

  it('keeps one chain without forks or gaps under concurrent writers in two api instances', async () => {
    const second = await startHub();
    try {
      const org = await createOrganisation(hub.db);
      const users = await Promise.all(Array.from({ length: 4 }, () => createUser(hub.db, org.id, ['caseworker'])));
      const officer = await createUser(hub.db, org.id, ['privacy_officer']);
      const tokens = await Promise.all(users.map((u, i) => login(i % 2 ? second : hub, u.email)));
      const requests = Array.from({ length: 300 }, (_, i) =>
        call(i % 2 ? second : hub, 'GET', '/api/v1/me', { token: tokens[i % tokens.length] }),
      );
      const statuses = await Promise.all(requests);
      expect(statuses.every((r) => r.status === 200)).toBe(true);

      const seqs = await chainSeqs(org);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      // 4 logins and 300 reads, each with exactly one entry.
      expect(seqs.length).toBe(304);
      const verify = await call<VerifyBody>(hub, 'GET', '/api/v1/audit/verify', {
        token: await login(second, officer.email),
      });
      expect(verify.body).toMatchObject({ valid: true, checked: 305, broken: [] });
    } finally {
      await second.close();
    }
  });

  describe('when the audit log cannot be written', () => {
    let org: TestOrganisation;

    beforeAll(async () => {
      org = await createOrganisation(hub.db);
    });
    afterEach(() =>
      asOwner(hub, (owner) => owner.query(`DROP TRIGGER IF EXISTS audit_fails_for_test ON audit_entries`)),
    );

    /** Makes audit inserts fail for this one organisation only, so parallel tests are unaffected. */
    async function breakAuditFor(target: TestOrganisation): Promise<void> {
      await asOwner(hub, async (owner) => {
        await owner.query(`
        CREATE OR REPLACE FUNCTION audit_fails_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.actor_organisation_id::text = TG_ARGV[0] THEN RAISE EXCEPTION 'audit store unavailable'; END IF;
          RETURN NEW;
        END $$`);
        await owner.query(
          `CREATE TRIGGER audit_fails_for_test BEFORE INSERT ON audit_entries
           FOR EACH ROW EXECUTE FUNCTION audit_fails_for_test('${target.id}')`,
        );
      });
    }

    it('fails a read instead of serving it unaudited', async () => {
      const user = await createUser(hub.db, org.id, ['caseworker']);
      const token = await login(hub, user.email);
      await breakAuditFor(org);
      const res = await call(hub, 'GET', '/api/v1/me', { token });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'audit.write_failed' });
      expect(res.text).not.toContain(user.email);
    });

    it('fails a write and leaves nothing of it behind', async () => {
      const admin = await createUser(hub.db, org.id, ['admin']);
      const target = await createUser(hub.db, org.id, ['caseworker']);
      const token = await login(hub, admin.email);
      await breakAuditFor(org);
      const res = await call(hub, 'PATCH', `/api/v1/organisations/${org.id}/users/${target.id}`, {
        token,
        body: { roles: ['supervisor'] },
      });
      expect(res.status).toBe(503);
      const [row] = (await hub.db.query(`SELECT roles FROM users WHERE id = $1`, [target.id])) as { roles: string[] }[];
      expect(row.roles).toEqual(['caseworker']);
    });

    it('fails a login rather than letting it pass unrecorded', async () => {
      const user = await createUser(hub.db, org.id, ['caseworker']);
      await breakAuditFor(org);
      const res = await call(hub, 'POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } });
      expect(res.status).toBe(503);
      expect(res.body).not.toHaveProperty('accessToken');
    });
  });

  describe('GET /audit', () => {
    it('shows a privacy officer only entries about their own organisation, in pages', async () => {
      const own = await organisationWithEntries(7);
      const other = await organisationWithEntries(3);
      const seen: SearchBody['items'] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=3&actorUserId=${own.caseworker.id}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call<SearchBody>(hub, 'GET', `/api/v1/audit${query}`, { token: own.officerToken });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      // A login and seven reads, newest first, each once.
      expect(seen).toHaveLength(8);
      expect(new Set(seen.map((e) => e.id)).size).toBe(8);
      expect(seen.map((e) => Number(e.id))).toEqual([...seen.map((e) => Number(e.id))].sort((a, b) => b - a));

      const foreign = await call<SearchBody>(hub, 'GET', `/api/v1/audit?actorUserId=${other.caseworker.id}`, {
        token: own.officerToken,
      });
      expect(foreign.status).toBe(200);
      expect(foreign.body.items).toEqual([]);
      const everything = await call<SearchBody>(hub, 'GET', '/api/v1/audit?limit=200', { token: own.officerToken });
      expect(everything.body.items.every((e) => e.actorOrganisationId === own.org.id)).toBe(true);
    });

    it('audits reads of the audit log itself', async () => {
      const { officer, officerToken } = await organisationWithEntries(1);
      const before = await auditCount(hub.db, `actor_user_id = $1 AND subject_type = 'AuditEntry'`, [officer.id]);
      await call(hub, 'GET', '/api/v1/audit', { token: officerToken });
      await call(hub, 'GET', '/api/v1/audit/verify', { token: officerToken });
      expect(
        await auditCount(
          hub.db,
          `actor_user_id = $1 AND subject_type = 'AuditEntry' AND action IN ('search', 'verify')`,
          [officer.id],
        ),
      ).toBe(before + 2);
    });

    it('rejects bad filters with a 400 naming the field', async () => {
      const { officerToken } = await organisationWithEntries(0);
      for (const query of ['limit=0', 'limit=201', 'caseId=nope', 'from=yesterday', 'cursor=%21%21', 'unknown=1']) {
        const res = await call(hub, 'GET', `/api/v1/audit?${query}`, { token: officerToken });
        expect({ query, status: res.status, code: res.body.code }).toMatchObject({ query, status: 400 });
        expect(res.body.requestId).toEqual(expect.any(String));
      }
    });
  });
});
