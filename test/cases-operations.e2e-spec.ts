import { call, createUser, Hub, startHub } from './support/hub';
import { addPartner, auditOf, CaseBody, directedCase, expectError, member } from './support/cases';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('cases: what the caller may do, as the api tells the client', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const view = async (path: string, token: string) => (await call<CaseBody>(hub, 'GET', path, { token })).body;

  it('names per caller the operations open in the phase, and each one named is one the api accepts', async () => {
    const { vt, created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);

    expect((await view(path, token)).allowedOperations).toEqual([
      'assign_regisseur',
      'manage_partners',
      'add_report',
      'record_safety_assessment',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
      'assess_risk',
    ]);
    expect((await view(path, vt.supervisor.token)).allowedOperations).toEqual(['assign_regisseur', 'manage_partners']);
    expect((await view(path, agent.token)).allowedOperations).toEqual(['record_restraining_order', 'assess_risk']);

    // Not named: refused for the reason the api gives (403 not allowed, 409 wrong phase).
    const assess = { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Zorgen.' };
    expectError(
      await call(hub, 'POST', `${path}/safety-assessment`, { token: agent.token, body: assess }),
      403,
      'cases.forbidden',
    );
    expectError(
      await call(hub, 'POST', `${path}/investigation/suspensions`, { token, body: { reason: 'Wacht op politie.' } }),
      409,
      'cases.wrong_phase',
    );
    expect((await call(hub, 'POST', `${path}/safety-assessment`, { token, body: assess })).status).toBe(200);

    expect((await view(path, token)).allowedOperations).toEqual([
      'assign_regisseur',
      'manage_partners',
      'add_report',
      'suspend_investigation',
      'complete_investigation',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
      'assess_risk',
    ]);
    expect((await view(path, vt.supervisor.token)).allowedOperations).toEqual([
      'assign_regisseur',
      'manage_partners',
      'extend_investigation',
    ]);

    const complete = { conclusion: 'Afgerond.', decision: 'close' };
    expect((await call(hub, 'POST', `${path}/investigation/complete`, { token, body: complete })).status).toBe(200);
    // Closing opened the follow-up checks, which the regie organisation records.
    expect((await view(path, token)).allowedOperations).toEqual(['add_report', 'record_follow_up_check']);
    expect((await view(path, agent.token)).allowedOperations).toEqual([]);
  });

  it('marks the rows the caller may act on: actions, escalations, suspensions and restraining orders', async () => {
    const { vt, created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const chief = await member(hub, police, ['supervisor']);
    const town = await addPartner(hub, token, created.id, 'municipality', ['basic', 'safety']);
    const clerk = await member(hub, town, ['caseworker']);

    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token,
      body: { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt: inDays(3) },
    });
    expect(action.status).toBe(201);
    const escalation = await call(hub, 'POST', `${path}/escalations`, {
      token,
      body: { targetOrganisationId: police.id, reason: 'Huisbezoek blijft uit.' },
    });
    expect(escalation.status).toBe(201);
    const order = await call(hub, 'POST', `${path}/restraining-orders`, {
      token: agent.token,
      body: {
        imposedAt: new Date().toISOString(),
        imposedBy: 'Burgemeester van Utrecht',
        subjectPersonId: (created.persons as CaseBody[]).find((p) => p.role === 'suspect')!.id,
      },
    });
    expect(order.status).toBe(201);

    const flags = (c: CaseBody) => ({
      action: c.actions[0].mayUpdate,
      escalation: c.escalations[0].mayResolve,
      order: c.restrainingOrders[0].mayExtend,
    });
    expect(flags(await view(path, token))).toEqual({ action: true, escalation: false, order: true });
    expect(flags(await view(path, agent.token))).toEqual({ action: true, escalation: false, order: true });
    expect(flags(await view(path, chief.token))).toEqual({ action: true, escalation: true, order: false });
    expect(flags(await view(path, clerk.token))).toEqual({ action: false, escalation: false, order: true });
    expect(flags(await view(path, vt.supervisor.token))).toEqual({ action: false, escalation: false, order: false });

    // The flags promise what the api accepts.
    expectError(
      await call(hub, 'PATCH', `${path}/actions/${action.body.id}`, { token: clerk.token, body: { status: 'done' } }),
      403,
      'cases.forbidden',
    );
    const done = await call(hub, 'PATCH', `${path}/actions/${action.body.id}`, {
      token: agent.token,
      body: { status: 'done' },
    });
    expect(done.status).toBe(200);
    expect((await view(path, agent.token)).actions[0].mayUpdate).toBe(false);
  });

  it('marks a running suspension as one a caseworker of the receiving Veilig Thuis may end', async () => {
    const { created, path, token } = await directedCase(hub);
    const assess = { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Zorgen.' };
    expect((await call(hub, 'POST', `${path}/safety-assessment`, { token, body: assess })).status).toBe(200);
    const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const suspended = await call(hub, 'POST', `${path}/investigation/suspensions`, {
      token,
      body: { reason: 'Wacht op politie.' },
    });
    expect(suspended.status).toBe(201);
    const current = await view(path, token);
    expect(current.allowedOperations).not.toContain('suspend_investigation');
    expect(current.investigation.suspensions[0].mayEnd).toBe(true);
    expect((await view(path, agent.token)).investigation.suspensions[0].mayEnd).toBe(false);
  });

  it('lists who regie may move to: active caseworkers and supervisors of the network, never outsiders', async () => {
    const { vt, created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    const chief = await member(hub, police, ['supervisor']);
    await createUser(hub.db, police.id, ['privacy_officer']);
    const gone = await createUser(hub.db, police.id, ['caseworker']);
    await hub.db.query(`UPDATE users SET active = false WHERE id = $1`, [gone.id]);
    const removed = await addPartner(hub, token, created.id, 'municipality', ['basic']);
    await createUser(hub.db, removed.id, ['caseworker']);
    expect((await call(hub, 'DELETE', `${path}/partners/${removed.id}`, { token })).status).toBe(204);

    const res = await call<{ items: { userId: string; organisationId: string; roles: string[] }[] }>(
      hub,
      'GET',
      `${path}/regisseur-candidates`,
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((c) => c.userId).sort()).toEqual(
      [vt.supervisor.user.id, agent.user.id, chief.user.id].sort(),
    );
    expect(res.body.items.find((c) => c.userId === chief.user.id)).toMatchObject({
      organisationId: police.id,
      organisationName: expect.any(String),
      name: expect.any(String),
      roles: ['supervisor'],
    });
    expect(Object.keys(res.body.items[0]).sort()).toEqual([
      'name',
      'organisationId',
      'organisationName',
      'roles',
      'userId',
    ]);
    expect(await auditOf(hub, res)).toEqual([
      { action: 'search', subject_type: 'RegisseurCandidates', case_id: created.id, outcome: 'success' },
    ]);

    // A candidate the list names is one the api accepts.
    const moved = await call(hub, 'PUT', `${path}/regisseur`, { token, body: { userId: chief.user.id } });
    expect(moved.status).toBe(200);

    expectError(await call(hub, 'GET', `${path}/regisseur-candidates`, { token: agent.token }), 403, 'cases.forbidden');
    const outsider = await member(hub, removed, ['supervisor']);
    expectError(
      await call(hub, 'GET', `${path}/regisseur-candidates`, { token: outsider.token }),
      404,
      'cases.not_found',
    );
  });

  it('refuses the list on a closed case, where regie can no longer move', async () => {
    const { path, token } = await directedCase(hub);
    const assess = { outcome: 'safe', decision: 'close', summary: 'Geen zorgen.' };
    expect((await call(hub, 'POST', `${path}/safety-assessment`, { token, body: assess })).status).toBe(200);
    expectError(await call(hub, 'GET', `${path}/regisseur-candidates`, { token }), 409, 'cases.wrong_phase');
  });
});
