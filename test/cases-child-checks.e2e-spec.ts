import { randomUUID } from 'node:crypto';
import { ManualClock } from '../libs/common/src';
import { call, createOrganisation, Hub, Response, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  auditOf,
  caseBody,
  CaseBody,
  expectAuditedOnce,
  expectError,
  member,
  Member,
  openCase,
  strangers,
  veiligThuis,
} from './support/cases';

const ADULTS = caseBody().persons;
const SEM = { role: 'child', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2016-04-12' };
const LOTTE = { role: 'child', firstName: 'Lotte', lastName: 'de Vries', dateOfBirth: '2020-09-03' };
const WORDS = 'Ik word bang als papa schreeuwt.';

/** Children (docs/children.md): a check per child with its own term, and the child protection board. */
describe('cases: children', () => {
  // Monday 23 November 2026: the safety assessment is due at the end of Monday 30 November.
  const clock = new ManualClock(new Date('2026-11-23T10:00:00+01:00'));
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({}, { clock });
  });
  afterAll(() => hub.close());

  /** A case with two children and the two adults, directed by the receiving caseworker. */
  async function caseWithChildren(overrides: Record<string, unknown> = {}) {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { persons: [...ADULTS, SEM, LOTTE], ...overrides });
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const personOf = (firstName: string) =>
      (created.persons as CaseBody[]).find((p) => p.firstName === firstName)!.id as string;
    return {
      vt,
      caseId: created.id as string,
      path: `/api/v1/cases/${created.id}`,
      sem: personOf('Sem'),
      lotte: personOf('Lotte'),
      anna: personOf('Anna'),
    };
  }

  const view = async (path: string, who: Member) => (await call<CaseBody>(hub, 'GET', path, { token: who.token })).body;
  const check = (path: string, pid: string, who: Member, body: unknown) =>
    call<CaseBody>(hub, 'PUT', `${path}/persons/${pid}/child-check`, { token: who.token, body });
  const refer = (path: string, who: Member, body: unknown) =>
    call<CaseBody>(hub, 'POST', `${path}/child-protection-referral`, { token: who.token, body });
  const seenCheck = {
    seen: true,
    spokenTo: true,
    childView: WORDS,
    involvement: 'both',
    caregivers: 'Moeder; overdag oma',
    schoolKnown: true,
    school: 'OBS De Linde',
  };

  async function childDeadlines(caseId: string) {
    return (await hub.db.query(
      `SELECT subject_id, status, due_at, completed_at FROM deadlines
        WHERE case_id = $1 AND kind = 'child_check' ORDER BY due_at, subject_id`,
      [caseId],
    )) as { subject_id: string; status: string; due_at: Date; completed_at: Date | null }[];
  }

  /** What a refused write must leave as it was. */
  async function snapshot(caseId: string) {
    const q = (sql: string) => hub.db.query(sql, [caseId]) as Promise<unknown[]>;
    return {
      checks: await q(`SELECT * FROM child_checks WHERE case_id = $1 ORDER BY person_id`),
      referrals: await q(`SELECT * FROM child_protection_referrals WHERE case_id = $1`),
      partners: await q(
        `SELECT organisation_id, legal_basis, categories FROM case_partners WHERE case_id = $1 ORDER BY id`,
      ),
      deadlines: await q(
        `SELECT kind, subject_id, status, version FROM deadlines WHERE case_id = $1 ORDER BY kind, subject_id`,
      ),
      events: await q(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`),
      notifications: await q(`SELECT id FROM notifications WHERE case_id = $1`),
    };
  }

  /** Refused with the status and code, and audited: denied (403, 404) or failed (409). */
  async function expectRefused(res: Response, status: number, code: string, subjectType: string, caseId: string) {
    expectError(res, status, code);
    const outcome = status === 409 ? 'failure' : 'denied';
    expect(await auditOf(hub, res)).toEqual([
      { action: expect.any(String), subject_type: subjectType, case_id: caseId, outcome },
    ]);
  }

  it('opens a child check deadline per child at intake, due with the safety assessment, and one for a child a later report names', async () => {
    const { vt, caseId, path, sem, lotte } = await caseWithChildren();
    const deadlines = await childDeadlines(caseId);
    expect(deadlines.map((d) => d.subject_id).sort()).toEqual([sem, lotte].sort());
    const [assessment] = (await hub.db.query(
      `SELECT due_at FROM deadlines WHERE case_id = $1 AND kind = 'safety_assessment'`,
      [caseId],
    )) as { due_at: Date }[];
    expect(assessment.due_at.toISOString()).toBe(new Date('2026-11-30T23:59:59+01:00').toISOString());
    for (const d of deadlines) expect(d).toMatchObject({ status: 'open', due_at: assessment.due_at });

    const own = await view(path, vt.caseworker);
    expect(own.allowedOperations).toEqual(expect.arrayContaining(['record_child_check', 'refer_child_protection']));
    expect(own.childChecks).toEqual([
      { personId: sem, check: null },
      { personId: lotte, check: null },
    ]);
    expect(own.childProtectionReferral).toBeNull();
    // Custody is offered for minors: the children, and an adult-role person under 18 by date of birth.
    const minors = (own.persons as CaseBody[]).filter((p) => p.minor).map((p) => p.firstName);
    expect(minors.sort()).toEqual(['Lotte', 'Sem']);

    // A later report names a third child (and Sem again): one more deadline, from that report's receipt.
    clock.set(new Date('2026-11-25T09:00:00+01:00'));
    const teen = { role: 'other', firstName: 'Noor', lastName: 'de Vries', dateOfBirth: '2010-01-15' };
    const baby = { role: 'child', firstName: 'Mees', lastName: 'de Vries', dateOfBirth: '2025-06-01' };
    const added = await call(hub, 'POST', `${path}/reports`, {
      token: vt.caseworker.token,
      body: caseBody({ persons: [SEM, baby, teen] }, clock.now()),
    });
    expect(added.status).toBe(201);
    const after = await childDeadlines(caseId);
    expect(after).toHaveLength(3);
    expect(after[2].due_at.toISOString()).toBe(new Date('2026-12-02T23:59:59+01:00').toISOString());
    const again = await view(path, vt.caseworker);
    expect((again.childChecks as CaseBody[]).map((c) => c.personId)).toHaveLength(3);
    const minorsNow = (again.persons as CaseBody[]).filter((p) => p.minor).map((p) => p.firstName);
    expect(minorsNow.sort()).toEqual(['Lotte', 'Mees', 'Noor', 'Sem']);
    clock.set(new Date('2026-11-23T10:00:00+01:00'));
  });

  it('offers no child operations and opens no child deadline in a case without children', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    expect(await childDeadlines(created.id)).toEqual([]);
    const own = await view(`/api/v1/cases/${created.id}`, vt.caseworker);
    expect(own.allowedOperations).not.toContain('record_child_check');
    expect(own.allowedOperations).not.toContain('refer_child_protection');
    expect(own.childChecks).toEqual([]);
    const refused = await refer(`/api/v1/cases/${created.id}`, vt.caseworker, { reason: 'partner_killing' });
    expectError(refused, 409, 'cases.conflict');
  });

  it('records a check, updates it, meets the deadline once the child is seen, and keeps the history on the timeline', async () => {
    const { vt, caseId, path, sem, lotte } = await caseWithChildren();
    const first = await check(path, sem, vt.caseworker, {
      seen: false,
      spokenTo: false,
      involvement: 'witness',
      caregivers: 'Moeder',
      schoolKnown: false,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      personId: sem,
      seen: false,
      spokenTo: false,
      childView: null,
      involvement: 'witness',
      caregivers: 'Moeder',
      schoolKnown: false,
      school: null,
      recordedBy: vt.caseworker.user.id,
      updatedBy: vt.caseworker.user.id,
    });
    await expectAuditedOnce(hub, first, caseId);
    expect((await childDeadlines(caseId)).every((d) => d.status === 'open')).toBe(true);

    // A colleague sees and speaks to Sem two days later: the check is updated, the term met.
    clock.set(new Date('2026-11-25T11:00:00+01:00'));
    const colleague = await member(hub, vt.org, ['caseworker']);
    const second = await check(path, sem, colleague, seenCheck);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      ...seenCheck,
      recordedBy: vt.caseworker.user.id,
      updatedBy: colleague.user.id,
    });
    expect(new Date(second.body.updatedAt as string).toISOString()).toBe(clock.now().toISOString());
    const deadlines = await childDeadlines(caseId);
    expect(deadlines.find((d) => d.subject_id === sem)).toMatchObject({ status: 'met', completed_at: clock.now() });
    expect(deadlines.find((d) => d.subject_id === lotte)).toMatchObject({ status: 'open' });
    expect(await hub.db.query(`SELECT count(*)::int AS n FROM child_checks WHERE case_id = $1`, [caseId])).toEqual([
      { n: 1 },
    ]);

    const own = await view(path, vt.caseworker);
    expect(own.childChecks).toEqual([
      { personId: sem, check: expect.objectContaining({ ...seenCheck, updatedBy: colleague.user.id }) },
      { personId: lotte, check: null },
    ]);
    const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token: vt.caseworker.token });
    const history = timeline.body.items.filter((e) => e.type.startsWith('child_check'));
    expect(history.map((e) => [e.type, e.category, e.actor.userId, e.data])).toEqual([
      [
        'child_check_recorded',
        'safety',
        vt.caseworker.user.id,
        {
          personId: sem,
          seen: false,
          spokenTo: false,
          involvement: 'witness',
          changed: ['seen', 'spokenTo', 'childView', 'involvement', 'caregivers', 'schoolKnown', 'school'],
        },
      ],
      [
        'child_check_updated',
        'safety',
        colleague.user.id,
        {
          personId: sem,
          seen: true,
          spokenTo: true,
          involvement: 'both',
          changed: ['seen', 'spokenTo', 'childView', 'involvement', 'caregivers', 'schoolKnown', 'school'],
        },
      ],
    ]);
    // The child's words are in the check, never in the timeline.
    expect(timeline.text).not.toContain(WORDS);
    clock.set(new Date('2026-11-23T10:00:00+01:00'));
  });

  it('refuses a check on an adult (409), an unknown person (404) and bad input (400), writing nothing', async () => {
    const { vt, caseId, path, sem, anna } = await caseWithChildren();
    const before = await snapshot(caseId);
    const adult = await check(path, anna, vt.caseworker, seenCheck);
    expectError(adult, 409, 'cases.conflict', 'personId');
    await expectRefused(adult, 409, 'cases.conflict', 'ChildCheck', caseId);
    expectError(await check(path, randomUUID(), vt.caseworker, seenCheck), 404, 'cases.not_found');
    // Someone else's child: a person of another case is no person of this one.
    const other = await caseWithChildren();
    expectError(await check(path, other.sem, vt.caseworker, seenCheck), 404, 'cases.not_found');
    const bad: [string, unknown, string][] = [
      ['an unknown involvement', { ...seenCheck, involvement: 'bystander' }, 'involvement'],
      ['a missing involvement', { ...seenCheck, involvement: undefined }, 'involvement'],
      ['seen as text', { ...seenCheck, seen: 'ja' }, 'seen'],
      ["a child's view over 4000 characters", { ...seenCheck, childView: 'x'.repeat(4001) }, 'childView'],
      ['caregivers over 500 characters', { ...seenCheck, caregivers: 'x'.repeat(501) }, 'caregivers'],
      ['a school over 200 characters', { ...seenCheck, school: 'x'.repeat(201) }, 'school'],
      ["a child's view without speaking to the child", { ...seenCheck, spokenTo: false }, 'childView'],
      ['a school while none is known', { ...seenCheck, schoolKnown: false }, 'school'],
      ['an unknown field', { ...seenCheck, mood: 'blij' }, 'mood'],
    ];
    for (const [, body, field] of bad) {
      expectError(await check(path, sem, vt.caseworker, body), 400, expect.any(String) as never, field);
    }
    expectError(
      await call(hub, 'PUT', `${path}/persons/not-a-uuid/child-check`, { token: vt.caseworker.token, body: seenCheck }),
      400,
      expect.any(String) as never,
      'pid',
    );
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('keeps the check with caseworkers of the receiving Veilig Thuis: 403 in the network, 404 outside it', async () => {
    const { vt, caseId, path, sem } = await caseWithChildren();
    const shelter = await addPartner(hub, vt.caseworker.token, caseId, 'shelter', ['basic', 'safety', 'narrative']);
    const worker = await member(hub, shelter, ['caseworker']);
    const neighbour = await addPartner(hub, vt.caseworker.token, caseId, 'veilig_thuis', ['basic', 'safety']);
    const otherVt = await member(hub, neighbour, ['caseworker']);
    // Regie with the shelter changes nothing: the check is a statutory step of the receiving organisation.
    await assignRegisseur(hub, vt.supervisor.token, caseId, worker.user.id);
    const outsider = await veiligThuis(hub);
    const before = await snapshot(caseId);
    for (const who of [vt.supervisor, worker, otherVt]) {
      await expectRefused(await check(path, sem, who, seenCheck), 403, 'cases.forbidden', 'ChildCheck', caseId);
      await expectRefused(
        await refer(path, who, { reason: 'partner_killing' }),
        403,
        'cases.forbidden',
        'ChildProtectionReferral',
        caseId,
      );
    }
    await expectRefused(
      await check(path, sem, outsider.caseworker, seenCheck),
      404,
      'cases.not_found',
      'ChildCheck',
      caseId,
    );
    expect(await snapshot(caseId)).toEqual(before);
    expect((await view(path, worker)).allowedOperations).not.toContain('record_child_check');
    expect((await view(path, vt.supervisor)).allowedOperations).not.toContain('record_child_check');
    expect((await view(path, vt.caseworker)).allowedOperations).toContain('record_child_check');
    // On a closed case the check is over too.
    await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [caseId]);
    expectError(await check(path, sem, vt.caseworker, seenCheck), 409, 'cases.wrong_phase');
    expect((await view(path, vt.caseworker)).allowedOperations).not.toContain('record_child_check');
  });

  it("shows the checks with `safety` and the child's own words with `narrative` only", async () => {
    const { vt, caseId, path, sem } = await caseWithChildren();
    expect((await check(path, sem, vt.caseworker, seenCheck)).status).toBe(200);
    const seen: Record<string, { body: CaseBody; timeline: string }> = {};
    for (const categories of [
      ['basic'],
      ['basic', 'safety'],
      ['basic', 'narrative'],
      ['basic', 'safety', 'narrative'],
    ]) {
      const org = await addPartner(hub, vt.caseworker.token, caseId, 'municipality', categories);
      const user = await member(hub, org, ['caseworker']);
      const timeline = await call(hub, 'GET', `${path}/timeline`, { token: user.token });
      seen[categories.join('+')] = { body: await view(path, user), timeline: timeline.text };
    }
    for (const key of ['basic', 'basic+narrative']) {
      expect(seen[key].body.childChecks).toBeUndefined();
      expect(seen[key].body.childProtectionReferral).toBeUndefined();
      expect(JSON.stringify(seen[key].body)).not.toContain(WORDS);
      expect(seen[key].timeline).not.toContain('child_check');
    }
    const safety = seen['basic+safety'].body.childChecks[0];
    expect(safety.check).toMatchObject({ seen: true, involvement: 'both', caregivers: 'Moeder; overdag oma' });
    expect(safety.check.childView).toBeUndefined();
    expect(JSON.stringify(seen['basic+safety'].body)).not.toContain(WORDS);
    expect(seen['basic+safety'].timeline).toContain('child_check_recorded');
    expect(seen['basic+safety+narrative'].body.childChecks[0].check.childView).toBe(WORDS);
    // Names and dates of birth are basic: every member sees who the children are.
    for (const { body } of Object.values(seen)) {
      expect((body.persons as CaseBody[]).find((p) => p.id === sem)).toMatchObject({ role: 'child', minor: true });
    }
  });

  it('brings the child protection board of the region in on a statutory basis after (attempted) partner killing, and notifies it', async () => {
    const { vt, caseId, path } = await caseWithChildren({ persons: strangers([...ADULTS, SEM, LOTTE]) });
    const region = `r-${randomUUID()}`;
    const board = await createOrganisation(hub.db, 'child_protection_board');
    await hub.db.query(`UPDATE organisations SET region = $1 WHERE id IN ($2, $3)`, [region, vt.org.id, board.id]);
    const raad = await member(hub, board, ['caseworker', 'supervisor']);
    const raadWorker = await member(hub, board, ['caseworker']);
    const raadAdmin = await member(hub, board, ['admin']);
    expectError(await call(hub, 'GET', path, { token: raad.token }), 404, 'cases.not_found');

    const res = await refer(path, vt.caseworker, { reason: 'partner_killing' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organisationId: board.id,
      reason: 'partner_killing',
      referredBy: vt.caseworker.user.id,
      notified: 2,
    });
    await expectAuditedOnce(hub, res, caseId);

    const own = await view(path, vt.caseworker);
    expect(own.partners).toContainEqual(
      expect.objectContaining({
        organisationId: board.id,
        legalBasis: 'statutory',
        legalBasisRef: expect.stringContaining('Wmo 2015'),
        categories: ['basic', 'safety', 'narrative'],
        expiresAt: null,
      }),
    );
    expect(own.childProtectionReferral).toMatchObject({ organisationId: board.id, reason: 'partner_killing' });
    expect(own.allowedOperations).toContain('record_child_check');
    expect(own.allowedOperations).not.toContain('refer_child_protection');

    // Each caseworker or supervisor of the board is told once; the admin sees no cases.
    for (const who of [raad, raadWorker]) {
      const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token: who.token });
      expect(inbox.body.items.filter((n) => n.caseId === caseId)).toEqual([
        expect.objectContaining({ kind: 'child_protection_referral', title: expect.stringContaining('partnerdoding') }),
      ]);
    }
    const adminInbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', {
      token: raadAdmin.token,
    });
    expect(adminInbox.body.items).toEqual([]);
    const seenByBoard = await view(path, raad);
    expect(seenByBoard.visibleCategories).toEqual(['basic', 'safety', 'narrative']);
    expect(seenByBoard.childChecks).toHaveLength(2);

    const before = await snapshot(caseId);
    expectError(await refer(path, vt.caseworker, { reason: 'partner_killing' }), 409, 'cases.conflict');
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('raises a board already in the network to the statutory basis, and takes a board chosen by id', async () => {
    const { vt, caseId, path } = await caseWithChildren();
    const board = await addPartner(hub, vt.caseworker.token, caseId, 'child_protection_board', ['basic']);
    await hub.db.query(`UPDATE case_partners SET legal_basis = 'consent' WHERE case_id = $1 AND organisation_id = $2`, [
      caseId,
      board.id,
    ]);
    const res = await refer(path, vt.caseworker, { reason: 'attempted_partner_killing', organisationId: board.id });
    expect(res.status).toBe(201);
    const partners = (await hub.db.query(
      `SELECT legal_basis, categories, removed_at FROM case_partners WHERE case_id = $1 AND organisation_id = $2`,
      [caseId, board.id],
    )) as CaseBody[];
    expect(partners).toEqual([
      { legal_basis: 'statutory', categories: ['basic', 'safety', 'narrative'], removed_at: null },
    ]);
  });

  it('refuses a referral without a board to add, or to an organisation that is no board, writing nothing', async () => {
    const { vt, caseId, path } = await caseWithChildren({ persons: strangers([...ADULTS, SEM, LOTTE]) });
    await hub.db.query(`UPDATE organisations SET region = $1 WHERE id = $2`, [`r-${randomUUID()}`, vt.org.id]);
    const police = await createOrganisation(hub.db, 'police');
    const before = await snapshot(caseId);
    const cases: [unknown, string][] = [
      [{ reason: 'partner_killing' }, 'organisationId'],
      [{ reason: 'partner_killing', organisationId: police.id }, 'organisationId'],
      [{ reason: 'partner_killing', organisationId: randomUUID() }, 'organisationId'],
      [{ reason: 'murder' }, 'reason'],
      [{ reason: 'partner_killing', organisationId: 'rvdk' }, 'organisationId'],
    ];
    for (const [body, field] of cases) {
      expectError(await refer(path, vt.caseworker, body), 400, expect.any(String) as never, field);
    }
    // Two boards in the region: the caller has to choose.
    const region = `r-${randomUUID()}`;
    const boards = [
      await createOrganisation(hub.db, 'child_protection_board'),
      await createOrganisation(hub.db, 'child_protection_board'),
    ];
    await hub.db.query(`UPDATE organisations SET region = $1 WHERE id = ANY($2)`, [
      region,
      [vt.org.id, ...boards.map((b) => b.id)],
    ]);
    expectError(
      await refer(path, vt.caseworker, { reason: 'partner_killing' }),
      400,
      'cases.invalid',
      'organisationId',
    );
    expect(await snapshot(caseId)).toEqual(before);
  });
});

describe('cases: a configured child check term', () => {
  const clock = new ManualClock(new Date('2026-11-23T10:00:00+01:00'));
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({}, { clock, deadlinePolicy: { childCheckWorkingDays: 2 } });
  });
  afterAll(() => hub.close());

  it('is due at the end of the configured working day, apart from the safety assessment', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { persons: [...ADULTS, SEM] });
    const rows = (await hub.db.query(`SELECT kind, due_at FROM deadlines WHERE case_id = $1 ORDER BY due_at`, [
      created.id,
    ])) as { kind: string; due_at: Date }[];
    expect(rows.map((r) => [r.kind, r.due_at.toISOString()])).toEqual([
      ['child_check', new Date('2026-11-25T23:59:59+01:00').toISOString()],
      ['safety_assessment', new Date('2026-11-30T23:59:59+01:00').toISOString()],
    ]);
  });
});
