import { call, Hub, startHub } from './support/hub';
import { createOrganisation } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  directedCase,
  Member,
  member,
  openCase,
  veiligThuis,
} from './support/cases';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The people doing the work are told: the new regisseur, the partner given an action, the regisseur. */
describe('notifications to the people doing the work', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const inbox = async (who: Member) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token: who.token })).body.items;

  it('tells the new regisseur, the assignee organisation, and the regisseur of progress and decisions', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token);
    const path = `/api/v1/cases/${created.id}`;
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    expect(await inbox(vt.caseworker)).toEqual([
      expect.objectContaining({
        kind: 'regie_assigned',
        caseId: created.id,
        title: expect.stringContaining(created.reference),
      }),
    ]);
    // Nobody is told about what they did themselves.
    expect(await inbox(vt.supervisor)).toEqual([]);

    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic']);
    const [agent, colleague, chief] = [
      await member(hub, police, ['caseworker']),
      await member(hub, police, ['caseworker']),
      await member(hub, police, ['supervisor']),
    ];
    const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
      token: vt.caseworker.token,
      body: { assigneeOrganisationId: police.id, description: 'Stopgesprek met de pleger', dueAt: inDays(3) },
    });
    expect(action.status).toBe(201);
    for (const worker of [agent, colleague]) {
      const [assigned] = await inbox(worker);
      expect(assigned).toMatchObject({ kind: 'action_assigned', caseId: created.id, subjectId: action.body.id });
      // The partner has no `safety`: the notification does not carry the action's text.
      expect(JSON.stringify(assigned)).not.toContain('Stopgesprek');
    }
    expect(await inbox(chief)).toEqual([]);

    const done = await call(hub, 'PATCH', `${path}/actions/${action.body.id}`, {
      token: agent.token,
      body: { status: 'done' },
    });
    expect(done.status).toBe(200);
    const [progress] = await inbox(vt.caseworker);
    expect(progress).toMatchObject({ kind: 'action_updated', subjectId: action.body.id });
    expect(progress.body).toContain('gedaan');
  });

  it('tells the regisseur of a decision taken about the case in a meeting', async () => {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const created = await openCase(hub, vt.caseworker.token);
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    const meeting = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: chair.token,
      body: { kind: 'action_meeting', scheduledAt: inDays(1), organisationIds: [police.id], caseIds: [created.id] },
    });
    expect(meeting.status).toBe(201);
    const decision = await call<CaseBody>(
      hub,
      'POST',
      `/api/v1/meetings/${meeting.body.id}/items/${created.id}/decisions`,
      {
        token: chair.token,
        body: { text: 'Politie neemt contact op', actions: [] },
      },
    );
    expect(decision.status).toBe(201);
    const [decided] = await inbox(vt.caseworker);
    expect(decided).toMatchObject({ kind: 'meeting_decision', caseId: created.id, subjectId: decision.body.id });
    expect(decided.body).toContain('Actie-overleg');
  });

  it("tells a partner's supervisors and the regisseur when the partner joins or leaves the network", async () => {
    const { vt, created, path, token } = await directedCase(hub);
    const police = await createOrganisation(hub.db, 'police');
    const [chief, agent] = [await member(hub, police, ['supervisor']), await member(hub, police, ['caseworker'])];
    const added = await call(hub, 'POST', `${path}/partners`, {
      token: vt.supervisor.token,
      body: {
        organisationId: police.id,
        legalBasis: 'statutory',
        legalBasisRef: 'Wet politiegegevens art. 16',
        categories: ['basic'],
      },
    });
    expect(added.status).toBe(201);
    const [joined] = await inbox(chief);
    expect(joined).toMatchObject({ kind: 'partner_added', caseId: created.id, subjectId: police.id });
    expect(joined.title).toContain(created.reference);
    // The partner is told the reference and the kind, nothing of the case or its legal basis.
    expect(JSON.stringify(joined)).not.toMatch(/politiegegevens|Vries|geschreeuw/);
    const [told] = await inbox(vt.caseworker);
    expect(told).toMatchObject({ kind: 'partner_added', caseId: created.id, subjectId: police.id });
    expect(told.body).toContain(`Test ${police.slug}`);
    expect(await inbox(agent)).toEqual([]);
    expect(await inbox(vt.supervisor)).toEqual([]);

    const removed = await call(hub, 'DELETE', `${path}/partners/${police.id}`, { token });
    expect(removed.status).toBe(204);
    expect((await inbox(chief)).map((n) => n.kind)).toEqual(['partner_removed', 'partner_added']);
    // The regisseur removed it: no news for them.
    expect((await inbox(vt.caseworker)).map((n) => n.kind)).toEqual(['partner_added', 'regie_assigned']);
    expect(await inbox(agent)).toEqual([]);
  });

  it('tells the regisseur and whoever raised it, not the resolver, that an escalation is resolved', async () => {
    const { vt, created, path, token } = await directedCase(hub);
    const police = await addPartner(hub, token, created.id, 'police', ['basic']);
    const chief = await member(hub, police, ['supervisor']);
    const raised = await call<CaseBody>(hub, 'POST', `${path}/escalations`, {
      token,
      body: { targetOrganisationId: police.id, reason: 'Geen reactie op het stopgesprek' },
    });
    expect(raised.status).toBe(201);
    // Regie moves on before the answer comes: the new regisseur and the raiser both hear of it.
    const successor = await member(hub, vt.org, ['caseworker']);
    await assignRegisseur(hub, vt.supervisor.token, created.id, successor.user.id);
    const resolved = await call(hub, 'POST', `${path}/escalations/${raised.body.id}/resolve`, {
      token: chief.token,
      body: { resolution: 'Wijkagent gaat vandaag langs' },
    });
    expect(resolved.status).toBe(200);
    for (const who of [vt.caseworker, successor]) {
      const news = (await inbox(who)).filter((n) => n.kind === 'escalation_resolved');
      expect(news).toEqual([
        expect.objectContaining({ kind: 'escalation_resolved', caseId: created.id, subjectId: raised.body.id }),
      ]);
      expect(JSON.stringify(news)).not.toContain('Wijkagent');
    }
    expect((await inbox(chief)).map((n) => n.kind)).toEqual(['escalation_raised']);
  });
});
