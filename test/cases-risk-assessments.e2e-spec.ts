import { RISK_INSTRUMENTS } from '../libs/cases/src/risk-instruments';
import {
  addPartner,
  auditOf,
  caseBody,
  CaseBody,
  directedCase,
  expectAuditedOnce,
  expectError,
  member,
  openCase,
  veiligThuis,
} from './support/cases';
import { call, Hub, startHub } from './support/hub';
import { publishedDocument, shapeProblems } from './support/openapi-shape';

const INSTRUMENT = RISK_INSTRUMENTS[0];

/** Every item answered no, then the given answers over it. */
const answers = (given: Record<string, boolean | 'unknown'> = {}) => ({
  ...Object.fromEntries(INSTRUMENT.items.map((item) => [item.code, false])),
  ...given,
});

describe('cases: risk assessments over time', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const assess = (caseId: string, token: string, body: unknown) =>
    call<CaseBody>(hub, 'POST', `/api/v1/cases/${caseId}/risk-assessments`, { token, body });
  const history = (caseId: string, token: string) =>
    call<CaseBody>(hub, 'GET', `/api/v1/cases/${caseId}/risk-assessments`, { token });
  const view = async (caseId: string, token: string) =>
    (await call<CaseBody>(hub, 'GET', `/api/v1/cases/${caseId}`, { token })).body;
  const rowsOf = async (caseId: string) =>
    (
      (await hub.db.query(`SELECT count(*)::int AS n FROM risk_assessments WHERE case_id = $1`, [caseId])) as {
        n: number;
      }[]
    )[0].n;

  it('offers its instruments to any user, with every red flag the letters name, in Dutch', async () => {
    const vt = await veiligThuis(hub);
    const admin = await member(hub, vt.org, ['admin']);
    const res = await call<CaseBody>(hub, 'GET', '/api/v1/risk-instruments', { token: admin.token });
    expect(res.status).toBe(200);
    const [instrument] = res.body.items;
    expect(instrument).toMatchObject({
      code: 'vt_partnergeweld',
      version: 1,
      name: expect.stringMatching(/Risicotaxatie/),
    });
    expect(instrument.items.map((i: CaseBody) => i.code)).toEqual(
      expect.arrayContaining([
        'strangulation',
        'threat_to_kill',
        'weapon',
        'separation',
        'stalking',
        'coercive_control',
        'escalation',
        'pregnancy',
        'forced_sex',
        'victim_fear',
        'order_breached',
        'children_present',
      ]),
    );
    expect(instrument.items.find((i: CaseBody) => i.code === 'strangulation')).toMatchObject({
      question: expect.stringMatching(/gewurgd/),
      atLeast: 'high',
      prefill: { redFlag: 'strangulation' },
    });
    expect(instrument.thresholds.map((t: CaseBody) => t.level)).toEqual(['low', 'elevated', 'high', 'critical']);
  });

  it('records an assessment: score, level, reasons and who assessed; the case takes its level, audited and on the timeline', async () => {
    const { vt, created, token } = await directedCase(hub);
    expect(created.allowedOperations).toContain('assess_risk');
    const res = await assess(created.id, token, {
      instrument: 'vt_partnergeweld',
      items: answers({ strangulation: true, victim_fear: true, pregnancy: 'unknown' }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      caseId: created.id,
      caseReference: created.reference,
      fromLinkedCase: false,
      instrument: 'vt_partnergeweld',
      instrumentVersion: 1,
      items: answers({ strangulation: true, victim_fear: true, pregnancy: 'unknown' }),
      score: 7,
      calculatedLevel: 'high',
      level: 'high',
      reasons: ['strangulation', 'victim_fear'],
      professionalJudgement: null,
      assessedAt: expect.any(String),
      assessedBy: {
        userId: vt.caseworker.user.id,
        name: expect.any(String),
        organisationId: vt.org.id,
        organisationName: expect.stringMatching(/^Test /),
      },
    });
    await expectAuditedOnce(hub, res, created.id);
    expect(await auditOf(hub, res)).toEqual([
      expect.objectContaining({ action: 'create', subject_type: 'RiskAssessment' }),
    ]);
    const after = await view(created.id, token);
    expect(after).toMatchObject({
      riskLevel: 'high',
      riskReasons: ['strangulation', 'victim_fear'],
      reassessmentDue: false,
      reassessmentReasons: [],
    });
    const timeline = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${created.id}/timeline`, { token });
    expect(timeline.body.items).toContainEqual(
      expect.objectContaining({
        type: 'risk_assessment_recorded',
        category: 'safety',
        data: {
          assessmentId: res.body.id,
          instrument: 'vt_partnergeweld',
          score: 7,
          level: 'high',
          previousLevel: 'low',
        },
      }),
    );
  });

  it('keeps the history newest first; the judgement raises or lowers the level with its reason; riskLevel follows the latest', async () => {
    const { created, token } = await directedCase(hub);
    const first = await assess(created.id, token, { instrument: 'vt_partnergeweld', items: answers() });
    expect(first.body).toMatchObject({ score: 0, level: 'low' });
    const raised = await assess(created.id, token, {
      instrument: 'vt_partnergeweld',
      items: answers({ separation: true }),
      professionalJudgement: { level: 'critical', reason: 'Pleger heeft vandaag de sleutels van de woning afgepakt.' },
    });
    expect(raised.body).toMatchObject({
      score: 2,
      calculatedLevel: 'low',
      level: 'critical',
      reasons: ['separation', 'professional_judgement_raised'],
      professionalJudgement: { level: 'critical', reason: 'Pleger heeft vandaag de sleutels van de woning afgepakt.' },
    });
    expect((await view(created.id, token)).riskLevel).toBe('critical');
    const lowered = await assess(created.id, token, {
      instrument: 'vt_partnergeweld',
      items: answers({ weapon: true }),
      professionalJudgement: { level: 'elevated', reason: 'Het wapen is door de politie in beslag genomen.' },
    });
    expect(lowered.body).toMatchObject({
      calculatedLevel: 'high',
      level: 'elevated',
      reasons: ['weapon', 'professional_judgement_lowered'],
    });
    expect((await view(created.id, token)).riskLevel).toBe('elevated');

    const res = await history(created.id, token);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: CaseBody) => a.id)).toEqual([lowered.body.id, raised.body.id, first.body.id]);
    expect(res.body.items.map((a: CaseBody) => a.level)).toEqual(['elevated', 'critical', 'low']);
    await expectAuditedOnce(hub, res, created.id);
  });

  it('marks the case for reassessment on a new report and a new red flag, tells the regisseur, keeps the level until the next assessment', async () => {
    const { vt, created, token } = await directedCase(hub);
    await assess(created.id, token, { instrument: 'vt_partnergeweld', items: answers({ escalation: true }) });
    // Another caseworker takes the report; the regisseur is told.
    const colleague = await member(hub, vt.org, ['caseworker']);
    const report = await call<CaseBody>(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
      token: colleague.token,
      body: caseBody({ redFlags: ['weapon'] }, hub.clock.now()),
    });
    expect(report.status).toBe(201);
    const due = await view(created.id, token);
    expect(due).toMatchObject({
      reassessmentDue: true,
      reassessmentReasons: ['new_report', 'new_red_flag'],
      // The red flags no longer rate an assessed case: its level is its latest assessment's.
      riskLevel: 'elevated',
      redFlags: ['weapon'],
    });
    const inbox = await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/notifications', { token });
    expect(inbox.body.items.filter((n) => n.kind === 'reassessment_due' && n.caseId === created.id)).toEqual([
      expect.objectContaining({
        body: expect.stringMatching(/nieuwe melding binnengekomen en er is een nieuwe rode vlag gemeld/),
      }),
    ]);
    const marked = await history(created.id, token);
    expect(marked.body).toMatchObject({
      reassessmentDue: true,
      prefill: { vt_partnergeweld: { weapon: true } },
    });
    // Per instrument the items the intake answers yes, and nothing else.
    expect(Object.keys(marked.body.prefill).sort()).toEqual(RISK_INSTRUMENTS.map((i) => i.code).sort());
    for (const instrument of RISK_INSTRUMENTS) {
      const prefilled = marked.body.prefill[instrument.code] as Record<string, unknown>;
      expect(instrument.items.map((item) => item.code)).toEqual(expect.arrayContaining(Object.keys(prefilled)));
      expect(Object.values(prefilled).every((answer) => answer === true)).toBe(true);
    }
    expect(shapeProblems(await publishedDocument(hub), 'RiskAssessmentHistoryDto', marked.body)).toEqual([]);

    // A report without a new red flag marks it again for the report alone.
    const next = await assess(created.id, token, { instrument: 'vt_partnergeweld', items: answers({ weapon: true }) });
    expect(next.status).toBe(201);
    expect(await view(created.id, token)).toMatchObject({ reassessmentDue: false, riskLevel: 'high' });
    await call(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
      token: colleague.token,
      body: caseBody({ redFlags: ['weapon'] }, hub.clock.now()),
    });
    expect(await view(created.id, token)).toMatchObject({ reassessmentDue: true, reassessmentReasons: ['new_report'] });
  });

  it("shows an earlier linked case's assessments in the household's history, marked, to the receiving organisation only", async () => {
    const { vt, created: earlier, token } = await directedCase(hub);
    const old = await assess(earlier.id, token, { instrument: 'vt_partnergeweld', items: answers({ stalking: true }) });
    await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [earlier.id]);
    // The same persons come back in a new case: the radar links it to the earlier one.
    const later = await openCase(hub, vt.caseworker.token);
    const own = await assess(later.id, vt.caseworker.token, { instrument: 'vt_partnergeweld', items: answers() });
    const shelter = await addPartner(hub, vt.supervisor.token, later.id, 'shelter', ['basic', 'safety']);
    const shelterWorker = await member(hub, shelter, ['caseworker']);

    const res = await history(later.id, vt.caseworker.token);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: own.body.id, caseId: later.id, fromLinkedCase: false }),
      expect.objectContaining({
        id: old.body.id,
        caseId: earlier.id,
        caseReference: earlier.reference,
        fromLinkedCase: true,
        reasons: ['stalking'],
      }),
    ]);
    // One audit entry per case whose assessments were shown.
    expect((await auditOf(hub, res)).map((e) => e.case_id).sort()).toEqual([earlier.id, later.id].sort());
    // The earlier case's own history does not reach forward.
    expect((await history(earlier.id, token)).body.items.map((a: CaseBody) => a.id)).toEqual([old.body.id]);
    // The radar stays with the receiving organisation.
    const ofShelter = await history(later.id, shelterWorker.token);
    expect(ofShelter.status).toBe(200);
    expect(ofShelter.body.items.map((a: CaseBody) => a.id)).toEqual([own.body.id]);
  });

  it('marks a successor case opened by a report on an assessed closed case', async () => {
    const { vt, created, token } = await directedCase(hub);
    await assess(created.id, token, { instrument: 'vt_partnergeweld', items: answers() });
    await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [created.id]);
    const res = await call<CaseBody>(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
      token: vt.caseworker.token,
      body: caseBody({}, hub.clock.now()),
    });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(created.id);
    expect(res.body).toMatchObject({ reassessmentDue: true, reassessmentReasons: ['new_report'] });
    expect((await history(res.body.id, token)).body.items).toEqual([
      expect.objectContaining({ caseId: created.id, fromLinkedCase: true }),
    ]);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const { created, token } = await directedCase(hub);
    const before = await view(created.id, token);
    const cases: [unknown, string, string][] = [
      [
        { instrument: 'vt_partnergeweld', items: answers(), professionalJudgement: { level: 'high' } },
        'common.validation',
        'professionalJudgement.reason',
      ],
      [
        { instrument: 'vt_partnergeweld', items: answers(), professionalJudgement: { level: 'high', reason: '  ' } },
        'common.validation',
        'professionalJudgement.reason',
      ],
      [
        { instrument: 'vt_partnergeweld', items: answers(), professionalJudgement: { level: 'extreme', reason: 'x' } },
        'common.validation',
        'professionalJudgement.level',
      ],
      [{ instrument: 'vt_partnergeweld', items: answers({ hamster: true }) }, 'cases.invalid', 'items.hamster'],
      [{ instrument: 'vt_onbekend', items: answers() }, 'cases.invalid', 'instrument'],
      [{ instrument: 'vt_partnergeweld', items: { weapon: true } }, 'cases.invalid', 'items.strangulation'],
      [{ instrument: 'vt_partnergeweld', items: { ...answers(), weapon: 'ja' } }, 'common.validation', 'items'],
      [{ instrument: 'vt_partnergeweld' }, 'common.validation', 'items'],
    ];
    for (const [body, code, field] of cases) {
      expectError(await assess(created.id, token, body), 400, code, field);
    }
    expect(await rowsOf(created.id)).toBe(0);
    const after = await view(created.id, token);
    expect({ riskLevel: after.riskLevel, riskReasons: after.riskReasons }).toEqual({
      riskLevel: before.riskLevel,
      riskReasons: before.riskReasons,
    });
  });

  it('refuses those without the safety category or the caseworker role (403), answers 404 outside the network, 409 on a closed case', async () => {
    const { vt, created, token } = await directedCase(hub);
    const valid = { instrument: 'vt_partnergeweld', items: answers() };
    const police = await addPartner(hub, token, created.id, 'police', ['basic']);
    const agent = await member(hub, police, ['caseworker']);
    expect((await view(created.id, agent.token)).allowedOperations).not.toContain('assess_risk');
    expectError(await assess(created.id, agent.token, valid), 403, 'cases.forbidden');
    expectError(await history(created.id, agent.token), 403, 'cases.forbidden');
    // A supervisor reads the history but does not assess.
    expectError(await assess(created.id, vt.supervisor.token, valid), 403, 'cases.forbidden');
    expect((await history(created.id, vt.supervisor.token)).status).toBe(200);
    // A caseworker of a partner that sees safety assesses too.
    const shelter = await addPartner(hub, token, created.id, 'shelter', ['basic', 'safety']);
    const worker = await member(hub, shelter, ['caseworker']);
    expect((await view(created.id, worker.token)).allowedOperations).toContain('assess_risk');
    expect((await assess(created.id, worker.token, valid)).status).toBe(201);
    const outsider = await veiligThuis(hub);
    expectError(await assess(created.id, outsider.caseworker.token, valid), 404, 'cases.not_found');
    expectError(await history(created.id, outsider.caseworker.token), 404, 'cases.not_found');
    await hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [created.id]);
    expectError(await assess(created.id, token, valid), 409, 'cases.wrong_phase');
    expect(await rowsOf(created.id)).toBe(1);
  });
});
