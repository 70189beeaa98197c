import { call, Hub, startHub } from './support/hub';
import { addPartner, CaseBody, directedCase, member } from './support/cases';

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

/** A write answers what a read by the same caller would show of the written row, and nothing more. */
describe('cases: write replies are projected like reads', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('tells a partner without safety only the id of the action and escalation it works on', async () => {
    const { created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic']);
    const [agent, chief] = [await member(hub, police, ['caseworker']), await member(hub, police, ['supervisor'])];
    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token,
      body: { assigneeOrganisationId: police.id, description: 'Huisbezoek bij het gezin', dueAt: tomorrow() },
    });
    expect(action.status).toBe(201);
    // The regisseur sees the safety plan, so the reply is the row as the case view shows it.
    const seen = (await call<CaseBody>(hub, 'GET', path, { token })).body.actions[0];
    expect(action.body).toEqual(seen);
    expect(action.body.description).toBe('Huisbezoek bij het gezin');

    const blocked = await call<CaseBody>(hub, 'PATCH', `${path}/actions/${action.body.id}`, {
      token: agent.token,
      body: { status: 'blocked', note: 'Niemand thuis' },
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toEqual({ id: action.body.id });
    const agentView = (await call<CaseBody>(hub, 'GET', path, { token: agent.token })).body;
    expect(agentView.actions).toBeUndefined();

    const escalation = await call<CaseBody>(hub, 'POST', `${path}/escalations`, {
      token,
      body: { targetOrganisationId: police.id, actionId: action.body.id, reason: 'Geen reactie op huisbezoek' },
    });
    expect(escalation.status).toBe(201);
    expect(escalation.body.reason).toBe('Geen reactie op huisbezoek');
    const resolved = await call<CaseBody>(hub, 'POST', `${path}/escalations/${escalation.body.id}/resolve`, {
      token: chief.token,
      body: { resolution: 'Wijkagent gaat langs' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({ id: escalation.body.id });

    // What the partner did is recorded all the same.
    const regieView = (await call<CaseBody>(hub, 'GET', path, { token })).body;
    expect(regieView.actions[0]).toMatchObject({ status: 'blocked', note: 'Niemand thuis' });
    expect(regieView.escalations[0]).toMatchObject({ resolution: 'Wijkagent gaat langs', resolvedBy: chief.user.id });
  });

  it('shows a partner with safety the written row as its own read does', async () => {
    const { created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token,
      body: { assigneeOrganisationId: police.id, description: 'Aangifte opnemen', dueAt: tomorrow() },
    });
    const done = await call<CaseBody>(hub, 'PATCH', `${path}/actions/${action.body.id}`, {
      token: agent.token,
      body: { status: 'done' },
    });
    expect(done.status).toBe(200);
    const seen = (await call<CaseBody>(hub, 'GET', path, { token: agent.token })).body.actions[0];
    expect(done.body).toEqual(seen);
    expect(done.body).toMatchObject({ description: 'Aangifte opnemen', status: 'done' });
  });
});
