import { call, Hub, Response, startHub } from './support/hub';
import { addPartner, auditOf, CaseBody, directedCase, expectError, member, Member, veiligThuis } from './support/cases';

/**
 * The safety assessment and the investigation are Veilig Thuis's statutory tasks (Wmo 2015
 * art. 4.1.1): regie moves who coordinates, not who performs them.
 */
describe('cases: the statutory Veilig Thuis steps stay with the receiving organisation', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /**
   * An acute case whose regisseur, a caseworker of the receiving Veilig Thuis, handed regie to a
   * shelter caseworker during triage. Another Veilig Thuis takes part in the network too.
   */
  async function handedToShelter() {
    const { vt, created, path } = await directedCase(hub, { acute: true });
    const caseId = created.id as string;
    const colleague = await member(hub, vt.org, ['caseworker']);
    const shelter = await addPartner(hub, vt.caseworker.token, caseId, 'shelter', ['basic', 'safety']);
    const neighbour = await addPartner(hub, vt.caseworker.token, caseId, 'veilig_thuis', ['basic', 'safety']);
    const worker = await member(hub, shelter, ['caseworker']);
    const chief = await member(hub, shelter, ['supervisor']);
    const handedOver = await call(hub, 'PUT', `${path}/regisseur`, {
      token: vt.caseworker.token,
      body: { userId: worker.user.id, reason: 'Opvang neemt de regie over' },
    });
    if (handedOver.status !== 200) throw new Error(`handing over failed: ${handedOver.status} ${handedOver.text}`);
    return {
      caseId,
      path,
      vt: { ...vt, colleague },
      shelter: { worker, chief },
      neighbour: await member(hub, neighbour, ['caseworker', 'supervisor']),
      outsider: await veiligThuis(hub),
    };
  }

  /** What a refused step must leave as it was: the case, its terms, its timeline, its investigation. */
  async function snapshot(caseId: string) {
    const q = (sql: string) => hub.db.query(sql, [caseId]) as Promise<Record<string, unknown>[]>;
    return {
      case: await q(
        `SELECT phase, updated_at, assessed_at, assessment_outcome, investigation_completed_at, closed_at
           FROM cases WHERE id = $1`,
      ),
      deadlines: await q(
        `SELECT kind, status, due_at, version, completed_at FROM deadlines WHERE case_id = $1 ORDER BY kind`,
      ),
      events: (await q(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`)).map((e) => e.type),
      suspensions: await q(`SELECT id, ended_at FROM investigation_suspensions WHERE case_id = $1 ORDER BY id`),
      extensions: await q(`SELECT id FROM investigation_extensions WHERE case_id = $1 ORDER BY id`),
    };
  }

  /** Refused with the status and code, and the refusal audited as denied against the case. */
  async function expectRefused(res: Response, status: 403 | 404, subjectType: string, caseId: string) {
    expectError(res, status, status === 403 ? 'cases.forbidden' : 'cases.not_found');
    expect(await auditOf(hub, res)).toEqual([
      { action: 'update', subject_type: subjectType, case_id: caseId, outcome: 'denied' },
    ]);
  }

  const post = (path: string, who: Member, body?: unknown) =>
    call<CaseBody>(hub, 'POST', path, { token: who.token, body });
  const view = async (path: string, who: Member) => (await call<CaseBody>(hub, 'GET', path, { token: who.token })).body;
  const deadline = async (caseId: string, kind: string) =>
    (
      (await hub.db.query(`SELECT status, version, late_working_days FROM deadlines WHERE case_id = $1 AND kind = $2`, [
        caseId,
        kind,
      ])) as { status: string; version: number; late_working_days: number | null }[]
    )[0];

  it('refuses the safety assessment to the shelter regisseur and lets a receiving caseworker record it', async () => {
    const { caseId, path, vt, shelter, neighbour, outsider } = await handedToShelter();
    const assess = (who: Member, body: unknown) => post(`${path}/safety-assessment`, who, body);
    const safe = { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' };
    const before = await snapshot(caseId);
    expect(before.case[0].phase).toBe('triage');

    await expectRefused(await assess(shelter.worker, safe), 403, 'SafetyAssessment', caseId);
    await expectRefused(await assess(shelter.chief, safe), 403, 'SafetyAssessment', caseId);
    // A Veilig Thuis in the network that did not receive the report has no statutory task here.
    await expectRefused(await assess(neighbour, safe), 403, 'SafetyAssessment', caseId);
    await expectRefused(await assess(outsider.caseworker, safe), 404, 'SafetyAssessment', caseId);
    expect(await snapshot(caseId)).toEqual(before);

    // The steps offered are the steps accepted.
    expect((await view(path, shelter.worker)).allowedOperations).toEqual([
      'assign_regisseur',
      'manage_partners',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
      'assess_risk',
    ]);
    expect((await view(path, shelter.chief)).allowedOperations).toEqual(['assign_regisseur', 'manage_partners']);
    expect((await view(path, vt.caseworker)).allowedOperations).toEqual([
      'add_report',
      'record_safety_assessment',
      'record_restraining_order',
      'assess_risk',
    ]);
    expect((await view(path, vt.supervisor)).allowedOperations).toEqual([]);

    // The former regisseur, a caseworker of the receiving organisation, records it; the term is met.
    const recorded = await assess(vt.caseworker, {
      outcome: 'structural_unsafe',
      decision: 'investigation',
      summary: 'Onderzoek nodig',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      phase: 'investigation',
      regieOrganisationId: shelter.worker.user.organisationId,
      safetyAssessment: { outcome: 'structural_unsafe', decision: 'investigation' },
    });
    expect(await deadline(caseId, 'safety_assessment')).toEqual({ status: 'met', version: 1, late_working_days: 0 });
    expect(await deadline(caseId, 'investigation')).toMatchObject({ status: 'open' });
    const [event] = (await hub.db.query(
      `SELECT actor_user_id, actor_organisation_id FROM case_events WHERE case_id = $1 AND type = 'safety_assessed'`,
      [caseId],
    )) as { actor_user_id: string; actor_organisation_id: string }[];
    expect(event).toEqual({ actor_user_id: vt.caseworker.user.id, actor_organisation_id: vt.org.id });
  });

  it('keeps suspension, extension and completion of the investigation with the receiving organisation', async () => {
    const { caseId, path, vt, shelter, neighbour, outsider } = await handedToShelter();
    const decided = await post(`${path}/safety-assessment`, vt.caseworker, {
      outcome: 'structural_unsafe',
      decision: 'investigation',
      summary: 'Onderzoek nodig',
    });
    expect(decided.status).toBe(200);
    const reason = { reason: 'Wacht op de huisarts' };
    const suspend = (who: Member) => post(`${path}/investigation/suspensions`, who, reason);
    const extend = (who: Member) => post(`${path}/investigation/extensions`, who, { weeks: 2, reason: 'Meer tijd' });
    const complete = (who: Member) =>
      post(`${path}/investigation/complete`, who, { conclusion: 'Zorgen bevestigd', decision: 'follow_up' });
    const investigating = await snapshot(caseId);

    await expectRefused(await suspend(shelter.worker), 403, 'InvestigationSuspension', caseId);
    await expectRefused(await suspend(neighbour), 403, 'InvestigationSuspension', caseId);
    await expectRefused(await suspend(outsider.caseworker), 404, 'InvestigationSuspension', caseId);
    await expectRefused(await extend(shelter.chief), 403, 'InvestigationExtension', caseId);
    await expectRefused(await extend(shelter.worker), 403, 'InvestigationExtension', caseId);
    await expectRefused(await extend(vt.caseworker), 403, 'InvestigationExtension', caseId);
    await expectRefused(await extend(neighbour), 403, 'InvestigationExtension', caseId);
    await expectRefused(await extend(outsider.supervisor), 404, 'InvestigationExtension', caseId);
    await expectRefused(await complete(shelter.worker), 403, 'Investigation', caseId);
    await expectRefused(await complete(outsider.caseworker), 404, 'Investigation', caseId);
    expect(await snapshot(caseId)).toEqual(investigating);

    expect((await view(path, shelter.worker)).allowedOperations).toEqual([
      'assign_regisseur',
      'manage_partners',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
      'assess_risk',
    ]);
    expect((await view(path, shelter.chief)).allowedOperations).toEqual(['assign_regisseur', 'manage_partners']);
    expect((await view(path, vt.supervisor)).allowedOperations).toEqual(['extend_investigation']);
    // A caseworker of the receiving organisation who never was regisseur.
    expect((await view(path, vt.colleague)).allowedOperations).toEqual([
      'add_report',
      'suspend_investigation',
      'complete_investigation',
      'record_restraining_order',
      'assess_risk',
    ]);

    const started = await suspend(vt.colleague);
    expect(started.status).toBe(201);
    const sid = started.body.id as string;
    const end = (who: Member) => post(`${path}/investigation/suspensions/${sid}/end`, who);
    const mayEnd = async (who: Member) => (await view(path, who)).investigation.suspensions[0].mayEnd as boolean;
    expect(await mayEnd(vt.colleague)).toBe(true);
    expect(await mayEnd(vt.caseworker)).toBe(true);
    expect(await mayEnd(shelter.worker)).toBe(false);
    const suspended = await snapshot(caseId);
    await expectRefused(await end(shelter.worker), 403, 'InvestigationSuspension', caseId);
    await expectRefused(await end(outsider.caseworker), 404, 'InvestigationSuspension', caseId);
    expect(await snapshot(caseId)).toEqual(suspended);
    const ended = await end(vt.caseworker);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: sid, endedAt: expect.any(String) });

    const extended = await extend(vt.supervisor);
    expect(extended.status).toBe(201);
    expect(extended.body).toMatchObject({ weeks: 2, extendedBy: vt.supervisor.user.id });

    const completed = await complete(vt.colleague);
    expect(completed.status).toBe(200);
    expect(completed.body.phase).toBe('follow_up');
    expect(await deadline(caseId, 'investigation')).toMatchObject({ status: 'met', late_working_days: 0 });
    // Coordinating the follow-up, closing included, is the regisseur's again.
    expect((await view(path, shelter.worker)).allowedOperations).toContain('close');
    expect((await view(path, vt.colleague)).allowedOperations).not.toContain('close');
  });
});
