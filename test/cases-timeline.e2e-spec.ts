import { call, Hub, startHub } from './support/hub';
import { addPartner, CaseBody, member, openCase, veiligThuis } from './support/cases';

/** The timeline says who did what: the actor by name, organisation and role, and what changed. */
describe('cases: timeline with actors and changes', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const rename = (id: string, name: string) => hub.db.query(`UPDATE users SET name = $2 WHERE id = $1`, [id, name]);
  const organisationName = async (id: string) =>
    ((await hub.db.query(`SELECT name FROM organisations WHERE id = $1`, [id])) as { name: string }[])[0].name;
  const timeline = async (path: string, token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token })).body.items;

  it('names the actor and the old and new regisseur, for the regie side and for a partner', async () => {
    const vt = await veiligThuis(hub);
    const second = await member(hub, vt.org, ['caseworker']);
    await rename(vt.caseworker.user.id, 'Anna de Vries');
    await rename(vt.supervisor.user.id, 'Bram Jansen');
    await rename(second.user.id, 'Carla Smit');
    const created = await openCase(hub, vt.caseworker.token);
    const path = `/api/v1/cases/${created.id}`;
    for (const to of [vt.caseworker.user.id, second.user.id]) {
      const res = await call(hub, 'PUT', `${path}/regisseur`, { token: vt.supervisor.token, body: { userId: to } });
      expect(res.status).toBe(200);
    }
    const police = await addPartner(hub, second.token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    const vtName = await organisationName(vt.org.id);
    await hub.db.query(`UPDATE organisations SET contact = 'Regieteam, 030 000 0000' WHERE id = $1`, [vt.org.id]);
    // A partner with only basic knows whom to call about the case.
    expect((await call<CaseBody>(hub, 'GET', path, { token: agent.token })).body.regieContact).toEqual({
      name: 'Carla Smit',
      email: second.user.email,
      organisationName: vtName,
      organisationContact: 'Regieteam, 030 000 0000',
    });

    for (const token of [vt.caseworker.token, agent.token]) {
      const events = await timeline(path, token);
      expect(events[0]).toMatchObject({
        type: 'case_opened',
        actor: { name: 'Anna de Vries', organisationName: vtName, role: 'caseworker', userId: vt.caseworker.user.id },
        changes: [],
      });
      const moves = events.filter((e) => e.type === 'regisseur_changed');
      expect(moves.map((e) => e.actor)).toEqual([
        expect.objectContaining({ name: 'Bram Jansen', organisationName: vtName, role: 'supervisor' }),
        expect.objectContaining({ name: 'Bram Jansen', organisationName: vtName, role: 'supervisor' }),
      ]);
      expect(moves.map((e) => e.changes)).toEqual([
        [{ field: 'regisseur', from: null, to: 'Anna de Vries' }],
        [{ field: 'regisseur', from: 'Anna de Vries', to: 'Carla Smit' }],
      ]);
      // The partner was added by the regisseur of the moment, acting as regisseur.
      expect(events.find((e) => e.type === 'partner_added')?.actor).toMatchObject({
        name: 'Carla Smit',
        role: 'regisseur',
      });
    }
  });

  it('shows the phase it moved from and to, and a timer as the system', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    const path = `/api/v1/cases/${created.id}`;
    await call(hub, 'PUT', `${path}/regisseur`, {
      token: vt.supervisor.token,
      body: { userId: vt.caseworker.user.id },
    });
    const assessed = await call(hub, 'POST', `${path}/safety-assessment`, {
      token: vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Beoordeeld' },
    });
    expect(assessed.status).toBe(200);
    // An event the deadline worker writes has no person behind it.
    await hub.db.query(
      `INSERT INTO case_events (case_id, type, category, data) VALUES ($1, 'deadline_breached', 'basic', '{}')`,
      [created.id],
    );
    const events = await timeline(path, vt.caseworker.token);
    expect(events.find((e) => e.type === 'phase_changed')).toMatchObject({
      actor: { role: 'regisseur' },
      changes: [{ field: 'phase', from: 'triage', to: 'investigation' }],
    });
    expect(events.at(-1)).toMatchObject({
      type: 'deadline_breached',
      actor: { userId: null, organisationId: null, name: 'Systeem', organisationName: null, role: 'system' },
    });
  });
});
