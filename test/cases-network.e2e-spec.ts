import { call, createOrganisation, createUser, Hub, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  expectAuditedOnce,
  expectError,
  member,
  openCase,
  veiligThuis,
  directedCase as directedCaseOf,
} from './support/cases';

const REPORTER_TRACES = ['Buurvrouw', '0612345678'];

describe('cases: partner network, data categories and regie', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const directedCase = () => directedCaseOf(hub, { redFlags: ['victim_fear'] });

  it('hides a case from an organisation outside its network', async () => {
    const { path } = await directedCase();
    const police = await createOrganisation(hub.db, 'police');
    const agent = await member(hub, police, ['caseworker']);
    for (const suffix of ['', '/timeline', '/related']) {
      expectError(await call(hub, 'GET', `${path}${suffix}`, { token: agent.token }), 404, 'cases.not_found');
    }
    const list = await call<{ items: unknown[] }>(hub, 'GET', '/api/v1/cases', { token: agent.token });
    expect(list.body.items).toEqual([]);
  });

  it('shows a partner only the sections of its categories, and never the reporter', async () => {
    const { vt, created, path } = await directedCase();
    const views: Record<string, CaseBody> = {};
    for (const categories of [
      ['basic'],
      ['basic', 'safety'],
      ['basic', 'narrative'],
      ['basic', 'safety', 'narrative'],
    ]) {
      const org = await addPartner(hub, vt.caseworker.token, created.id, 'municipality', categories);
      const user = await member(hub, org, ['caseworker']);
      const res = await call<CaseBody>(hub, 'GET', path, { token: user.token });
      expect(res.status).toBe(200);
      for (const trace of REPORTER_TRACES) expect(res.text).not.toContain(trace);
      const timeline = await call(hub, 'GET', `${path}/timeline`, { token: user.token });
      for (const trace of REPORTER_TRACES) expect(timeline.text).not.toContain(trace);
      expect(timeline.text).not.toContain('radar_linked');
      views[categories.join('+')] = { ...res.body, timelineText: timeline.text };
    }
    for (const [categories, view] of Object.entries(views)) {
      expect(view.visibleCategories).toEqual(categories.split('+'));
    }
    const basic = views['basic'];
    expect(basic.persons).toHaveLength(2);
    expect(basic.deadlines).toHaveLength(1);
    for (const field of ['redFlags', 'riskLevel', 'riskReasons', 'violenceTypes', 'actions', 'escalations', 'radar']) {
      expect(basic[field]).toBeUndefined();
    }
    expect(basic.reports[0].narrative).toBeUndefined();
    expect(basic.reports[0].reporter).toBeUndefined();
    expect(basic.timelineText).not.toContain('risk_assessed');
    expect(views['basic+safety']).toMatchObject({ redFlags: ['victim_fear'], riskLevel: 'elevated', actions: [] });
    expect(views['basic+safety'].reports[0].narrative).toBeUndefined();
    expect(views['basic+safety'].timelineText).toContain('risk_assessed');
    expect(views['basic+narrative'].reports[0].narrative).toBe('Melder hoorde geschreeuw.');
    expect(views['basic+narrative'].redFlags).toBeUndefined();
    expect(views['basic+safety+narrative'].reports[0].reporter).toBeUndefined();
    // The receiving organisation itself sees the reporter.
    const own = await call<CaseBody>(hub, 'GET', path, { token: vt.supervisor.token });
    expect(own.body.visibleCategories).toEqual(['basic', 'safety', 'narrative']);
    expect(own.body.reports[0].reporter).toMatchObject({ kind: 'citizen', name: 'Buurvrouw', phone: '0612345678' });
  });

  it('limits the work queue of a partner to its categories', async () => {
    const { vt, created } = await directedCase();
    const org = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, org, ['caseworker']);
    const list = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases', { token: agent.token });
    expect(list.body.items.map((c) => c.id)).toEqual([created.id]);
    expect(list.body.items[0].riskLevel).toBeUndefined();
    const own = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases', { token: vt.caseworker.token });
    expect(own.body.items[0].riskLevel).toBe('elevated');
  });

  it('shows medical notes only to medical users of the organisation that wrote them', async () => {
    const { vt, created, path } = await directedCase();
    const doctor = await member(hub, vt.org, ['medical']);
    const res = await call(hub, 'POST', `${path}/notes`, {
      token: doctor.token,
      body: { category: 'medical', text: 'Letsel aan de hals gezien' },
    });
    expect(res.status).toBe(201);
    await expectAuditedOnce(hub, res, created.id);
    expectError(
      await call(hub, 'POST', `${path}/notes`, {
        token: vt.caseworker.token,
        body: { category: 'medical', text: 'Geen arts' },
      }),
      403,
      'cases.forbidden',
    );
    const partner = await addPartner(hub, vt.caseworker.token, created.id, 'shelter', ['basic', 'safety', 'narrative']);
    const otherDoctor = await member(hub, partner, ['medical']);
    const text = async (token: string) =>
      (await call(hub, 'GET', path, { token })).text + (await call(hub, 'GET', `${path}/timeline`, { token })).text;
    expect(await text(doctor.token)).toContain('Letsel aan de hals gezien');
    expect(await text(vt.caseworker.token)).not.toContain('Letsel');
    expect(await text(vt.supervisor.token)).not.toContain('Letsel');
    expect(await text(otherDoctor.token)).not.toContain('Letsel');
    expect(await text(otherDoctor.token)).not.toContain('"medical"');
  });

  it('refuses a note in a category the partner may not see', async () => {
    const { vt, created, path } = await directedCase();
    const org = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, org, ['caseworker']);
    const res = await call(hub, 'POST', `${path}/notes`, {
      token: agent.token,
      body: { category: 'safety', text: 'x' },
    });
    expectError(res, 403, 'cases.forbidden');
    expectError(
      await call(hub, 'POST', `${path}/notes`, { token: agent.token, body: { category: 'reporter', text: 'x' } }),
      400,
      'common.validation',
      'category',
    );
  });

  it('takes access away at once from an expired partner and a removed one', async () => {
    const { vt, created, path } = await directedCase();
    const expiring = await addPartner(
      hub,
      vt.caseworker.token,
      created.id,
      'police',
      ['basic'],
      new Date(Date.now() + 86_400_000).toISOString(),
    );
    const removed = await addPartner(hub, vt.caseworker.token, created.id, 'probation', ['basic']);
    const agent = await member(hub, expiring, ['caseworker']);
    const officer = await member(hub, removed, ['caseworker']);
    expect((await call(hub, 'GET', path, { token: agent.token })).status).toBe(200);
    expect((await call(hub, 'GET', path, { token: officer.token })).status).toBe(200);

    await hub.db.query(
      `UPDATE case_partners SET expires_at = now() - interval '1 second' WHERE case_id = $1 AND organisation_id = $2`,
      [created.id, expiring.id],
    );
    const res = await call(hub, 'DELETE', `${path}/partners/${removed.id}`, { token: vt.caseworker.token });
    expect(res.status).toBe(204);
    await expectAuditedOnce(hub, res, created.id);

    for (const token of [agent.token, officer.token]) {
      expectError(await call(hub, 'GET', path, { token }), 404, 'cases.not_found');
      expectError(await call(hub, 'GET', `${path}/timeline`, { token }), 404, 'cases.not_found');
      const list = await call<{ items: unknown[] }>(hub, 'GET', '/api/v1/cases', { token });
      expect(list.body.items).toEqual([]);
    }
    const view = await call<CaseBody>(hub, 'GET', path, { token: vt.caseworker.token });
    expect(view.body.partners.map((p: CaseBody) => p.organisationId)).not.toContain(removed.id);
    // An expired partner can be invited again.
    const again = await call(hub, 'POST', `${path}/partners`, {
      token: vt.caseworker.token,
      body: { organisationId: expiring.id, legalBasis: 'consent', legalBasisRef: 'Toestemming', categories: ['basic'] },
    });
    expect(again.status).toBe(201);
    expect((await call(hub, 'GET', path, { token: agent.token })).status).toBe(200);
  });

  it('validates partner changes and refuses them to those without regie', async () => {
    const { vt, created, path } = await directedCase();
    const police = await createOrganisation(hub.db, 'police');
    const body = {
      organisationId: police.id,
      legalBasis: 'statutory',
      legalBasisRef: 'Politiewet',
      categories: ['basic'],
    };
    const colleague = await member(hub, vt.org, ['caseworker']);
    expectError(await call(hub, 'POST', `${path}/partners`, { token: colleague.token, body }), 403, 'cases.forbidden');
    const token = vt.caseworker.token;
    const invalid: [Record<string, unknown>, string, string][] = [
      [{ ...body, legalBasis: 'convenience' }, 'legalBasis', 'common.validation'],
      [{ ...body, categories: ['medical'] }, 'categories', 'common.validation'],
      [{ ...body, categories: [] }, 'categories', 'common.validation'],
      [{ ...body, organisationId: 'politie' }, 'organisationId', 'common.validation'],
      [{ ...body, organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId', 'cases.invalid'],
      [{ ...body, expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', 'cases.invalid'],
      [{ ...body, note: 'extra' }, 'note', 'common.validation'],
    ];
    for (const [bad, field, code] of invalid) {
      expectError(await call(hub, 'POST', `${path}/partners`, { token, body: bad }), 400, code, field);
    }
    expect((await call(hub, 'POST', `${path}/partners`, { token, body })).status).toBe(201);
    expectError(await call(hub, 'POST', `${path}/partners`, { token, body }), 409, 'cases.conflict', 'organisationId');
    expectError(await call(hub, 'DELETE', `${path}/partners/${vt.org.id}`, { token }), 409, 'cases.conflict');
    const stranger = await createOrganisation(hub.db, 'shelter');
    expectError(await call(hub, 'DELETE', `${path}/partners/${stranger.id}`, { token }), 404, 'cases.not_found');
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM case_partners WHERE case_id = $1`, [
      created.id,
    ])) as { n: number }[];
    expect(n).toBe(2);
  });

  it('keeps cases without a regisseur on the waiting list until a supervisor assigns one', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    const path = `/api/v1/cases/${created.id}`;
    const waiting = async () =>
      (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases?regisseur=none', { token: vt.supervisor.token }))
        .body.items;
    expect((await waiting()).map((c) => c.id)).toEqual([created.id]);
    expectError(
      await call(hub, 'PUT', `${path}/regisseur`, {
        token: vt.caseworker.token,
        body: { userId: vt.caseworker.user.id },
      }),
      403,
      'cases.forbidden',
    );
    const res = await call<CaseBody>(hub, 'PUT', `${path}/regisseur`, {
      token: vt.supervisor.token,
      body: { userId: vt.caseworker.user.id, reason: 'Intake' },
    });
    expect(res.status).toBe(200);
    expect(res.body.regisseur).toEqual({ userId: vt.caseworker.user.id, organisationId: vt.org.id });
    await expectAuditedOnce(hub, res, created.id);
    expect(await waiting()).toEqual([]);
    const mine = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases?regisseur=me', {
      token: vt.caseworker.token,
    });
    expect(mine.body.items.map((c) => c.id)).toEqual([created.id]);
  });

  it('orders my cases by urgency and the waiting list by risk, page by page, with the persons by name', async () => {
    const vt = await veiligThuis(hub);
    const [later, breached, atRisk] = [
      await openCase(hub, vt.caseworker.token),
      await openCase(hub, vt.caseworker.token),
      await openCase(hub, vt.caseworker.token),
    ];
    for (const c of [later, breached, atRisk])
      await assignRegisseur(hub, vt.supervisor.token, c.id, vt.caseworker.user.id);
    const dueIn = (hours: number) => new Date(Date.now() + hours * 3_600_000);
    await hub.db.query(`UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND status = 'open'`, [
      later.id,
      dueIn(24 * 30),
    ]);
    await hub.db.query(`UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND status = 'open'`, [
      atRisk.id,
      dueIn(1),
    ]);
    await hub.db.query(
      `UPDATE deadlines SET status = 'breached', breached_at = now(), due_at = $2 WHERE case_id = $1 AND status = 'open'`,
      [breached.id, dueIn(-24)],
    );
    const mine = (query: string) =>
      call<{ items: CaseBody[]; nextCursor: string | null }>(hub, 'GET', `/api/v1/cases?regisseur=me${query}`, {
        token: vt.caseworker.token,
      });
    expect((await mine('')).body.items.map((c) => c.id)).toEqual([atRisk.id, breached.id, later.id]);
    expect((await mine('&sort=urgency')).body.items.map((c) => c.id)).toEqual([breached.id, atRisk.id, later.id]);
    // Page by page, the keys in the cursor: each case once, in the same order.
    const paged: string[] = [];
    for (let cursor = ''; ;) {
      const page = await mine(`&sort=urgency&limit=1${cursor && `&cursor=${cursor}`}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.items.map((c) => c.id));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    expect(paged).toEqual([breached.id, atRisk.id, later.id]);
    expect((await mine('&sort=urgency')).body.items[0].persons).toEqual([
      { role: 'victim', firstName: 'Anna', lastName: 'de Vries' },
      { role: 'suspect', firstName: 'Bram', lastName: 'de Vries' },
    ]);

    const other = await veiligThuis(hub);
    const dangerous = await openCase(hub, other.caseworker.token, { redFlags: ['strangulation'] });
    const calm = await openCase(hub, other.caseworker.token, { redFlags: [] });
    const waiting = (query: string) =>
      call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases?regisseur=none${query}`, {
        token: other.supervisor.token,
      });
    expect((await waiting('')).body.items.map((c) => c.id)).toEqual([calm.id, dangerous.id]);
    expect((await waiting('&sort=risk')).body.items.map((c) => c.id)).toEqual([dangerous.id, calm.id]);

    // A computed order reads a bounded list only; a cursor is one the api gave.
    expectError(await mine('&sort=risk'), 400, 'cases.invalid', 'sort');
    expectError(await waiting('&sort=urgency'), 400, 'cases.invalid', 'sort');
    expectError(
      await call(hub, 'GET', '/api/v1/cases?sort=urgency', { token: vt.caseworker.token }),
      400,
      'cases.invalid',
      'sort',
    );
    expectError(await mine('&sort=urgency&cursor=bm9wZQ'), 400, 'cases.invalid', 'cursor');
  });

  it("lists one worker's cases by their user id, as the supervisor's caseload opens them, within the caller's reach", async () => {
    const vt = await veiligThuis(hub);
    const [first, second] = [await openCase(hub, vt.caseworker.token), await openCase(hub, vt.caseworker.token)];
    await assignRegisseur(hub, vt.supervisor.token, second.id, vt.caseworker.user.id);
    await assignRegisseur(hub, vt.supervisor.token, first.id, vt.caseworker.user.id);
    await hub.db.query(
      `UPDATE deadlines SET status = 'breached', breached_at = now(), due_at = now() - interval '1 day'
        WHERE case_id = $1 AND status = 'open'`,
      [first.id],
    );
    const workerCases = (token: string, query = '') =>
      call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases?regisseur=${vt.caseworker.user.id}${query}`, { token });
    expect((await workerCases(vt.supervisor.token)).body.items.map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await workerCases(vt.supervisor.token, '&sort=urgency')).body.items.map((c) => c.id)).toEqual([
      first.id,
      second.id,
    ]);
    // Only within reach: another organisation's supervisor sees none of them.
    const other = await veiligThuis(hub);
    const outside = await workerCases(other.supervisor.token);
    expect(outside.status).toBe(200);
    expect(outside.body.items).toEqual([]);
    expectError(
      await call(hub, 'GET', '/api/v1/cases?regisseur=iemand', { token: vt.supervisor.token }),
      400,
      'common.validation',
      'regisseur',
    );
  });

  it('lets the regisseur hand over to a partner; regie and its sight move, grants and history are kept', async () => {
    const { vt, created, path } = await directedCase();
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const municipality = await addPartner(hub, vt.caseworker.token, created.id, 'municipality', ['basic'], inAWeek);
    const worker = await member(hub, municipality, ['caseworker']);
    const chief = await member(hub, municipality, ['supervisor']);
    const res = await call(hub, 'PUT', `${path}/regisseur`, {
      token: vt.caseworker.token,
      body: { userId: worker.user.id, reason: 'Wijkteam neemt over' },
    });
    expect(res.status).toBe(200);
    await expectAuditedOnce(hub, res, created.id);
    const view = await call<CaseBody>(hub, 'GET', path, { token: worker.token });
    expect(view.body).toMatchObject({
      regieOrganisationId: municipality.id,
      regisseur: { userId: worker.user.id, organisationId: municipality.id },
      riskLevel: 'elevated',
    });
    expect(view.body.reports[0].narrative).toBe('Melder hoorde geschreeuw.');
    for (const trace of REPORTER_TRACES) expect(view.text).not.toContain(trace);
    // Holding regie shows everything; the recorded grant stays what its legal basis allows, and
    // the regie organisation's membership no longer expires.
    expect(view.body.partners.find((p: CaseBody) => p.organisationId === municipality.id)).toMatchObject({
      categories: ['basic'],
      expiresAt: null,
    });
    expect(view.body.regieHistory).toMatchObject([
      {
        fromUserId: null,
        toUserId: vt.caseworker.user.id,
        toOrganisationId: vt.org.id,
        assignedBy: vt.supervisor.user.id,
      },
      {
        fromUserId: vt.caseworker.user.id,
        fromOrganisationId: vt.org.id,
        toUserId: worker.user.id,
        toOrganisationId: municipality.id,
        assignedBy: vt.caseworker.user.id,
        reason: 'Wijkteam neemt over',
      },
    ]);
    // The former regisseur and their supervisor no longer direct the case; they still take part.
    expect((await call(hub, 'GET', path, { token: vt.caseworker.token })).status).toBe(200);
    expectError(
      await call(hub, 'PUT', `${path}/regisseur`, {
        token: vt.supervisor.token,
        body: { userId: vt.caseworker.user.id },
      }),
      403,
      'cases.forbidden',
    );
    const back = await call(hub, 'PUT', `${path}/regisseur`, {
      token: chief.token,
      body: { userId: chief.user.id },
    });
    expect(back.status).toBe(200);
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM regie_assignments WHERE case_id = $1`, [
      created.id,
    ])) as { n: number }[];
    expect(n).toBe(3);
  });

  it('gives the sight back when regie moves on: the former regie organisation sees its own grant again', async () => {
    const { vt, created, path } = await directedCase();
    const municipality = await addPartner(hub, vt.caseworker.token, created.id, 'municipality', ['basic']);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const worker = await member(hub, municipality, ['caseworker']);
    const agent = await member(hub, police, ['caseworker']);
    const handOver = (token: string, userId: string) =>
      call(hub, 'PUT', `${path}/regisseur`, { token, body: { userId } });
    expect((await handOver(vt.caseworker.token, worker.user.id)).status).toBe(200);
    expect((await handOver(worker.token, agent.user.id)).status).toBe(200);
    const seen = await call<CaseBody>(hub, 'GET', path, { token: worker.token });
    expect(seen.status).toBe(200);
    expect(seen.body.redFlags).toBeUndefined();
    expect(seen.body.reports[0].narrative).toBeUndefined();
    expect(seen.body.assessmentSummary).toBeUndefined();
  });

  it('keeps the receiving organisation in the network, whoever holds regie', async () => {
    const { vt, created, path } = await directedCase();
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    await call(hub, 'PUT', `${path}/regisseur`, { token: vt.caseworker.token, body: { userId: agent.user.id } });
    expectError(
      await call(hub, 'DELETE', `${path}/partners/${vt.org.id}`, { token: agent.token }),
      409,
      'cases.conflict',
      'organisationId',
    );
    expect((await call(hub, 'GET', path, { token: vt.caseworker.token })).status).toBe(200);
  });

  it('refuses a regisseur outside the network, inactive or without a case role', async () => {
    const { vt, path } = await directedCase();
    const outside = await createOrganisation(hub.db, 'police');
    const candidates = [
      await createUser(hub.db, outside.id, ['caseworker']),
      await createUser(hub.db, vt.org.id, ['caseworker'], { active: false }),
      await createUser(hub.db, vt.org.id, ['admin']),
    ];
    for (const candidate of candidates) {
      const res = await call(hub, 'PUT', `${path}/regisseur`, {
        token: vt.caseworker.token,
        body: { userId: candidate.id },
      });
      expectError(res, 400, 'cases.invalid', 'userId');
    }
    expectError(
      await call(hub, 'PUT', `${path}/regisseur`, { token: vt.caseworker.token, body: { userId: 'iemand' } }),
      400,
      'common.validation',
      'userId',
    );
    const view = await call<CaseBody>(hub, 'GET', path, { token: vt.caseworker.token });
    expect(view.body.regisseur.userId).toBe(vt.caseworker.user.id);
    expect(view.body.regieHistory).toHaveLength(1);
  });
});
