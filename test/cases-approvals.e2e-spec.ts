import { randomUUID } from 'node:crypto';
import { DeadlineAlertsService } from '../libs/deadlines/src';
import { call, createOrganisation, Hub, isolatedDatabase, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  auditOf,
  CaseBody,
  directedCase as directedCaseOf,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';

/**
 * Four eyes on closing (docs/approvals.md). A database of its own: the breach test sweeps every
 * overdue deadline, which must not reach other test files' rows.
 */
describe('cases: approvals (four eyes on closing)', () => {
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  beforeAll(async () => {
    database = await isolatedDatabase('approvals');
    hub = await startHub({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await hub.close();
    await database.drop();
  });

  /** A case in follow-up whose regisseur is its caseworker, with a second supervisor at regie. */
  async function followUpCase(overrides: Record<string, unknown> = {}) {
    const directed = await directedCaseOf(hub, overrides);
    const res = await call<CaseBody>(hub, 'POST', `${directed.path}/safety-assessment`, {
      token: directed.token,
      body: { outcome: 'structural_unsafe', decision: 'follow_up', summary: 'Hulp nodig' },
    });
    if (res.status !== 200) throw new Error(`assessment failed: ${res.status} ${res.text}`);
    return { ...directed, second: await member(hub, directed.vt.org, ['supervisor']) };
  }

  const requestClose = (path: string, token: string, reason = 'Hulp loopt') =>
    call<CaseBody>(hub, 'POST', `${path}/close`, { token, body: { reason } });
  const decide = (path: string, id: string, token: string, body: unknown) =>
    call<CaseBody>(hub, 'POST', `${path}/approvals/${id}/decide`, { token, body });
  const view = async (path: string, token: string) => (await call<CaseBody>(hub, 'GET', path, { token })).body;
  const approvalDeadline = async (approvalId: string) =>
    (
      (await hub.db.query(`SELECT * FROM deadlines WHERE kind = 'approval' AND subject_id = $1`, [
        approvalId,
      ])) as CaseBody[]
    )[0];
  const inbox = async (token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token })).body.items;
  const timelineTypes = async (path: string, token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token })).body.items.map((e) => e.type);

  describe('closing', () => {
    it('answers 202 with a pending approval; the case closes only when another supervisor approves', async () => {
      const { vt, created, path, token, second } = await followUpCase();
      const res = await requestClose(path, token);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ approval: { id: expect.any(String), status: 'pending' } });
      const id = res.body.approval.id as string;
      expect(await auditOf(hub, res)).toEqual([
        { action: 'create', subject_type: 'Approval', case_id: created.id, outcome: 'success' },
      ]);

      const waiting = await view(path, token);
      expect(waiting.phase).toBe('follow_up');
      expect(waiting.pendingApproval).toMatchObject({ id, operation: 'close', requestedBy: vt.caseworker.user.id });
      expect(waiting.allowedOperations).not.toContain('close');
      expect(waiting.allowedOperations).not.toContain('decide_approval');
      expect((await view(path, second.token)).allowedOperations).toContain('decide_approval');
      expect((await view(path, vt.supervisor.token)).allowedOperations).toContain('decide_approval');

      // Its own term: the end of the second working day, reminded and breached like any other.
      const deadline = await approvalDeadline(id);
      expect(deadline).toMatchObject({ status: 'open', case_id: created.id });
      const days = (new Date(deadline.due_at).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(1);
      expect(days).toBeLessThan(5);
      expect((await inbox(second.token)).map((n) => n.kind)).toContain('approval_requested');

      const approved = await decide(path, id, second.token, { decision: 'approved', note: 'Akkoord, hulp loopt.' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        id,
        status: 'approved',
        operation: 'close',
        reason: 'Hulp loopt',
        decidedBy: second.user.id,
        note: 'Akkoord, hulp loopt.',
      });
      expect(await auditOf(hub, approved)).toEqual([
        { action: 'update', subject_type: 'Approval', case_id: created.id, outcome: 'success' },
      ]);
      const closed = await view(path, token);
      expect(closed).toMatchObject({ phase: 'closed', closeReason: 'Hulp loopt', pendingApproval: null });
      expect((await approvalDeadline(id)).status).toBe('met');
      // Request, decision and the phase change it made, in that order (other events of closing aside).
      const steps = ['approval_requested', 'approval_decided', 'phase_changed'];
      const types = (await timelineTypes(path, token)).filter((type) => steps.includes(type));
      expect(types.slice(-3)).toEqual(steps);
      const told = (await inbox(token)).find((n) => n.kind === 'approval_approved');
      expect(told?.body).toContain('Akkoord, hulp loopt.');

      // Decided once: a second decision is refused and changes nothing.
      const again = await decide(path, id, vt.supervisor.token, { decision: 'rejected', note: 'Toch niet' });
      expect(again.status).toBe(409);
      expect((await call<CaseBody>(hub, 'GET', `${path}/approvals`, { token })).body.items).toHaveLength(1);
    });

    it('on rejection keeps the case as it was and tells the requester the note; a decided approval answers 409', async () => {
      const { vt, path, token, second } = await followUpCase();
      const id = (await requestClose(path, token)).body.approval.id as string;
      const rejected = await decide(path, id, second.token, { decision: 'rejected', note: 'Eerst nazorg regelen.' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', note: 'Eerst nazorg regelen.' });
      const after = await view(path, token);
      expect(after).toMatchObject({ phase: 'follow_up', closedAt: null, pendingApproval: null });
      expect(after.allowedOperations).toContain('close');
      expect((await approvalDeadline(id)).status).toBe('met');
      const told = (await inbox(token)).find((n) => n.kind === 'approval_rejected');
      expect(told?.body).toContain('Eerst nazorg regelen.');

      const twice = await decide(path, id, vt.supervisor.token, { decision: 'approved', note: 'Alsnog' });
      expectError(twice, 409, 'cases.conflict', 'approval');
      expect((await view(path, token)).phase).toBe('follow_up');
      // A new request may follow.
      expect((await requestClose(path, token, 'Nazorg geregeld')).status).toBe(202);
    });

    it('refuses a second request while one is pending, and writes nothing', async () => {
      const { created, path, token } = await followUpCase();
      expect((await requestClose(path, token)).status).toBe(202);
      expectError(await requestClose(path, token, 'Nog eens'), 409, 'cases.conflict', 'approval');
      const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM approvals WHERE case_id = $1`, [
        created.id,
      ])) as { n: number }[];
      expect(n).toBe(1);
    });

    it('lets neither the requester, nor a caseworker, nor another organisation decide; bad bodies change nothing', async () => {
      const { vt, created, path, second } = await followUpCase();
      // The supervisor takes regie and asks to close: they may not approve their own request.
      await assignRegisseur(hub, vt.supervisor.token, created.id, vt.supervisor.user.id);
      const id = (await requestClose(path, vt.supervisor.token)).body.approval.id as string;
      const body = { decision: 'approved', note: 'Akkoord' };
      expect((await view(path, vt.supervisor.token)).allowedOperations).not.toContain('decide_approval');
      expectError(await decide(path, id, vt.supervisor.token, body), 403, 'cases.forbidden');
      expectError(await decide(path, id, vt.caseworker.token, body), 403, 'cases.forbidden');
      const police = await addPartner(hub, second.token, created.id, 'police', ['basic', 'safety']);
      const policeChief = await member(hub, police, ['supervisor']);
      expectError(await decide(path, id, policeChief.token, body), 403, 'cases.forbidden');
      const stranger = await member(hub, await createOrganisation(hub.db, 'veilig_thuis'), ['supervisor']);
      expectError(await decide(path, id, stranger.token, body), 404, 'cases.not_found');
      expectError(await decide(path, randomUUID(), second.token, body), 404, 'cases.not_found');
      expectError(
        await decide(path, id, second.token, { decision: 'maybe', note: 'x' }),
        400,
        'common.validation',
        'decision',
      );
      expectError(
        await decide(path, id, second.token, { decision: 'approved', note: '  ' }),
        400,
        'common.validation',
        'note',
      );
      expectError(
        await decide(path, id, second.token, { decision: 'approved', note: 'x'.repeat(2001) }),
        400,
        'common.validation',
        'note',
      );
      expectError(await decide(path, 'niet-een-id', second.token, body), 400, 'common.validation');
      const [row] = (await hub.db.query(`SELECT status FROM approvals WHERE id = $1`, [id])) as { status: string }[];
      expect(row.status).toBe('pending');
      expect((await view(path, second.token)).phase).toBe('follow_up');

      // Network members see the case's approvals; the note only with the safety data.
      const basicOnly = await addPartner(hub, second.token, created.id, 'municipality', ['basic']);
      const officer = await member(hub, basicOnly, ['caseworker']);
      expect((await decide(path, id, second.token, { decision: 'approved', note: 'Akkoord' })).status).toBe(200);
      const seen = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/approvals`, { token: officer.token });
      expect(seen.status).toBe(200);
      expect(seen.body.items[0]).toMatchObject({ id, status: 'approved' });
      expect(seen.body.items[0]).not.toHaveProperty('note');
      const [police0] = (
        await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/approvals`, { token: policeChief.token })
      ).body.items;
      expect(police0.note).toBe('Akkoord');
      expect((await call(hub, 'GET', `${path}/approvals`, { token: stranger.token })).status).toBe(404);
    });
  });

  describe('a safety assessment that closes a case of high or critical risk', () => {
    it('records the assessment and meets its term now; only the closing waits for approval', async () => {
      const { vt, path, token, created } = await directedCaseOf(hub, { redFlags: ['strangulation'] });
      expect(created.riskLevel).toBe('high');
      const res = await call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
        token,
        body: { outcome: 'safe', decision: 'close', summary: 'Geen acuut gevaar meer' },
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ approval: { id: expect.any(String), status: 'pending' } });
      const waiting = await view(path, token);
      expect(waiting.phase).toBe('triage');
      expect(waiting.safetyAssessment).toMatchObject({ outcome: 'safe', decision: 'close' });
      const term = waiting.deadlines.find((d: CaseBody) => d.kind === 'safety_assessment');
      expect(term).toMatchObject({ status: 'met', lateWorkingDays: 0 });
      expect(waiting.allowedOperations).not.toContain('record_safety_assessment');
      expectError(
        await call(hub, 'POST', `${path}/safety-assessment`, {
          token,
          body: { outcome: 'structural_unsafe', decision: 'follow_up', summary: 'Toch vervolg' },
        }),
        409,
        'cases.conflict',
      );

      const approved = await decide(path, res.body.approval.id, vt.supervisor.token, {
        decision: 'approved',
        note: 'Akkoord met afsluiten',
      });
      expect(approved.body).toMatchObject({ status: 'approved', operation: 'record_safety_assessment' });
      const closed = await view(path, token);
      expect(closed.phase).toBe('closed');
      // The term stays met when the professional recorded it, not when the supervisor approved.
      expect(closed.deadlines.find((d: CaseBody) => d.kind === 'safety_assessment').completedAt).toBe(term.completedAt);
    });

    it('closes a case of low risk at once, as before', async () => {
      const { path, token } = await directedCaseOf(hub);
      const res = await call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
        token,
        body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
      });
      expect(res.status).toBe(200);
      expect(res.body.phase).toBe('closed');
    });
  });

  describe('the supervisor', () => {
    it('lists pending approvals of the own organisation, keyset-paged; others are refused', async () => {
      const vt = await veiligThuis(hub);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await openCase(hub, vt.caseworker.token);
        const path = `/api/v1/cases/${created.id}`;
        await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
        await call(hub, 'POST', `${path}/safety-assessment`, {
          token: vt.caseworker.token,
          body: { outcome: 'safe', decision: 'follow_up', summary: 'Vervolg' },
        });
        ids.push((await requestClose(path, vt.caseworker.token)).body.approval.id as string);
      }
      const other = await followUpCase();
      await requestClose(other.path, other.token);

      const first = await call<CaseBody>(hub, 'GET', '/api/v1/approvals?status=pending&limit=2', {
        token: vt.supervisor.token,
      });
      expect(first.status).toBe(200);
      expect(first.body.items.map((a: CaseBody) => a.id)).toEqual(ids.slice(0, 2));
      expect(first.body.items[0]).toMatchObject({
        status: 'pending',
        operation: 'close',
        requestedBy: vt.caseworker.user.id,
        caseReference: expect.any(String),
        dueAt: expect.any(String),
      });
      const next = await call<CaseBody>(
        hub,
        'GET',
        `/api/v1/approvals?status=pending&limit=2&cursor=${first.body.nextCursor}`,
        {
          token: vt.supervisor.token,
        },
      );
      expect(next.body).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
      expectError(
        await call(hub, 'GET', '/api/v1/approvals?status=pending&cursor=nonsense!', { token: vt.supervisor.token }),
        400,
        'common.validation',
        'cursor',
      );
      expectError(
        await call(hub, 'GET', '/api/v1/approvals?status=open', { token: vt.supervisor.token }),
        400,
        'common.validation',
        'status',
      );
      expectError(await call(hub, 'GET', '/api/v1/approvals', { token: vt.caseworker.token }), 403, 'access.forbidden');

      const dashboard = await call<CaseBody>(hub, 'GET', '/api/v1/dashboard', { token: vt.supervisor.token });
      expect(dashboard.body.pendingApprovals).toBe(3);
      expect(dashboard.body.byKind.approval).toEqual({ open: 3, atRisk: expect.any(Number), breached: 0 });
    });

    it('is reminded of a pending approval and told when its term is breached', async () => {
      const { vt, path, token, second } = await followUpCase();
      const id = (await requestClose(path, token)).body.approval.id as string;
      const alerts = hub.app.get(DeadlineAlertsService);
      const deadline = await approvalDeadline(id);
      expect(await alerts.remind(deadline.id, deadline.version, 0)).toBe('done');
      for (const supervisor of [vt.supervisor, second]) {
        expect((await inbox(supervisor.token)).map((n) => n.kind)).toContain('deadline_reminder');
      }
      await hub.db.query(`UPDATE deadlines SET due_at = now() - interval '1 minute' WHERE id = $1`, [deadline.id]);
      expect(await alerts.breach(deadline.id, deadline.version)).toBe('done');
      expect((await approvalDeadline(id)).status).toBe('breached');
      const breach = (await inbox(second.token)).find((n) => n.kind === 'deadline_breached');
      expect(breach?.title).toContain('goedkeuring');
      // A breached term is still decided; the decision meets it late.
      expect((await decide(path, id, second.token, { decision: 'approved', note: 'Laat, maar akkoord' })).status).toBe(
        200,
      );
      expect(await approvalDeadline(id)).toMatchObject({ status: 'met' });
    });
  });
});
