import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { accessibleBy, defineAbilityFor, ROLES, subject } from '../libs/access/src';
import { MeetingParticipant } from '../libs/meetings/src';
import { DEADLINE_QUEUE, timerJobId } from '../libs/deadlines/src';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  expectError,
  Member,
  member,
  openCase,
  requestIdOf,
  veiligThuis,
} from './support/cases';
import { call, createOrganisation, Hub, startHub } from './support/hub';
import { ApiDocument, publishedDocument, shapeProblems } from './support/openapi-shape';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A case whose persons are named so a leak of them is easy to find in raw JSON. */
const HIDDEN_PERSONS = [
  { role: 'victim', firstName: 'Zeynep', lastName: 'Verborgen-Kaya', dateOfBirth: '1991-03-04' },
  { role: 'suspect', firstName: 'Ruud', lastName: 'Verborgen-Kaya', dateOfBirth: '1989-07-08' },
];

/** The fields of an agenda item on a case the reader reaches, without the safety category. */
const VISIBLE_ITEM = ['caseId', 'id', 'persons', 'phase', 'position', 'reference', 'regisseur', 'visible'];
/** And what its preparation adds to it; the rest only with the safety category. */
const PREPARED_ITEM = [...VISIBLE_ITEM, 'openDeadlines'].sort();
const SAFETY_PREPARATION = ['openActions', 'openEscalations', 'redFlags', 'riskLevel'];
const fieldsOf = (item: CaseBody) => Object.keys(item).sort();

describe('meetings: agenda, visibility per item, decisions landing in the case, minutes', () => {
  let hub: Hub;
  let document: ApiDocument;
  beforeAll(async () => {
    hub = await startHub();
    document = await publishedDocument(hub);
  });
  afterAll(() => hub.close());

  /**
   * A Veilig Thuis organisation with a chair and two directed cases. Police is a partner of both;
   * probation only of the first ("shared"), so the second ("hidden") is outside its reach.
   */
  async function setting() {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const shared = await openCase(hub, vt.caseworker.token, { redFlags: ['weapon'] });
    const hidden = await openCase(hub, vt.caseworker.token, { persons: HIDDEN_PERSONS });
    for (const c of [shared, hidden]) await assignRegisseur(hub, vt.supervisor.token, c.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, shared.id, 'police', ['basic', 'safety']);
    await call(hub, 'POST', `/api/v1/cases/${hidden.id}/partners`, {
      token: vt.caseworker.token,
      body: { organisationId: police.id, legalBasis: 'statutory', legalBasisRef: 'Politiewet', categories: ['safety'] },
    });
    const probation = await addPartner(hub, vt.caseworker.token, shared.id, 'probation', ['basic']);
    return {
      vt,
      chair,
      shared,
      hidden,
      police,
      policeWorker: await member(hub, police, ['caseworker']),
      probation,
      probationWorker: await member(hub, probation, ['caseworker']),
    };
  }

  async function meetingOf(s: Awaited<ReturnType<typeof setting>>, caseIds = [s.shared.id, s.hidden.id]) {
    const res = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: s.chair.token,
      body: {
        kind: 'action_meeting',
        scheduledAt: '2026-11-26T10:00:00+01:00',
        organisationIds: [s.police.id, s.probation.id],
        caseIds,
      },
    });
    if (res.status !== 201) throw new Error(`meeting not created: ${res.status} ${res.text}`);
    return res.body;
  }

  const decide = (token: string, meetingId: string, caseId: string, body: Record<string, unknown>) =>
    call<CaseBody>(hub, 'POST', `/api/v1/meetings/${meetingId}/items/${caseId}/decisions`, { token, body });

  const caseOf = (token: string, caseId: string) => call<CaseBody>(hub, 'GET', `/api/v1/cases/${caseId}`, { token });

  function expectNothingAbout(text: string, c: CaseBody) {
    expect(text).not.toContain(c.reference);
    expect(text).not.toContain(c.id);
    expect(text).not.toContain('Verborgen-Kaya');
    expect(text).not.toContain('Zeynep');
  }

  it('shows a participant outside a case network only an opaque item, in the agenda and the minutes, until the regisseur adds it from the meeting', async () => {
    const s = await setting();
    const meeting = await meetingOf(s);
    expect(meeting.agenda.map((item: CaseBody) => item.caseId)).toEqual([s.shared.id, s.hidden.id]);
    // The chair's organisation directs the case: every field of a visible item, the risk level too.
    expect(shapeProblems(document, 'MeetingDto', meeting)).toEqual([]);
    expect(meeting.agenda[0]).toEqual({
      id: expect.any(String),
      position: 1,
      visible: true,
      caseId: s.shared.id,
      reference: s.shared.reference,
      phase: s.shared.phase,
      regisseur: { userId: s.vt.caseworker.user.id, organisationId: s.vt.org.id },
      persons: expect.arrayContaining(
        s.shared.persons.map((p: CaseBody) => ({ role: p.role, firstName: p.firstName, lastName: p.lastName })),
      ),
      riskLevel: 'high',
    });
    expect(meeting.agenda[0].persons).toHaveLength(s.shared.persons.length);

    const decision = await decide(s.chair.token, meeting.id, s.hidden.id, {
      text: 'Zeynep krijgt een veilig adres',
      actions: [{ assigneeOrganisationId: s.police.id, description: 'Aanhouding Ruud voorbereiden', dueAt: inDays(3) }],
    });
    expect(decision.status).toBe(201);

    const view = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}`, { token: s.probationWorker.token });
    expect(view.status).toBe(200);
    expectNothingAbout(view.text, s.hidden);
    const hiddenItem = view.body.agenda[1];
    expect(hiddenItem).toEqual({ id: expect.any(String), position: 2, visible: false });
    expect(view.body.agenda[0]).toMatchObject({ visible: true, caseId: s.shared.id, reference: s.shared.reference });
    // basic only: no risk level of the shared case either.
    expect(view.body.agenda[0].riskLevel).toBeUndefined();
    expect(fieldsOf(view.body.agenda[0])).toEqual(VISIBLE_ITEM);
    expect(shapeProblems(document, 'MeetingDto', view.body)).toEqual([]);

    const minutes = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.probationWorker.token,
    });
    expect(minutes.status).toBe(200);
    expectNothingAbout(minutes.text, s.hidden);
    expect(minutes.text).not.toContain('veilig adres');
    expect(minutes.text).not.toContain('Aanhouding');
    expect(minutes.body.items[1]).toEqual({ id: hiddenItem.id, position: 2, visible: false });
    expect(shapeProblems(document, 'MeetingMinutesDto', minutes.body)).toEqual([]);

    const html = await call(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes.html`, {
      token: s.probationWorker.token,
    });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('Verslag Actie-overleg');
    expectNothingAbout(html.text, s.hidden);
    expect(html.text).not.toContain('veilig adres');

    // Audited per viewer: the meeting and the one case shown, never the hidden one.
    const entries = (await hub.db.query(
      `SELECT subject_type, case_id FROM audit_entries WHERE request_id = $1 ORDER BY seq`,
      [requestIdOf(view)],
    )) as { subject_type: string; case_id: string | null }[];
    expect(entries).toEqual([
      { subject_type: 'Meeting', case_id: null },
      { subject_type: 'Meeting', case_id: s.shared.id },
    ]);

    // The police caseworker is not the regisseur: 403 from the case-work rules, nothing added.
    const body = {
      organisationId: s.probation.id,
      legalBasis: 'statutory',
      legalBasisRef: 'Wet op de reclassering',
      categories: ['basic', 'safety'],
    };
    const refused = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items/${hiddenItem.id}/partners`, {
      token: s.policeWorker.token,
      body,
    });
    expectError(refused, 403, 'cases.forbidden');
    // Probation itself is outside the case: the case does not exist for it.
    const outside = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items/${hiddenItem.id}/partners`, {
      token: s.probationWorker.token,
      body,
    });
    expectError(outside, 404, 'cases.not_found');
    const stranger = await createOrganisation(hub.db, 'shelter');
    const notParticipant = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items/${hiddenItem.id}/partners`, {
      token: s.vt.caseworker.token,
      body: { ...body, organisationId: stranger.id },
    });
    expectError(notParticipant, 400, 'meetings.invalid', 'organisationId');

    const added = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items/${hiddenItem.id}/partners`, {
      token: s.vt.caseworker.token,
      body,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      itemId: hiddenItem.id,
      organisationId: s.probation.id,
      legalBasis: 'statutory',
    });
    const partnerEvents = (await hub.db.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'partner_added' AND data->>'organisationId' = $2`,
      [s.hidden.id, s.probation.id],
    )) as { n: number }[];
    expect(partnerEvents[0].n).toBe(1);

    const after = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.probationWorker.token,
    });
    expect(after.body.items[1]).toMatchObject({ id: hiddenItem.id, visible: true, reference: s.hidden.reference });
    expect(shapeProblems(document, 'MeetingMinutesDto', after.body)).toEqual([]);
    expect(after.body.items[1].decisions).toEqual([
      expect.objectContaining({
        text: 'Zeynep krijgt een veilig adres',
        actions: [expect.objectContaining({ assigneeOrganisationId: s.police.id, status: 'open' })],
      }),
    ]);
  });

  it('hides an item again once the reader organisation leaves the case network', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    const before = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}`, {
      token: s.probationWorker.token,
    });
    expect(before.body.agenda[0]).toMatchObject({ visible: true, reference: s.shared.reference });
    const removed = await call(hub, 'DELETE', `/api/v1/cases/${s.shared.id}/partners/${s.probation.id}`, {
      token: s.vt.caseworker.token,
    });
    expect(removed.status).toBe(204);
    const after = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.probationWorker.token,
    });
    expect(after.body.items).toEqual([{ id: meeting.agenda[0].id, position: 1, visible: false }]);
    expect(after.text).not.toContain(s.shared.reference);
  });

  it('lands a decision in the case: actions, deadlines with timers, timeline, one audit entry per write', async () => {
    const s = await setting();
    const meeting = await meetingOf(s);
    const res = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Politie en Veilig Thuis pakken het samen op',
      actions: [
        { assigneeOrganisationId: s.police.id, description: 'Huisbezoek afleggen', dueAt: inDays(1) },
        { assigneeOrganisationId: s.vt.org.id, description: 'Gesprek met moeder', dueAt: inDays(7) },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.actions).toHaveLength(2);

    const view = await caseOf(s.vt.caseworker.token, s.shared.id);
    const actions = view.body.actions as CaseBody[];
    expect(actions.map((a) => a.description)).toEqual(['Huisbezoek afleggen', 'Gesprek met moeder']);
    const deadlines = (view.body.deadlines as CaseBody[]).filter((d) => d.kind === 'action');
    expect(deadlines).toHaveLength(2);
    for (const action of actions) {
      const deadline = deadlines.find((d) => d.subjectId === action.id)!;
      expect(deadline).toMatchObject({ status: 'open', dueAt: action.dueAt });
    }
    // Due tomorrow, so within the timer horizon: its breach job waits in Redis.
    const first = deadlines.find((d) => d.subjectId === actions[0].id)!;
    const queue = new Queue(DEADLINE_QUEUE, {
      connection: { url: hub.config.redisUrl },
      prefix: hub.config.redisPrefix,
    });
    try {
      expect(await queue.getJobState(timerJobId(first.id, 1, 'breach'))).toBe('delayed');
    } finally {
      await queue.close();
    }

    const timeline = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${s.shared.id}/timeline`, {
      token: s.vt.caseworker.token,
    });
    const types = (timeline.body.items as CaseBody[]).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['meeting_decision', 'action_created', 'action_created']);

    const audit = (await hub.db.query(
      `SELECT subject_type, case_id, outcome FROM audit_entries WHERE request_id = $1 ORDER BY seq`,
      [requestIdOf(res)],
    )) as { subject_type: string; case_id: string; outcome: string }[];
    expect(audit.map((a) => a.subject_type)).toEqual(['MeetingDecision', 'CaseAction', 'CaseAction']);
    expect(audit.every((a) => a.case_id === s.shared.id && a.outcome === 'success')).toBe(true);

    // The police (basic and safety) read the decision and its actions in the minutes.
    const minutes = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.policeWorker.token,
    });
    expect(minutes.body.items[0].decisions[0].actions.map((a: CaseBody) => a.description)).toEqual([
      'Huisbezoek afleggen',
      'Gesprek met moeder',
    ]);
    // Probation (basic only) reads the decision, not the safety plan's actions.
    const basic = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.probationWorker.token,
    });
    expect(basic.body.items[0].decisions[0].text).toBe('Politie en Veilig Thuis pakken het samen op');
    expect(basic.body.items[0].decisions[0].actions).toBeUndefined();
    expect(basic.text).not.toContain('Huisbezoek');
  });

  it('assigns regie by decision, with history', async () => {
    const s = await setting();
    const meeting = await meetingOf(s);
    const res = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Politie neemt de regie',
      regisseurUserId: s.policeWorker.user.id,
      actions: [],
    });
    expect(res.status).toBe(201);
    const view = await caseOf(s.policeWorker.token, s.shared.id);
    expect(view.body.regisseur).toEqual({ userId: s.policeWorker.user.id, organisationId: s.police.id });
    expect(view.body.regieHistory.at(-1)).toMatchObject({
      fromUserId: s.vt.caseworker.user.id,
      toUserId: s.policeWorker.user.id,
      assignedBy: s.chair.user.id,
      reason: 'Besluit Actie-overleg',
    });

    // A regisseur outside the network is refused, with the decision's field.
    const outsider = await member(hub, await createOrganisation(hub.db, 'shelter'), ['caseworker']);
    const refused = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Opvang neemt de regie',
      regisseurUserId: outsider.user.id,
      actions: [],
    });
    expectError(refused, 400, 'meetings.invalid', 'regisseurUserId');
  });

  it('refuses invalid decisions with the documented body and writes nothing', async () => {
    const s = await setting();
    const meeting = await meetingOf(s);
    const stranger = await createOrganisation(hub.db, 'shelter');
    const rows = async () =>
      (
        (await hub.db.query(
          `SELECT (SELECT count(*) FROM meeting_decisions WHERE meeting_id = $1)::int AS decisions,
                  (SELECT count(*) FROM case_actions WHERE case_id = $2)::int AS actions,
                  (SELECT count(*) FROM deadlines WHERE case_id = $2 AND kind = 'action')::int AS deadlines,
                  (SELECT count(*) FROM case_events WHERE case_id = $2)::int AS events`,
          [meeting.id, s.shared.id],
        )) as Record<string, number>[]
      )[0];
    const before = await rows();

    // The second action's assignee is no partner: the first action must not stay behind.
    const oneBad = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Twee afspraken',
      actions: [
        { assigneeOrganisationId: s.police.id, description: 'Huisbezoek', dueAt: inDays(2) },
        { assigneeOrganisationId: stranger.id, description: 'Opvangplek', dueAt: inDays(2) },
      ],
    });
    expectError(oneBad, 400, 'meetings.invalid', 'actions.1.assigneeOrganisationId');
    expect(await rows()).toEqual(before);

    const past = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Te laat',
      actions: [{ assigneeOrganisationId: s.police.id, description: 'Huisbezoek', dueAt: inDays(-1) }],
    });
    expectError(past, 400, 'meetings.invalid', 'actions.0.dueAt');

    const malformed = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: '',
      actions: [{ assigneeOrganisationId: 'geen-id', description: 'Huisbezoek', dueAt: '2026-13-01', extra: 1 }],
      unknown: true,
    });
    expectError(malformed, 400, 'common.validation', 'actions.0.dueAt');
    const fields = (malformed.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['text', 'actions.0.assigneeOrganisationId', 'unknown']));
    expect(await rows()).toEqual(before);

    const noMeeting = await call(hub, 'POST', '/api/v1/meetings', {
      token: s.chair.token,
      body: { kind: 'overleg', scheduledAt: '2026-11-26', organisationIds: ['x'], caseIds: [] },
    });
    expectError(noMeeting, 400, 'common.validation', 'kind');
    expect((noMeeting.body.details as { field: string }[]).map((d) => d.field)).toEqual(
      expect.arrayContaining(['scheduledAt', 'organisationIds']),
    );
  });

  it('freezes a closed meeting: no decisions, no agenda changes (409), minutes still readable', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    const closed = await call<CaseBody>(hub, 'POST', `/api/v1/meetings/${meeting.id}/close`, { token: s.chair.token });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });

    const late = await decide(s.chair.token, meeting.id, s.shared.id, { text: 'Nog een besluit', actions: [] });
    expectError(late, 409, 'meetings.closed');
    const item = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items`, {
      token: s.chair.token,
      body: { caseId: s.hidden.id },
    });
    expectError(item, 409, 'meetings.closed');
    const again = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/close`, { token: s.chair.token });
    expectError(again, 409, 'meetings.closed');
    const partner = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items/${meeting.agenda[0].id}/partners`, {
      token: s.vt.caseworker.token,
      body: {
        organisationId: s.police.id,
        legalBasis: 'statutory',
        legalBasisRef: 'Politiewet',
        categories: ['basic'],
      },
    });
    expectError(partner, 409, 'meetings.closed');
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM meeting_decisions WHERE meeting_id = $1`, [
      meeting.id,
    ])) as { n: number }[];
    expect(n).toBe(0);

    const minutes = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.chair.token,
    });
    expect(minutes.status).toBe(200);
    expect(minutes.body.status).toBe('closed');
  });

  it('answers the minutes of a closed meeting as they stood at closing: chair, participants, decisions, actions', async () => {
    const s = await setting();
    await hub.db.query(`UPDATE users SET name = 'Clara Voorzitter' WHERE id = $1`, [s.chair.user.id]);
    const meeting = await meetingOf(s);
    const decided = await decide(s.chair.token, meeting.id, s.shared.id, {
      text: 'Huisbezoek door de politie',
      actions: [
        { assigneeOrganisationId: s.police.id, description: 'Huisbezoek afleggen', dueAt: '2027-01-08T17:00:00+01:00' },
      ],
    });
    expect(decided.status).toBe(201);
    const before = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.chair.token,
    });
    expect(before.body.frozen).toBe(false);
    const closed = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/close`, { token: s.chair.token });
    expect(closed.status).toBe(200);

    // After closing, the case moves on: the action is done and the phase changes.
    const actionId = decided.body.actions[0].id as string;
    await hub.db.query(`UPDATE case_actions SET status = 'done' WHERE id = $1`, [actionId]);
    await hub.db.query(`UPDATE cases SET phase = 'investigation' WHERE id = $1`, [s.shared.id]);
    const minutes = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.policeWorker.token,
    });
    expect(minutes.status).toBe(200);
    expect(minutes.body).toMatchObject({
      frozen: true,
      status: 'closed',
      chair: { userId: s.chair.user.id, name: 'Clara Voorzitter', organisationName: `Test ${s.vt.org.slug}` },
    });
    expect(minutes.body.participants.map((p: CaseBody) => p.organisationId)).toEqual(
      [s.vt.org.id, s.police.id, s.probation.id].sort(),
    );
    const [item] = minutes.body.items;
    expect(item).toMatchObject({ visible: true, caseId: s.shared.id, reference: s.shared.reference, phase: 'triage' });
    expect(item.decisions[0]).toMatchObject({ text: 'Huisbezoek door de politie' });
    expect(item.decisions[0].actions).toEqual([
      expect.objectContaining({
        id: actionId,
        description: 'Huisbezoek afleggen',
        dueAt: '2027-01-08T16:00:00.000Z',
        status: 'open',
        assigneeOrganisationName: `Test ${s.police.slug}`,
      }),
    ]);
    // Frozen for everyone, yet each reader still sees only what they may see now.
    const basic = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes`, {
      token: s.probationWorker.token,
    });
    expect(basic.body.items[0].decisions[0].actions).toBeUndefined();
    expect(basic.body.items[1]).toEqual({ id: meeting.agenda[1].id, position: 2, visible: false });
    expectNothingAbout(basic.text, s.hidden);
    const [{ stored }] = (await hub.db.query(`SELECT minutes IS NOT NULL AS stored FROM meetings WHERE id = $1`, [
      meeting.id,
    ])) as { stored: boolean }[];
    expect(stored).toBe(true);
  });

  it('lets a decision racing the close either commit before it or be refused whole', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    const decisions = Array.from({ length: 6 }, (_, i) =>
      decide(s.chair.token, meeting.id, s.shared.id, {
        text: `Besluit ${i}`,
        actions: [{ assigneeOrganisationId: s.police.id, description: `Afspraak ${i}`, dueAt: inDays(3) }],
      }),
    );
    const close = call(hub, 'POST', `/api/v1/meetings/${meeting.id}/close`, { token: s.chair.token });
    const answers = await Promise.all(decisions);
    expect((await close).status).toBe(200);
    expect(answers.every((res) => res.status === 201 || res.status === 409)).toBe(true);
    const accepted = answers.filter((res) => res.status === 201).length;
    const [row] = (await hub.db.query(
      `SELECT (SELECT count(*) FROM meeting_decisions WHERE meeting_id = $1)::int AS decisions,
              (SELECT count(*) FROM case_actions WHERE case_id = $2)::int AS actions,
              (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = $1
                  AND d.decided_at > (SELECT closed_at FROM meetings WHERE id = $1))::int AS after_close`,
      [meeting.id, s.shared.id],
    )) as { decisions: number; actions: number; after_close: number }[];
    expect(row).toEqual({ decisions: accepted, actions: accepted, after_close: 0 });
  });

  it('keeps meetings to chairs and participants, and the agenda to cases the chair reaches', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);

    // A caseworker of the holding organisation takes part but does not chair: 403.
    const notChair = await decide(s.vt.caseworker.token, meeting.id, s.shared.id, { text: 'Besluit', actions: [] });
    expectError(notChair, 403, 'access.forbidden');
    // A participant's chair does not run another organisation's meeting.
    const policeChair = await member(hub, s.police, ['chair']);
    const otherChair = await decide(policeChair.token, meeting.id, s.shared.id, { text: 'Besluit', actions: [] });
    expectError(otherChair, 403, 'meetings.forbidden');
    // A chair of an organisation that does not take part: the meeting does not exist for it.
    const outsiderOrg = await createOrganisation(hub.db, 'municipality');
    const outsider: Member = await member(hub, outsiderOrg, ['chair', 'caseworker']);
    for (const path of ['', '/minutes', '/minutes.html', '/preparation']) {
      const res = await call(hub, 'GET', `/api/v1/meetings/${meeting.id}${path}`, { token: outsider.token });
      expectError(res, 404, 'meetings.not_found');
    }
    expectError(
      await decide(outsider.token, meeting.id, s.shared.id, { text: 'Besluit', actions: [] }),
      404,
      'meetings.not_found',
    );
    const list = await call<CaseBody>(hub, 'GET', '/api/v1/meetings', { token: outsider.token });
    expect(list.body.items).toEqual([]);

    // The chair cannot put a case outside its organisation's network on the agenda.
    const foreign = await veiligThuis(hub);
    const foreignCase = await openCase(hub, foreign.caseworker.token);
    const created = await call(hub, 'POST', '/api/v1/meetings', {
      token: s.chair.token,
      body: { kind: 'zsm', scheduledAt: '2026-11-27T09:00:00+01:00', organisationIds: [], caseIds: [foreignCase.id] },
    });
    expectError(created, 404, 'meetings.not_found', 'caseIds.0');
    expect(created.text).not.toContain(foreignCase.reference);
    const addItem = await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items`, {
      token: s.chair.token,
      body: { caseId: foreignCase.id },
    });
    expectError(addItem, 404, 'meetings.not_found', 'caseId');
    const added = await call<CaseBody>(hub, 'POST', `/api/v1/meetings/${meeting.id}/items`, {
      token: s.chair.token,
      body: { caseId: s.hidden.id },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ position: 2, visible: true, caseId: s.hidden.id });
    expect(shapeProblems(document, 'VisibleAgendaItemDto', added.body)).toEqual([]);
    expectError(
      await call(hub, 'POST', `/api/v1/meetings/${meeting.id}/items`, {
        token: s.chair.token,
        body: { caseId: s.hidden.id },
      }),
      409,
      'meetings.conflict',
    );
  });

  it('lists a participant its meetings by date, keyset-paged', async () => {
    const s = await setting();
    const ids: string[] = [];
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      const res = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
        token: s.chair.token,
        body: { kind: 'mda', scheduledAt: `${day}T10:00:00+01:00`, organisationIds: [s.probation.id], caseIds: [] },
      });
      ids.push(res.body.id);
    }
    const query = '/api/v1/meetings?from=2026-12-01T00:00:00%2B01:00&to=2026-12-04T00:00:00%2B01:00&limit=2';
    const first = await call<CaseBody>(hub, 'GET', query, { token: s.probationWorker.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: CaseBody) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await call<CaseBody>(hub, 'GET', `${query}&cursor=${first.body.nextCursor}`, {
      token: s.probationWorker.token,
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0], kind: 'mda' })], nextCursor: null });
    const narrow = await call<CaseBody>(
      hub,
      'GET',
      '/api/v1/meetings?from=2026-12-02T00:00:00%2B01:00&to=2026-12-03T00:00:00%2B01:00',
      { token: s.probationWorker.token },
    );
    expect(narrow.body.items.map((m: CaseBody) => m.id)).toEqual([ids[1]]);
    // Police does not take part in these meetings.
    const police = await call<CaseBody>(hub, 'GET', query, { token: s.policeWorker.token });
    expect(police.body.items).toEqual([]);
  });

  it('selects in SQL exactly the participant rows the in-memory ability allows, for every role', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    const repository = hub.db.getRepository(MeetingParticipant);
    const all = await repository.findBy({ meetingId: meeting.id });
    expect(all).toHaveLength(3);
    for (const organisationId of [s.vt.org.id, s.police.id, s.probation.id, randomUUID()]) {
      for (const role of ROLES) {
        const ability = defineAbilityFor({
          userId: s.chair.user.id,
          organisationId,
          organisationKind: 'police',
          roles: [role],
          tokenId: 't',
        });
        const bySql = await repository
          .createQueryBuilder('row')
          .where('row.meetingId = :id', { id: meeting.id })
          .andWhere(accessibleBy(ability, 'read', 'MeetingParticipant', 'row', repository.metadata))
          .getMany();
        const inMemory = all.filter((row) => ability.can('read', subject('MeetingParticipant', { ...row })));
        const key = (row: MeetingParticipant) => row.organisationId;
        expect({ role, rows: bySql.map(key).sort() }).toEqual({ role, rows: inMemory.map(key).sort() });
      }
    }
  });

  it('prepares the chair per item: open deadlines, open and overdue actions, open escalations, red flags and risk', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    const action = await call<CaseBody>(hub, 'POST', `/api/v1/cases/${s.shared.id}/actions`, {
      token: s.vt.caseworker.token,
      body: { assigneeOrganisationId: s.police.id, description: 'Huisbezoek', dueAt: inDays(2) },
    });
    // Overdue: moved into the past behind the api's back.
    await hub.db.query(`UPDATE case_actions SET due_at = now() - interval '1 day' WHERE id = $1`, [action.body.id]);
    const escalate = (reason: string) =>
      call<CaseBody>(hub, 'POST', `/api/v1/cases/${s.shared.id}/escalations`, {
        token: s.vt.caseworker.token,
        body: { targetOrganisationId: s.police.id, actionId: action.body.id, reason },
      });
    const stalled = await escalate('Geen huisbezoek afgelegd');
    const settled = await escalate('Eerder gemeld');
    expect([stalled.status, settled.status]).toEqual([201, 201]);
    await hub.db.query(`UPDATE escalations SET resolved_at = now(), resolution = 'Opgelost' WHERE id = $1`, [
      settled.body.id,
    ]);
    const res = await call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meeting.id}/preparation`, {
      token: s.chair.token,
    });
    expect(res.status).toBe(200);
    const [item] = res.body.items;
    expect(item).toMatchObject({ caseId: s.shared.id, riskLevel: 'high', redFlags: ['weapon'] });
    expect(fieldsOf(item)).toEqual([...PREPARED_ITEM, ...SAFETY_PREPARATION].sort());
    expect(shapeProblems(document, 'MeetingPreparationDto', res.body)).toEqual([]);
    expect(item.openDeadlines.map((d: CaseBody) => d.kind)).toEqual(
      expect.arrayContaining(['safety_assessment', 'action']),
    );
    expect(item.openActions).toEqual([expect.objectContaining({ id: action.body.id, overdue: true, status: 'open' })]);
    // Only the unresolved escalation, with its response term.
    const [response] = (await hub.db.query(
      `SELECT due_at FROM deadlines WHERE kind = 'escalation_response' AND subject_id = $1`,
      [stalled.body.id],
    )) as { due_at: Date }[];
    expect(item.openEscalations).toEqual([
      {
        id: stalled.body.id,
        targetOrganisationId: s.police.id,
        actionId: action.body.id,
        reason: 'Geen huisbezoek afgelegd',
        raisedAt: expect.any(String),
        responseDueAt: response.due_at.toISOString(),
        overdue: false,
      },
    ]);

    const notChair = await call(hub, 'GET', `/api/v1/meetings/${meeting.id}/preparation`, {
      token: s.vt.caseworker.token,
    });
    expectError(notChair, 403, 'access.forbidden');
  });

  it("prepares a chair without the safety category the basic part only, never the receiving organisation's terms, and an item outside its reach as hidden", async () => {
    const s = await setting();
    // A professional reported it: the term to give that reporter feedback is the receiving organisation's alone.
    const reported = await openCase(hub, s.vt.caseworker.token, {
      redFlags: ['weapon'],
      reporter: { kind: 'professional', name: 'Dr. Jansen', organisation: 'Huisartsenpraktijk De Linde' },
    });
    await assignRegisseur(hub, s.vt.supervisor.token, reported.id, s.vt.caseworker.user.id);
    const joined = await call(hub, 'POST', `/api/v1/cases/${reported.id}/partners`, {
      token: s.vt.caseworker.token,
      body: {
        organisationId: s.probation.id,
        legalBasis: 'statutory',
        legalBasisRef: 'Wet op de reclassering',
        categories: ['basic'],
      },
    });
    expect(joined.status).toBe(201);
    const assessed = await call(hub, 'POST', `/api/v1/cases/${reported.id}/safety-assessment`, {
      token: s.vt.caseworker.token,
      body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Beoordeeld' },
    });
    expect(assessed.status).toBe(200);
    const open = (
      (await hub.db.query(`SELECT kind FROM deadlines WHERE case_id = $1 AND status = 'open'`, [reported.id])) as {
        kind: string;
      }[]
    ).map((d) => d.kind);
    expect(open).toContain('reporter_feedback');

    const prepare = (token: string, meetingId: string) =>
      call<CaseBody>(hub, 'GET', `/api/v1/meetings/${meetingId}/preparation`, { token });
    const kindsOf = (item: CaseBody) => item.openDeadlines.map((d: CaseBody) => d.kind as string).sort();

    // Veilig Thuis received the case: its chair sees every open term, and the safety part.
    const own = await meetingOf(s, [reported.id]);
    const ownPreparation = await prepare(s.chair.token, own.id);
    expect(kindsOf(ownPreparation.body.items[0])).toEqual([...open].sort());
    expect(fieldsOf(ownPreparation.body.items[0])).toEqual([...PREPARED_ITEM, ...SAFETY_PREPARATION].sort());

    // Probation sees basic data of both cases: no safety part, no receiving-only term.
    const chair = await member(hub, s.probation, ['chair']);
    const created = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: chair.token,
      body: {
        kind: 'zsm',
        scheduledAt: '2026-11-27T09:00:00+01:00',
        organisationIds: [],
        caseIds: [s.shared.id, reported.id],
      },
    });
    expect(created.status).toBe(201);
    const res = await prepare(chair.token, created.body.id);
    expect(res.status).toBe(200);
    expect(shapeProblems(document, 'MeetingPreparationDto', res.body)).toEqual([]);
    expect(res.body.items.map(fieldsOf)).toEqual([PREPARED_ITEM, PREPARED_ITEM]);
    expect(kindsOf(res.body.items[1])).toEqual(open.filter((kind) => kind !== 'reporter_feedback').sort());
    expect(res.text).not.toContain('reporter_feedback');
    expect(res.text).not.toContain('weapon');

    // Once probation leaves the shared case's network, that item is its opaque id and place only.
    const removed = await call(hub, 'DELETE', `/api/v1/cases/${s.shared.id}/partners/${s.probation.id}`, {
      token: s.vt.caseworker.token,
    });
    expect(removed.status).toBe(204);
    const after = await prepare(chair.token, created.body.id);
    expect(after.body.items[0]).toEqual({ id: created.body.agenda[0].id, position: 1, visible: false });
    expect(after.text).not.toContain(s.shared.reference);
    expect(shapeProblems(document, 'MeetingPreparationDto', after.body)).toEqual([]);
  });

  it('escapes everything on the printable minutes', async () => {
    const s = await setting();
    const meeting = await meetingOf(s, [s.shared.id]);
    await decide(s.chair.token, meeting.id, s.shared.id, { text: '<script>alert(1)</script> & "zo"', actions: [] });
    const html = await call(hub, 'GET', `/api/v1/meetings/${meeting.id}/minutes.html`, { token: s.chair.token });
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;zo&quot;');
    expect(html.text).toContain(s.shared.reference);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
