import { randomUUID } from 'node:crypto';
import {
  addPartner,
  assignRegisseur,
  auditOf,
  CaseBody,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';
import { call, createOrganisation, Hub, Response, startHub } from './support/hub';

describe('meetings: whom a decision may make regisseur (GET /meetings/{id}/items/{caseId}/regisseur-candidates)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /** A chair's open meeting with one directed case on its agenda; the police is in the case network. */
  async function setting() {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const onAgenda = await openCase(hub, vt.caseworker.token);
    const offAgenda = await openCase(hub, vt.caseworker.token);
    for (const c of [onAgenda, offAgenda]) await assignRegisseur(hub, vt.supervisor.token, c.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, onAgenda.id, 'police', ['basic', 'safety']);
    const policeWorker = await member(hub, police, ['caseworker']);
    const created = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: chair.token,
      body: {
        kind: 'mda',
        scheduledAt: '2026-11-26T10:00:00+01:00',
        organisationIds: [police.id],
        caseIds: [onAgenda.id],
      },
    });
    if (created.status !== 201) throw new Error(`meeting not created: ${created.status} ${created.text}`);
    return { vt, chair, onAgenda, offAgenda, police, policeWorker, meetingId: created.body.id as string };
  }

  const candidates = (token: string, meetingId: string, caseId: string) =>
    call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meetingId}/items/${caseId}/regisseur-candidates`, { token });

  async function expectDeniedOnce(res: Response): Promise<void> {
    expect(await auditOf(hub, res)).toEqual([expect.objectContaining({ outcome: 'denied' })]);
  }

  it('gives the chair the case-work list for a case on an open meeting, which the chair may not ask outside it', async () => {
    const s = await setting();
    const outside = await call(hub, 'GET', `/api/v1/cases/${s.onAgenda.id}/regisseur-candidates`, {
      token: s.chair.token,
    });
    expectError(outside, 403, 'cases.forbidden');

    const res = await candidates(s.chair.token, s.meetingId, s.onAgenda.id);
    expect(res.status).toBe(200);
    // The current regisseur is not a candidate; chairs are not eligible (caseworkers and supervisors only).
    const byUser = new Map((res.body.items as CaseBody[]).map((item) => [item.userId, item]));
    expect(byUser.has(s.vt.caseworker.user.id)).toBe(false);
    expect(byUser.has(s.chair.user.id)).toBe(false);
    expect(byUser.get(s.policeWorker.user.id)).toEqual({
      userId: s.policeWorker.user.id,
      name: 'Test',
      organisationId: s.police.id,
      organisationName: expect.any(String),
      roles: ['caseworker'],
    });
    expect(byUser.get(s.vt.supervisor.user.id)).toMatchObject({ organisationId: s.vt.org.id, roles: ['supervisor'] });
    // The same list the regie supervisor gets from the case itself.
    const fromCase = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${s.onAgenda.id}/regisseur-candidates`, {
      token: s.vt.supervisor.token,
    });
    expect(res.body).toEqual(fromCase.body);

    expect(await auditOf(hub, res)).toEqual([
      { action: 'search', subject_type: 'RegisseurCandidates', case_id: s.onAgenda.id, outcome: 'success' },
    ]);
    const [entry] = (await hub.db.query(
      `SELECT subject_id, subject_organisation_id, actor_user_id FROM audit_entries
        WHERE request_id = $1`,
      [res.headers.get('x-request-id')],
    )) as { subject_id: string; subject_organisation_id: string; actor_user_id: string }[];
    expect(entry).toEqual({
      subject_id: s.meetingId,
      subject_organisation_id: s.vt.org.id,
      actor_user_id: s.chair.user.id,
    });

    // A candidate from the list is one the decision accepts.
    const decided = await call(hub, 'POST', `/api/v1/meetings/${s.meetingId}/items/${s.onAgenda.id}/decisions`, {
      token: s.chair.token,
      body: { text: 'Regie naar de politie', regisseurUserId: s.policeWorker.user.id, actions: [] },
    });
    expect(decided.status).toBe(201);
    const after = await candidates(s.chair.token, s.meetingId, s.onAgenda.id);
    const users = (after.body.items as CaseBody[]).map((item) => item.userId);
    expect(users).not.toContain(s.policeWorker.user.id);
    expect(users).toContain(s.vt.caseworker.user.id);
  });

  it('answers 404 for a case not on the agenda and for a meeting the caller does not take part in, 403 to others', async () => {
    const s = await setting();
    const notOnAgenda = await candidates(s.chair.token, s.meetingId, s.offAgenda.id);
    expectError(notOnAgenda, 404, 'meetings.not_found');
    await expectDeniedOnce(notOnAgenda);
    expectError(await candidates(s.chair.token, randomUUID(), s.onAgenda.id), 404, 'meetings.not_found');

    // A chair of an organisation outside the meeting: the meeting does not exist for it.
    const stranger = await member(hub, await createOrganisation(hub.db, 'safety_house'), ['chair']);
    const outsider = await candidates(stranger.token, s.meetingId, s.onAgenda.id);
    expectError(outsider, 404, 'meetings.not_found');
    await expectDeniedOnce(outsider);

    // A chair of a participating organisation does not run the meeting.
    const policeChair = await member(hub, s.police, ['chair']);
    const participant = await candidates(policeChair.token, s.meetingId, s.onAgenda.id);
    expectError(participant, 403, 'meetings.forbidden');
    await expectDeniedOnce(participant);

    // Not a chair at all: the endpoint guard refuses, even the case's own regie supervisor.
    const supervisor = await candidates(s.vt.supervisor.token, s.meetingId, s.onAgenda.id);
    expect(supervisor.status).toBe(403);
    await expectDeniedOnce(supervisor);

    const malformed = await candidates(s.chair.token, s.meetingId, 'geen-id');
    expect(malformed.status).toBe(400);
  });

  it('answers 404 once the chair organisation no longer reaches the case', async () => {
    const s = await setting();
    // A Zorg- en Veiligheidshuis in the network holds its own meeting about the case, then leaves the network.
    const house = await addPartner(hub, s.vt.caseworker.token, s.onAgenda.id, 'safety_house', ['basic']);
    const houseChair = await member(hub, house, ['chair']);
    const created = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: houseChair.token,
      body: {
        kind: 'safety_house',
        scheduledAt: '2026-11-27T14:00:00+01:00',
        organisationIds: [],
        caseIds: [s.onAgenda.id],
      },
    });
    expect(created.status).toBe(201);
    expect((await candidates(houseChair.token, created.body.id, s.onAgenda.id)).status).toBe(200);
    const removed = await call(hub, 'DELETE', `/api/v1/cases/${s.onAgenda.id}/partners/${house.id}`, {
      token: s.vt.caseworker.token,
    });
    expect(removed.status).toBe(204);
    expectError(await candidates(houseChair.token, created.body.id, s.onAgenda.id), 404, 'cases.not_found');
  });

  it('refuses a closed meeting with 409', async () => {
    const s = await setting();
    const closed = await call(hub, 'POST', `/api/v1/meetings/${s.meetingId}/close`, { token: s.chair.token });
    expect(closed.status).toBe(200);
    const res = await candidates(s.chair.token, s.meetingId, s.onAgenda.id);
    expectError(res, 409, 'meetings.closed', 'status');
    expect(await auditOf(hub, res)).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });
});
