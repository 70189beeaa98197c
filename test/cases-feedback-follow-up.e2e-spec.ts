import { ReporterFeedbackService } from '../libs/cases/src';
import { ShiftedClock } from '../libs/common/src';
import { amsterdamDate, CalendarService, DeadlineAlertsService, endOfAmsterdamDay } from '../libs/deadlines/src';
import {
  addPartner,
  assignRegisseur,
  auditOf,
  CaseBody,
  caseBody,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';
import { call, createOrganisation, Hub, isolatedDatabase, startHub } from './support/hub';
import { publishedDocument, shapeProblems } from './support/openapi-shape';
import { TestRelay } from './support/smtp-relay';
import { until } from './support/wait';

const PROFESSIONAL = {
  kind: 'professional',
  name: 'Dr. Jansen',
  organisation: 'Huisartsenpraktijk De Linde',
  phone: '0201234567',
  email: 'melder@huisarts.example',
};

/**
 * Feedback to the reporter and follow-up after closing (docs/feedback-and-follow-up.md). A database
 * of its own: the clock moves weeks ahead and the breach sweeps every overdue deadline.
 */
describe('cases: reporter feedback and follow-up after closing', () => {
  const relay = new TestRelay();
  const clock = new ShiftedClock();
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  beforeAll(async () => {
    database = await isolatedDatabase('followup');
    const smtpPort = await relay.start();
    hub = await startHub({ DATABASE_URL: database.url, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }, { clock });
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await hub.close();
    await relay.close();
    await database.drop();
  });

  const alerts = () => hub.app.get(DeadlineAlertsService);
  const view = async (path: string, token: string) => (await call<CaseBody>(hub, 'GET', path, { token })).body;
  const deadlinesOf = async (caseId: string, kind: string) =>
    (await hub.db.query(`SELECT * FROM deadlines WHERE case_id = $1 AND kind = $2 ORDER BY due_at`, [
      caseId,
      kind,
    ])) as CaseBody[];
  const inbox = async (token: string) =>
    (await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token })).body.items;
  const assess = (path: string, token: string, decision: string) =>
    call<CaseBody>(hub, 'POST', `${path}/safety-assessment`, {
      token,
      body: { outcome: 'structural_unsafe', decision, summary: 'Beoordeeld' },
    });
  const feedback = (path: string, reportId: string, token: string, body: unknown = {}) =>
    call<CaseBody>(hub, 'POST', `${path}/reports/${reportId}/feedback`, { token, body });
  const writes = async (caseId: string) =>
    (
      (await hub.db.query(
        `SELECT (SELECT count(*) FROM reporter_feedback WHERE case_id = $1)::int AS feedback,
                (SELECT count(*) FROM follow_up_checks WHERE case_id = $1 AND outcome IS NOT NULL)::int AS checks,
                (SELECT count(*) FROM case_events WHERE case_id = $1)::int AS events`,
        [caseId],
      )) as CaseBody[]
    )[0];

  /**
   * Moves the clock past a deadline's reminder and its due time: each fires exactly once, however
   * often its job runs, with one notification per recipient.
   */
  async function remindAndBreachOnce(deadline: CaseBody, token: string, what: string) {
    clock.jumpTo(new Date(new Date(deadline.due_at).getTime() - 3_600_000));
    expect(await alerts().remind(deadline.id, deadline.version, 0)).toBe('done');
    expect(await alerts().remind(deadline.id, deadline.version, 0)).toBe('skipped');
    clock.jumpTo(new Date(new Date(deadline.due_at).getTime() + 60_000));
    expect(await alerts().breach(deadline.id, deadline.version)).toBe('done');
    expect(await alerts().breach(deadline.id, deadline.version)).toBe('skipped');
    clock.reset();
    const mine = (await inbox(token)).filter((n) => n.subjectId === deadline.id);
    expect(mine.map((n) => n.kind).sort()).toEqual(['deadline_breached', 'deadline_reminder']);
    expect(mine.every((n) => (n.title as string).includes(what))).toBe(true);
  }

  /** A case of a fresh organisation, its caseworker regisseur, with a report from a professional. */
  async function professionalCase(overrides: Record<string, unknown> = {}) {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { reporter: PROFESSIONAL, ...overrides });
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    return {
      vt,
      created,
      path: `/api/v1/cases/${created.id}`,
      token: vt.caseworker.token,
      reportId: created.reports[0].id as string,
    };
  }

  describe('feedback to a professional reporter', () => {
    it('opens its term with the assessment, is met by the feedback, and mails only what the law allows', async () => {
      const { vt, created, path, token, reportId } = await professionalCase();
      const before = await writes(created.id);
      // In triage the safety assessment is still to be recorded.
      expectError(await feedback(path, reportId, token), 409, 'cases.wrong_phase', 'phase');
      expect(await writes(created.id)).toEqual(before);
      expect(await deadlinesOf(created.id, 'reporter_feedback')).toEqual([]);

      expect((await assess(path, token, 'investigation')).status).toBe(200);
      const [term] = await deadlinesOf(created.id, 'reporter_feedback');
      const assessedAt = new Date((await view(path, token)).safetyAssessment.assessedAt);
      const calendar = hub.app.get(CalendarService).calendar();
      expect(term).toMatchObject({ status: 'open', subject_id: reportId });
      expect(new Date(term.due_at)).toEqual(endOfAmsterdamDay(calendar.addWorkingDays(amsterdamDate(assessedAt), 5)));

      const res = await feedback(path, reportId, token, { note: 'Ook telefonisch teruggekoppeld.' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: reportId,
        reporter: { kind: 'professional', email: PROFESSIONAL.email },
        feedback: {
          followUp: 'investigation',
          note: 'Ook telefonisch teruggekoppeld.',
          emailStatus: 'pending',
          recordedBy: vt.caseworker.user.id,
        },
      });
      expect(await auditOf(hub, res)).toEqual([
        { action: 'create', subject_type: 'ReporterFeedback', case_id: created.id, outcome: 'success' },
      ]);
      expect((await deadlinesOf(created.id, 'reporter_feedback'))[0]).toMatchObject({
        status: 'met',
        late_working_days: 0,
      });

      const [mail] = await until(
        'the feedback e-mail',
        () => relay.received.filter((m) => m.to === PROFESSIONAL.email),
        (mails) => mails.length > 0,
      );
      expect(mail.raw).toContain('Veilig Thuis heeft uw melding in behandeling genomen.');
      expect(mail.raw).toContain('Veilig Thuis stelt een onderzoek in.');
      // Nothing of the case: no reference, no person, no reporter's name, no narrative.
      for (const secret of [created.reference, 'Anna', 'Vries', 'Jansen', 'geschreeuw', 'Beoordeeld']) {
        expect(mail.raw).not.toContain(secret);
      }
      await until(
        'the e-mail status',
        async () => (await view(path, token)).reports[0].feedback.emailStatus,
        (status) => status === 'sent',
      );

      // Once per report.
      const again = await writes(created.id);
      expectError(await feedback(path, reportId, token), 409, 'cases.conflict', 'reportId');
      expect(await writes(created.id)).toEqual(again);
    });

    it('retries the e-mail after a refusal until it is delivered, once, and then forgets the address', async () => {
      const address = 'praktijk-herhaling@huisarts.example';
      const { path, token, reportId } = await professionalCase({ reporter: { ...PROFESSIONAL, email: address } });
      expect((await assess(path, token, 'follow_up')).status).toBe(200);
      relay.refuseTemporarily.set(address, 1);
      expect((await feedback(path, reportId, token)).status).toBe(201);
      const row = async () =>
        (
          (await hub.db.query(
            `SELECT email_status, email_attempts, email_error, email_next_at, email_ciphertext IS NOT NULL AS sealed
               FROM reporter_feedback WHERE report_id = $1`,
            [reportId],
          )) as CaseBody[]
        )[0];
      // The api's own attempt after the commit was refused (451): kept, sealed, due after the backoff.
      const refused = await until('the first attempt', row, (r) => r.email_attempts === 1);
      expect(refused).toMatchObject({ email_status: 'pending', email_error: 'EMESSAGE 451', sealed: true });
      const deliveries = () => hub.app.get(ReporterFeedbackService).deliverDue();
      expect(await deliveries()).toBe(0);

      clock.jumpTo(new Date(new Date(refused.email_next_at).getTime() + 1000));
      expect(await deliveries()).toBe(1);
      expect(await deliveries()).toBe(0);
      expect(relay.mailsTo(address)).toHaveLength(1);
      expect(relay.mailsTo(address)[0].raw).toContain('Veilig Thuis zorgt ervoor dat passende hulp wordt ingezet');
      expect(await row()).toMatchObject({ email_status: 'sent', email_attempts: 2, email_error: null, sealed: false });
      expect((await view(path, token)).reports[0].feedback.emailStatus).toBe('sent');
    });

    it('gives the e-mail up when the relay refuses it for good, and forgets the address', async () => {
      const address = 'vertrokken@huisarts.example';
      const { path, token, reportId } = await professionalCase({ reporter: { ...PROFESSIONAL, email: address } });
      expect((await assess(path, token, 'investigation')).status).toBe(200);
      relay.refuseForGood.add(address);
      expect((await feedback(path, reportId, token)).status).toBe(201);
      const failed = await until(
        'the refusal',
        async () =>
          (
            (await hub.db.query(
              `SELECT email_status, email_attempts, email_error, email_ciphertext IS NOT NULL AS sealed
                 FROM reporter_feedback WHERE report_id = $1`,
              [reportId],
            )) as CaseBody[]
          )[0],
        (r) => r.email_status !== 'pending',
      );
      expect(failed).toEqual({ email_status: 'failed', email_attempts: 1, email_error: 'EMESSAGE 550', sealed: false });
      expect(relay.mailsTo(address)).toEqual([]);
    });

    it('refuses an unknown report, a citizen report, bad input and callers outside the receiving organisation', async () => {
      const { vt, created, path, token, reportId } = await professionalCase();
      expect((await assess(path, token, 'follow_up')).status).toBe(200);
      const before = await writes(created.id);
      expectError(await feedback(path, '00000000-0000-4000-8000-000000000000', token), 404, 'cases.not_found');
      expectError(await feedback(path, 'geen-id', token), 400, 'common.validation', 'reportId');
      expectError(await feedback(path, reportId, token, { note: 'x'.repeat(1001) }), 400, 'common.validation', 'note');
      // A supervisor may not take reports; a partner sees the case but is not the receiving organisation.
      expectError(await feedback(path, reportId, vt.supervisor.token), 403, 'cases.forbidden');
      const partner = await addPartner(hub, token, created.id, 'veilig_thuis', ['safety']);
      const outsider = await member(hub, partner, ['caseworker']);
      expectError(await feedback(path, reportId, outsider.token), 403, 'cases.forbidden');
      // Another report on the case, from a citizen: no feedback term and no feedback.
      const added = await call<CaseBody>(hub, 'POST', `${path}/reports`, {
        token,
        body: { ...caseBody({}, hub.clock.now()), persons: [] },
      });
      expect(added.status).toBe(201);
      const citizenReport = (added.body.reports as CaseBody[]).find((r) => r.id !== reportId)!;
      const afterReport = await writes(created.id);
      expectError(await feedback(path, citizenReport.id, token), 409, 'cases.conflict', 'reportId');
      expect(await writes(created.id)).toEqual(afterReport);
      expect(afterReport.feedback).toBe(before.feedback);
      expect(await deadlinesOf(created.id, 'reporter_feedback')).toHaveLength(1);
      // The view offers it to the receiving organisation's caseworkers only.
      expect((await view(path, token)).allowedOperations).toContain('record_reporter_feedback');
      expect((await view(path, outsider.token)).allowedOperations).not.toContain('record_reporter_feedback');
    });

    it('tells nothing by e-mail when the reporter left no address, and says no follow-up when the case closed', async () => {
      const { created, path, token, reportId } = await professionalCase({
        reporter: { kind: 'professional', name: 'Wijkagent', phone: '0612345678' },
      });
      expect((await assess(path, token, 'close')).status).toBe(200);
      // Closing at the assessment does not end the feedback owed to the reporter.
      expect((await deadlinesOf(created.id, 'reporter_feedback')).map((d) => d.status)).toEqual(['open']);
      const res = await feedback(path, reportId, token);
      expect(res.status).toBe(201);
      expect(res.body.feedback).toMatchObject({ followUp: 'none', emailStatus: 'none', note: null });
    });

    it('reminds the regie organisation of its term and breaches it, each exactly once', async () => {
      const { vt, created, path, token } = await professionalCase();
      expect((await assess(path, token, 'follow_up')).status).toBe(200);
      const [term] = await deadlinesOf(created.id, 'reporter_feedback');
      await remindAndBreachOnce(term, vt.supervisor.token, 'terugkoppeling aan melder');
      expect((await deadlinesOf(created.id, 'reporter_feedback'))[0].status).toBe('breached');
    });
  });

  describe('follow-up after closing', () => {
    /** A case closed through four eyes, with a partner organisation in its network. */
    async function closedCase() {
      const { vt, created, path, token, reportId } = await professionalCase();
      expect((await assess(path, token, 'follow_up')).status).toBe(200);
      const partner = await addPartner(hub, token, created.id, 'certified_institution', ['safety']);
      const outsider = await member(hub, partner, ['caseworker']);
      const second = await member(hub, vt.org, ['supervisor']);
      const closing = await call<CaseBody>(hub, 'POST', `${path}/close`, { token, body: { reason: 'Hulp loopt' } });
      const approvalId = closing.body.approval.id as string;
      const decided = await call<CaseBody>(hub, 'POST', `${path}/approvals/${approvalId}/decide`, {
        token: second.token,
        body: { decision: 'approved', note: 'Akkoord' },
      });
      expect(decided.status).toBe(200);
      return { vt, created, path, token, reportId, outsider, second };
    }

    it('schedules the configured checks when the case closes, each a deadline with an outcome', async () => {
      const { vt, created, path, token, outsider } = await closedCase();
      const closedAt = new Date((await view(path, token)).closedAt);
      const list = await call<CaseBody>(hub, 'GET', `${path}/follow-up-checks`, { token });
      expect(list.status).toBe(200);
      const calendar = hub.app.get(CalendarService).calendar();
      const dueAfter = (days: number) =>
        endOfAmsterdamDay(
          calendar.nextWorkingDayOnOrAfter(amsterdamDate(new Date(closedAt.getTime() + days * 86_400_000))),
        );
      expect(
        list.body.items.map((c: CaseBody) => [c.interval, new Date(c.dueAt), c.outcome, c.deadlineStatus]),
      ).toEqual([
        ['4w', dueAfter(28), null, 'open'],
        ['13w', dueAfter(91), null, 'open'],
      ]);
      expect(list.body.newReports).toEqual([]);
      // The feedback term, cancelled with the rest of the case's terms at closing, is owed still.
      expect((await deadlinesOf(created.id, 'reporter_feedback')).map((d) => d.status).sort()).toEqual([
        'cancelled',
        'open',
      ]);

      const [first] = list.body.items as CaseBody[];
      const checkPath = `${path}/follow-up-checks/${first.id}`;
      expect((await view(path, token)).allowedOperations).toContain('record_follow_up_check');
      expect((await view(path, outsider.token)).allowedOperations).not.toContain('record_follow_up_check');
      const before = await writes(created.id);
      expectError(
        await call(hub, 'GET', `${path}/follow-up-checks`, { token: outsider.token }),
        403,
        'cases.forbidden',
      );
      expectError(
        await call(hub, 'POST', checkPath, { token: outsider.token, body: { outcome: 'safe' } }),
        403,
        'cases.forbidden',
      );
      expectError(
        await call(hub, 'POST', checkPath, { token, body: { outcome: 'prima' } }),
        400,
        'common.validation',
        'outcome',
      );
      expectError(
        await call(hub, 'POST', `${path}/follow-up-checks/00000000-0000-4000-8000-000000000000`, {
          token,
          body: { outcome: 'safe' },
        }),
        404,
        'cases.not_found',
      );
      expect(await writes(created.id)).toEqual(before);

      const res = await call<CaseBody>(hub, 'POST', checkPath, {
        token: vt.supervisor.token,
        body: { outcome: 'concern', note: 'Moeder maakt zich weer zorgen.' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: first.id,
        interval: '4w',
        outcome: 'concern',
        note: 'Moeder maakt zich weer zorgen.',
        recordedBy: vt.supervisor.user.id,
        deadlineStatus: 'met',
      });
      expect(await auditOf(hub, res)).toEqual([
        { action: 'update', subject_type: 'FollowUpCheck', case_id: created.id, outcome: 'success' },
      ]);
      const once = await writes(created.id);
      expectError(
        await call(hub, 'POST', checkPath, { token, body: { outcome: 'safe' } }),
        409,
        'cases.conflict',
        'outcome',
      );
      expect(await writes(created.id)).toEqual(once);
    });

    it('reminds and breaches a check exactly once when the clock passes it', async () => {
      const { created, second } = await closedCase();
      const [first] = await deadlinesOf(created.id, 'follow_up_check');
      await remindAndBreachOnce(first, second.token, 'controle na afsluiten');
      expect((await deadlinesOf(created.id, 'follow_up_check')).map((d) => d.status)).toEqual(['breached', 'open']);
    });

    it('links and flags a new report on the household during follow-up, in the radar of both cases', async () => {
      const { vt, created, path, token } = await closedCase();
      // The same household reported again, as a new case.
      const again = await openCase(hub, token);
      const related = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${again.id}/related`, { token });
      expect(related.body.items).toEqual([
        expect.objectContaining({ id: created.id, phase: 'closed', duringFollowUp: true }),
      ]);
      const back = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/related`, { token });
      expect(back.body.items).toEqual([expect.objectContaining({ id: again.id, duringFollowUp: true })]);
      const checks = await call<CaseBody>(hub, 'GET', `${path}/follow-up-checks`, { token: vt.supervisor.token });
      expect(checks.body.newReports).toEqual([
        { caseId: again.id, reference: again.reference, reportId: again.reports[0].id, flaggedAt: expect.any(String) },
      ]);
      const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `${path}/timeline`, { token });
      expect(timeline.body.items.map((e) => e.type)).toContain('new_report_during_follow_up');

      // A report on the closed case itself opens its successor, flagged likewise.
      const added = await call<CaseBody>(hub, 'POST', `${path}/reports`, {
        token,
        body: { ...caseBody({}, hub.clock.now()), persons: [] },
      });
      expect(added.status).toBe(201);
      const successors = await call<CaseBody>(hub, 'GET', `${path}/follow-up-checks`, { token });
      expect(successors.body.newReports.map((r: CaseBody) => r.caseId)).toEqual([again.id, added.body.id]);
    });

    it('does not flag a report once every check of the closed case is recorded', async () => {
      const { path, token } = await closedCase();
      const { items } = (await call<CaseBody>(hub, 'GET', `${path}/follow-up-checks`, { token })).body;
      for (const check of items as CaseBody[]) {
        const res = await call(hub, 'POST', `${path}/follow-up-checks/${check.id}`, {
          token,
          body: { outcome: 'safe' },
        });
        expect(res.status).toBe(200);
      }
      const again = await openCase(hub, token);
      const related = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${again.id}/related`, { token });
      expect(related.body.items).toEqual([expect.objectContaining({ duringFollowUp: false })]);
    });
  });

  describe('advice requests', () => {
    const advice = (overrides: Record<string, unknown> = {}) => ({
      askedAt: new Date(Date.now() - 3_600_000).toISOString(),
      anonymous: false,
      requester: { kind: 'professional', organisationKind: 'school', name: 'Mevr. Bakker', phone: '0301234567' },
      subjects: ['child_abuse', 'signals'],
      question: 'Een leerling vertelt over klappen thuis. Wat nu?',
      advice: 'Gesprek met ouders volgens de meldcode; bij twijfel opnieuw bellen.',
      durationMinutes: 25,
      ...overrides,
    });
    const count = async (organisationId: string) =>
      (
        (await hub.db.query(
          `SELECT (SELECT count(*) FROM advice_requests WHERE organisation_id = $1)::int AS advice,
                  (SELECT count(*) FROM cases WHERE organisation_id = $1)::int AS cases`,
          [organisationId],
        )) as CaseBody[]
      )[0];

    it('records a consultation without a case, anonymous or not, and lists the own organisation only', async () => {
      const vt = await veiligThuis(hub);
      const named = await call<CaseBody>(hub, 'POST', '/api/v1/advice-requests', {
        token: vt.caseworker.token,
        body: advice(),
      });
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({
        anonymous: false,
        requester: { kind: 'professional', organisationKind: 'school', name: 'Mevr. Bakker' },
        subjects: ['child_abuse', 'signals'],
        durationMinutes: 25,
        caseId: null,
      });
      // The identity as it was given, and nothing the requester did not give (no e-mail here).
      expect(named.body.requester).toEqual({
        kind: 'professional',
        organisationKind: 'school',
        name: 'Mevr. Bakker',
        phone: '0301234567',
      });
      const document = await publishedDocument(hub);
      expect(shapeProblems(document, 'AdviceRequestViewDto', named.body)).toEqual([]);
      expect(await auditOf(hub, named)).toEqual([
        { action: 'create', subject_type: 'AdviceRequest', case_id: null, outcome: 'success' },
      ]);
      const anonymous = await call<CaseBody>(hub, 'POST', '/api/v1/advice-requests', {
        token: vt.caseworker.token,
        body: advice({ anonymous: true, requester: { kind: 'citizen' } }),
      });
      expect(anonymous.status).toBe(201);
      expect(anonymous.body.requester).toEqual({ kind: 'citizen', organisationKind: null });
      const [row] = (await hub.db.query(`SELECT requester_ciphertext FROM advice_requests WHERE id = $1`, [
        anonymous.body.id,
      ])) as CaseBody[];
      expect(row.requester_ciphertext).toBeNull();

      const other = await veiligThuis(hub);
      await call(hub, 'POST', '/api/v1/advice-requests', { token: other.caseworker.token, body: advice() });
      const page = await call<CaseBody>(hub, 'GET', '/api/v1/advice-requests?limit=1', { token: vt.caseworker.token });
      expect(page.status).toBe(200);
      expect(page.body.items.map((a: CaseBody) => a.id)).toEqual([anonymous.body.id]);
      const next = await call<CaseBody>(hub, 'GET', `/api/v1/advice-requests?limit=1&cursor=${page.body.nextCursor}`, {
        token: vt.caseworker.token,
      });
      expect(next.body).toMatchObject({ items: [{ id: named.body.id }], nextCursor: null });
      expect(next.body.items[0].requester).toEqual(named.body.requester);
      expect(shapeProblems(document, 'AdviceRequestViewDto', anonymous.body)).toEqual([]);
      for (const list of [page.body, next.body])
        expect(shapeProblems(document, 'AdviceRequestPageDto', list)).toEqual([]);
      // Counted apart: no case, no report.
      expect(await count(vt.org.id)).toEqual({ advice: 2, cases: 0 });
    });

    it('refuses bad input and callers who do not take reports, writing nothing', async () => {
      const vt = await veiligThuis(hub);
      const post = (token: string, body: unknown) => call(hub, 'POST', '/api/v1/advice-requests', { token, body });
      const t = vt.caseworker.token;
      expectError(await post(t, advice({ anonymous: true })), 400, 'cases.invalid', 'requester');
      expectError(await post(t, advice({ subjects: ['weer'] })), 400, 'common.validation', 'subjects');
      expectError(await post(t, advice({ subjects: [] })), 400, 'common.validation', 'subjects');
      expectError(await post(t, advice({ durationMinutes: 0 })), 400, 'common.validation', 'durationMinutes');
      expectError(await post(t, advice({ askedAt: '2026-13-01T10:00:00Z' })), 400, 'common.validation', 'askedAt');
      expectError(await post(t, advice({ question: ' ' })), 400, 'common.validation', 'question');
      expectError(await post(vt.supervisor.token, advice()), 403, 'access.forbidden');
      // Nor does anyone who does not take reports read a requester's identity.
      expectError(
        await call(hub, 'GET', '/api/v1/advice-requests', { token: vt.supervisor.token }),
        403,
        'access.forbidden',
      );
      const police = await member(hub, await createOrganisation(hub.db, 'police'), ['caseworker']);
      expectError(await post(police.token, advice()), 403, 'access.forbidden');
      expectError(await call(hub, 'GET', '/api/v1/advice-requests', { token: police.token }), 403, 'access.forbidden');
      expect(await count(vt.org.id)).toEqual({ advice: 0, cases: 0 });
    });

    it('turns into a report in one step, once, linked to its case', async () => {
      const vt = await veiligThuis(hub);
      const created = await call<CaseBody>(hub, 'POST', '/api/v1/advice-requests', {
        token: vt.caseworker.token,
        body: advice(),
      });
      const reportPath = `/api/v1/advice-requests/${created.body.id}/report`;
      const res = await call<CaseBody>(hub, 'POST', reportPath, {
        token: vt.caseworker.token,
        body: caseBody({ reporter: { kind: 'professional', name: 'Mevr. Bakker' } }, hub.clock.now()),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ phase: 'triage', organisationId: vt.org.id });
      const list = await call<CaseBody>(hub, 'GET', '/api/v1/advice-requests', { token: vt.caseworker.token });
      expect(list.body.items[0]).toMatchObject({
        id: created.body.id,
        caseId: res.body.id,
        reportedAt: expect.any(String),
      });
      const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${res.body.id}/timeline`, {
        token: vt.caseworker.token,
      });
      expect(timeline.body.items.map((e) => e.type)).toContain('advice_request_reported');

      expectError(
        await call(hub, 'POST', reportPath, { token: vt.caseworker.token, body: caseBody({}, hub.clock.now()) }),
        409,
        'cases.conflict',
        'id',
      );
      const other = await veiligThuis(hub);
      expectError(
        await call(hub, 'POST', reportPath, { token: other.caseworker.token, body: caseBody({}, hub.clock.now()) }),
        404,
        'cases.not_found',
      );
      expect(await count(vt.org.id)).toEqual({ advice: 1, cases: 1 });
      expect(await count(other.org.id)).toEqual({ advice: 0, cases: 0 });
    });
  });
});
