import { call, Hub, Response, startHub } from './support/hub';
import {
  addPartner,
  CaseBody,
  expectAuditedOnce,
  expectError,
  member,
  veiligThuis,
  directedCase as directedCaseOf,
} from './support/cases';

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

describe('cases: lifecycle, deadlines, safety plan and escalations', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const directedCase = () => directedCaseOf(hub);

  const assess = (path: string, token: string, decision: string, outcome = 'structural_unsafe') =>
    call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
      token,
      body: { outcome, decision, summary: 'Beoordeeld' },
    });

  const deadline = (view: CaseBody, kind: string) => view.deadlines.find((d: CaseBody) => d.kind === kind);

  /** Closing waits for a supervisor's approval (docs/approvals.md): requested, then approved. */
  const closeApproved = async (path: string, token: string, supervisorToken: string, reason: string) => {
    const requested = await call<CaseBody>(hub, 'POST', `${path}/close`, { token, body: { reason } });
    expect(requested.status).toBe(202);
    const decided = await call(hub, 'POST', `${path}/approvals/${requested.body.approval.id}/decide`, {
      token: supervisorToken,
      body: { decision: 'approved', note: 'Akkoord' },
    });
    expect(decided.status).toBe(200);
    return requested;
  };

  describe('lifecycle', () => {
    it('runs triage → investigation → follow_up → closed, one audit entry and one event per step', async () => {
      const { vt, created, path, token } = await directedCase();
      let res = await assess(path, token, 'investigation');
      expect(res.status).toBe(200);
      expect(res.body.phase).toBe('investigation');
      await expectAuditedOnce(hub, res, created.id);
      expect(deadline(res.body, 'safety_assessment')).toMatchObject({ status: 'met', lateWorkingDays: 0 });
      const investigation = deadline(res.body, 'investigation');
      expect(investigation.status).toBe('open');
      // Ten calendar weeks, ending at the end of an Amsterdam day.
      const weeks = (Date.parse(investigation.dueAt) - Date.now()) / (7 * 86_400_000);
      expect(weeks).toBeGreaterThan(9.9);
      expect(weeks).toBeLessThan(10.6);
      expect(investigation.dueAt).toMatch(/T2[23]:59:59\.000Z$/);

      res = await call(hub, 'POST', `${path}/investigation/complete`, {
        token,
        body: { conclusion: 'Zorgen bevestigd', decision: 'follow_up' },
      });
      expect(res.status).toBe(200);
      expect(res.body.phase).toBe('follow_up');
      expect(deadline(res.body, 'investigation')).toMatchObject({ status: 'met', lateWorkingDays: 0 });
      expect(res.body.investigationConclusion).toBe('Zorgen bevestigd');
      await expectAuditedOnce(hub, res, created.id);

      await expectAuditedOnce(hub, await closeApproved(path, token, vt.supervisor.token, 'Hulp loopt'), created.id);
      res = await call(hub, 'GET', path, { token });
      expect(res.body).toMatchObject({ phase: 'closed', closeReason: 'Hulp loopt' });
      expect(res.body.closedAt).toEqual(expect.any(String));
      await expectAuditedOnce(hub, res, created.id);

      // Reads are audited too, one entry per request naming the case.
      await expectAuditedOnce(hub, await call(hub, 'GET', path, { token }), created.id);
      const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token });
      await expectAuditedOnce(hub, timeline, created.id);
      const phases = timeline.body.items.filter((e) => e.type === 'phase_changed').map((e) => e.data);
      expect(phases).toEqual([
        { from: 'triage', to: 'investigation' },
        { from: 'investigation', to: 'follow_up' },
        { from: 'follow_up', to: 'closed' },
      ]);
      const ids = timeline.body.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(timeline.body.items[0].type).toBe('case_opened');
    });

    it('answers 409 naming the phase for a transition the phase does not allow, and changes nothing', async () => {
      const { vt, created, path, token } = await directedCase();
      const refused = async (res: Response, phase: string) => {
        expectError(res, 409, 'cases.wrong_phase', 'phase');
        expect((res.body.details as { message: string }[])[0].message).toBe(phase);
      };
      await refused(await call(hub, 'POST', `${path}/close`, { token, body: { reason: 'x' } }), 'triage');
      await refused(
        await call(hub, 'POST', `${path}/investigation/complete`, {
          token,
          body: { conclusion: 'x', decision: 'close' },
        }),
        'triage',
      );
      expect((await assess(path, token, 'follow_up')).body.phase).toBe('follow_up');
      await refused(await assess(path, token, 'close'), 'follow_up');
      await refused(
        await call(hub, 'POST', `${path}/investigation/complete`, {
          token,
          body: { conclusion: 'x', decision: 'close' },
        }),
        'follow_up',
      );
      await closeApproved(path, token, vt.supervisor.token, 'Klaar');
      await refused(await call(hub, 'POST', `${path}/close`, { token, body: { reason: 'x' } }), 'closed');
      await refused(await assess(path, token, 'investigation'), 'closed');
      const res = await call(hub, 'GET', path, { token });
      expect(res.body).toMatchObject({ phase: 'closed', closeReason: 'Klaar' });
      const [{ n }] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'phase_changed'`,
        [created.id],
      )) as { n: number }[];
      expect(n).toBe(2);
    });

    it('closes straight from triage and cancels what was still open', async () => {
      const { path, token } = await directedCase();
      const res = await assess(path, token, 'close', 'safe');
      expect(res.body.phase).toBe('closed');
      expect(deadline(res.body, 'safety_assessment').status).toBe('met');
    });

    it('cancels open action deadlines when the case closes', async () => {
      const { vt, created, path, token } = await directedCase();
      const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
      await call(hub, 'POST', `${path}/actions`, {
        token,
        body: { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt: tomorrow() },
      });
      await assess(path, token, 'follow_up');
      await closeApproved(path, token, vt.supervisor.token, 'Klaar');
      const res = await call<CaseBody>(hub, 'GET', path, { token });
      expect(deadline(res.body, 'action').status).toBe('cancelled');
    });

    it('validates the assessment and refuses it to anyone but a caseworker of the receiving Veilig Thuis', async () => {
      const { vt, created, path, token } = await directedCase();
      expectError(
        await call(hub, 'POST', `${path}/safety-assessment`, {
          token,
          body: { outcome: 'fine', decision: 'close', summary: 'x' },
        }),
        400,
        'common.validation',
        'outcome',
      );
      expectError(
        await call(hub, 'POST', `${path}/safety-assessment`, { token, body: { outcome: 'safe', decision: 'close' } }),
        400,
        'common.validation',
        'summary',
      );
      expectError(await assess(path, vt.supervisor.token, 'close'), 403, 'cases.forbidden');
      const partner = await addPartner(hub, token, created.id, 'police', ['basic', 'safety', 'narrative']);
      const agent = await member(hub, partner, ['caseworker']);
      expectError(await assess(path, agent.token, 'close'), 403, 'cases.forbidden');
      expect((await call(hub, 'GET', path, { token })).body.phase).toBe('triage');
    });
  });

  describe('deadlines', () => {
    it('records a late safety assessment as met with the working days it was late', async () => {
      const { created, path, token } = await directedCase();
      await hub.db.query(
        `UPDATE deadlines SET due_at = now() - interval '10 days' WHERE case_id = $1 AND kind = 'safety_assessment'`,
        [created.id],
      );
      const res = await assess(path, token, 'follow_up');
      const met = deadline(res.body, 'safety_assessment');
      expect(met.status).toBe('met');
      expect(met.lateWorkingDays).toBeGreaterThan(0);
      expect(met.completedAt).toEqual(expect.any(String));
    });

    it('brings the safety assessment forward when an acute report is attached in triage', async () => {
      const { created, path, token } = await directedCase();
      const receivedAt = new Date(Date.now() - 3600_000);
      const res = await call<CaseBody>(hub, 'POST', `${path}/reports`, {
        token,
        body: { ...caseBodyFor(receivedAt), acute: true },
      });
      expect(res.status).toBe(201);
      expect(res.body.id).toBe(created.id);
      expect(deadline(res.body, 'safety_assessment').dueAt).toBe(
        new Date(receivedAt.getTime() + 24 * 3600_000).toISOString(),
      );
      expect(res.body.acute).toBe(true);
    });
  });

  describe('safety plan', () => {
    it('lets the regisseur give a partner an action with a deadline that done meets', async () => {
      const { vt, created, path, token } = await directedCase();
      const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
      const agent = await member(hub, police, ['caseworker']);
      const dueAt = tomorrow();
      const res = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
        token,
        body: { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ assigneeOrganisationId: police.id, status: 'open' });
      await expectAuditedOnce(hub, res, created.id);
      const actionId = res.body.id as string;
      let view = (await call<CaseBody>(hub, 'GET', path, { token: agent.token })).body;
      expect(view.actions).toMatchObject([{ id: actionId, description: 'Huisbezoek' }]);
      expect(view.deadlines.find((d: CaseBody) => d.kind === 'action')).toMatchObject({
        subjectId: actionId,
        dueAt,
        status: 'open',
      });

      // Only the assignee organisation and the regisseur report progress.
      expectError(
        await call(hub, 'PATCH', `${path}/actions/${actionId}`, {
          token: vt.supervisor.token,
          body: { status: 'done' },
        }),
        403,
        'cases.forbidden',
      );
      expectError(
        await call(hub, 'PATCH', `${path}/actions/${actionId}`, { token: agent.token, body: { status: 'finished' } }),
        400,
        'common.validation',
        'status',
      );
      const blocked = await call(hub, 'PATCH', `${path}/actions/${actionId}`, {
        token: agent.token,
        body: { status: 'blocked', note: 'Niemand thuis' },
      });
      expect(blocked.status).toBe(200);
      await expectAuditedOnce(hub, blocked, created.id);
      const done = await call(hub, 'PATCH', `${path}/actions/${actionId}`, {
        token: agent.token,
        body: { status: 'done' },
      });
      expect(done.body).toMatchObject({ status: 'done', note: 'Niemand thuis' });
      view = (await call<CaseBody>(hub, 'GET', path, { token })).body;
      expect(view.deadlines.find((d: CaseBody) => d.kind === 'action')).toMatchObject({
        status: 'met',
        lateWorkingDays: 0,
      });
      expectError(
        await call(hub, 'PATCH', `${path}/actions/${crypto.randomUUID()}`, { token, body: { status: 'done' } }),
        404,
        'cases.not_found',
      );
    });

    it('refuses actions from anyone but the regisseur, for non-partners and in the past', async () => {
      const { vt, created, path, token } = await directedCase();
      const police = await addPartner(hub, token, created.id, 'police', ['basic']);
      const body = { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt: tomorrow() };
      expectError(
        await call(hub, 'POST', `${path}/actions`, { token: vt.supervisor.token, body }),
        403,
        'cases.forbidden',
      );
      const stranger = (await veiligThuis(hub)).org;
      const invalid: [Record<string, unknown>, string, string][] = [
        [{ ...body, assigneeOrganisationId: stranger.id }, 'assigneeOrganisationId', 'cases.invalid'],
        [{ ...body, dueAt: '2020-01-01T00:00:00Z' }, 'dueAt', 'cases.invalid'],
        [{ ...body, dueAt: 'morgen' }, 'dueAt', 'common.validation'],
        [{ ...body, description: '' }, 'description', 'common.validation'],
      ];
      for (const [bad, field, code] of invalid) {
        expectError(await call(hub, 'POST', `${path}/actions`, { token, body: bad }), 400, code, field);
      }
      const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM case_actions WHERE case_id = $1`, [
        created.id,
      ])) as { n: number }[];
      expect(n).toBe(0);
    });
  });

  describe('escalations', () => {
    it('notifies the target organisation’s supervisors, opens a response deadline and is resolved by one of them', async () => {
      const { vt, created, path, token } = await directedCase();
      const police = await addPartner(hub, token, created.id, 'police', ['basic', 'safety']);
      const chiefs = [await member(hub, police, ['supervisor']), await member(hub, police, ['supervisor'])];
      const agent = await member(hub, police, ['caseworker']);
      const action = await call<CaseBody>(hub, 'POST', `${path}/actions`, {
        token,
        body: { assigneeOrganisationId: police.id, description: 'Huisbezoek', dueAt: tomorrow() },
      });
      expectError(
        await call(hub, 'POST', `${path}/escalations`, {
          token: vt.supervisor.token,
          body: { targetOrganisationId: police.id, reason: 'Geen reactie' },
        }),
        403,
        'cases.forbidden',
      );
      const res = await call<CaseBody>(hub, 'POST', `${path}/escalations`, {
        token,
        body: { targetOrganisationId: police.id, actionId: action.body.id, reason: 'Geen reactie' },
      });
      expect(res.status).toBe(201);
      await expectAuditedOnce(hub, res, created.id);
      const eid = res.body.id as string;
      const view = (await call<CaseBody>(hub, 'GET', path, { token })).body;
      const response = view.deadlines.find((d: CaseBody) => d.kind === 'escalation_response');
      expect(response).toMatchObject({ subjectId: eid, status: 'open' });
      expect(Date.parse(response.dueAt)).toBeGreaterThan(Date.now());

      for (const chief of chiefs) {
        const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications?unread=true', {
          token: chief.token,
        });
        expect(inbox.status).toBe(200);
        expect(inbox.body.items).toMatchObject([{ kind: 'escalation_raised', caseId: created.id, subjectId: eid }]);
        expect(inbox.body.items[0].title).toContain(created.reference);
      }
      // Nobody else hears of the escalation (the agent was told of its action, the regisseur of regie).
      for (const other of [agent, vt.caseworker, vt.supervisor]) {
        const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token: other.token });
        expect(inbox.body.items.filter((n) => n.kind === 'escalation_raised')).toEqual([]);
      }
      const note = (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token: chiefs[0].token }))
        .body.items[0];
      expectError(
        await call(hub, 'POST', `/api/v1/notifications/${note.id}/read`, { token: chiefs[1].token }),
        404,
        'notifications.not_found',
      );
      const read = await call<CaseBody>(hub, 'POST', `/api/v1/notifications/${note.id}/read`, {
        token: chiefs[0].token,
      });
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      const unread = await call<{ items: unknown[] }>(hub, 'GET', '/api/v1/notifications?unread=true', {
        token: chiefs[0].token,
      });
      expect(unread.body.items).toEqual([]);
      const all = await call<{ items: unknown[] }>(hub, 'GET', '/api/v1/notifications', { token: chiefs[0].token });
      expect(all.body.items).toHaveLength(1);

      const resolvePath = `${path}/escalations/${eid}/resolve`;
      for (const refused of [agent, vt.supervisor, vt.caseworker]) {
        expectError(
          await call(hub, 'POST', resolvePath, { token: refused.token, body: { resolution: 'x' } }),
          403,
          'cases.forbidden',
        );
      }
      const resolved = await call<CaseBody>(hub, 'POST', resolvePath, {
        token: chiefs[1].token,
        body: { resolution: 'Wijkagent gaat vandaag langs' },
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        resolution: 'Wijkagent gaat vandaag langs',
        resolvedBy: chiefs[1].user.id,
      });
      await expectAuditedOnce(hub, resolved, created.id);
      const after = (await call<CaseBody>(hub, 'GET', path, { token })).body;
      expect(after.deadlines.find((d: CaseBody) => d.kind === 'escalation_response').status).toBe('met');
      expectError(
        await call(hub, 'POST', resolvePath, { token: chiefs[0].token, body: { resolution: 'Nogmaals' } }),
        409,
        'cases.conflict',
      );
    });

    it('refuses an escalation to a non-partner or about an unknown action', async () => {
      const { created, path, token } = await directedCase();
      const police = await addPartner(hub, token, created.id, 'police', ['basic']);
      const stranger = (await veiligThuis(hub)).org;
      expectError(
        await call(hub, 'POST', `${path}/escalations`, {
          token,
          body: { targetOrganisationId: stranger.id, reason: 'x' },
        }),
        400,
        'cases.invalid',
        'targetOrganisationId',
      );
      expectError(
        await call(hub, 'POST', `${path}/escalations`, {
          token,
          body: { targetOrganisationId: police.id, actionId: crypto.randomUUID(), reason: 'x' },
        }),
        400,
        'cases.invalid',
        'actionId',
      );
      const [{ n }] = (await hub.db.query(
        `SELECT (SELECT count(*) FROM escalations WHERE case_id = $1)
              + (SELECT count(*) FROM notifications WHERE case_id = $1 AND kind = 'escalation_raised') AS n`,
        [created.id],
      )) as { n: string }[];
      expect(Number(n)).toBe(0);
    });
  });
});

function caseBodyFor(receivedAt: Date) {
  return {
    receivedAt: receivedAt.toISOString(),
    acute: false,
    channel: 'police',
    reporter: { kind: 'police', organisation: 'Politie' },
    persons: [],
    violenceTypes: ['partner_violence'],
    redFlags: [],
  };
}
