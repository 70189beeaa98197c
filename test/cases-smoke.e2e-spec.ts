import { call, createOrganisation, Hub, startHub } from './support/hub';
import { member, openCase, veiligThuis } from './support/cases';

describe('cases smoke', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('runs a case from intake to close', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    expect(created.reference).toMatch(/^VT-\d{4}-000001$/);
    expect(created.deadlines[0].dueAt).toBe('2026-11-30T22:59:59.000Z');
    const police = await createOrganisation(hub.db, 'police');
    const agent = await member(hub, police, ['caseworker']);
    const path = `/api/v1/cases/${created.id}`;
    expect((await call(hub, 'GET', path, { token: agent.token })).status).toBe(404);
    let res = await call(hub, 'PUT', `${path}/regisseur`, {
      token: vt.supervisor.token,
      body: { userId: vt.caseworker.user.id },
    });
    expect(res.status).toBe(200);
    res = await call(hub, 'POST', `${path}/partners`, {
      token: vt.caseworker.token,
      body: {
        organisationId: police.id,
        legalBasis: 'statutory',
        legalBasisRef: 'Politiewet art. 3',
        categories: ['basic'],
      },
    });
    expect(res.status).toBe(201);
    res = await call(hub, 'GET', path, { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body.redFlags).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('Buurvrouw');
    res = await call(hub, 'POST', `${path}/actions`, {
      token: vt.caseworker.token,
      body: {
        assigneeOrganisationId: police.id,
        description: 'Huisbezoek',
        dueAt: new Date(Date.now() + 86400000).toISOString(),
      },
    });
    expect(res.status).toBe(201);
    const sup = await member(hub, police, ['supervisor']);
    res = await call(hub, 'POST', `${path}/escalations`, {
      token: vt.caseworker.token,
      body: { targetOrganisationId: police.id, actionId: res.body.id, reason: 'Geen reactie' },
    });
    expect(res.status).toBe(201);
    const notes = await call<{ items: unknown[] }>(hub, 'GET', '/api/v1/notifications', { token: sup.token });
    expect(notes.body.items).toHaveLength(1);
    res = await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Onderzoek nodig' },
    });
    expect(res.status).toBe(200);
    expect(res.body.phase).toBe('investigation');
    res = await call(hub, 'POST', `${path}/close`, { token: vt.caseworker.token, body: { reason: 'x' } });
    expect(res.status).toBe(409);
    res = await call(hub, 'GET', `${path}/timeline`, { token: agent.token });
    expect(res.status).toBe(200);
    res = await call(hub, 'GET', `/api/v1/cases?regisseur=me`, { token: vt.caseworker.token });
    expect(res.status).toBe(200);
    expect((res.body.items as unknown[]).length).toBe(1);
  });
});
