import { Action, CaseReach } from '@vt/access';
import type { Case, Phase } from './case.entity';
import { LIFECYCLE } from './case-lifecycle';
import { allowedOperations, CASE_OPERATIONS, openInPhase, rowPermissions } from './case-operations';

const principal = (roles: string[], userId = 'user-1', organisationId = 'vt-1') =>
  CaseReach.of({ userId, organisationId, organisationKind: 'veilig_thuis', roles, tokenId: 't' });

const caseIn = (phase: Phase) =>
  ({ id: 'c-1', phase, organisationId: 'vt-1', regieOrganisationId: 'vt-1', regisseurUserId: 'user-1' }) as Case;

describe('case operations', () => {
  it('opens each lifecycle transition only in the phases the lifecycle leaves from', () => {
    const leaving = (prefix: string) =>
      (Object.keys(LIFECYCLE) as Phase[]).filter((phase) =>
        Object.keys(LIFECYCLE[phase]).some((t) => t.startsWith(prefix)),
      );
    expect(CASE_OPERATIONS.record_safety_assessment.phases).toEqual(leaving('assessment_'));
    expect(CASE_OPERATIONS.complete_investigation.phases).toEqual(leaving('investigation_'));
    expect(CASE_OPERATIONS.close.phases).toEqual(leaving('close'));
  });

  it('closes everything on a closed case except a new report and the terms still owed', () => {
    const open = (Object.keys(CASE_OPERATIONS) as (keyof typeof CASE_OPERATIONS)[]).filter((operation) =>
      openInPhase(CASE_OPERATIONS[operation], 'closed'),
    );
    expect(open).toEqual(['add_report', 'record_reporter_feedback', 'record_follow_up_check']);
  });

  it('offers the reporter’s feedback and a follow-up check only while their term is open', () => {
    const regisseur = principal(['caseworker']);
    expect(allowedOperations(regisseur, caseIn('closed'), { suspended: false })).toEqual(['add_report']);
    const owed = { suspended: false, openDeadlineKinds: new Set(['reporter_feedback', 'follow_up_check']) };
    expect(allowedOperations(regisseur, caseIn('closed'), owed)).toEqual([
      'add_report',
      'record_reporter_feedback',
      'record_follow_up_check',
    ]);
    expect(allowedOperations(regisseur, caseIn('investigation'), owed)).toContain('record_reporter_feedback');
    expect(allowedOperations(regisseur, caseIn('investigation'), { suspended: false })).not.toContain(
      'record_reporter_feedback',
    );
  });

  it('names for the regisseur the work of the phase, and drops a second suspension', () => {
    const regisseur = principal(['caseworker']);
    expect(allowedOperations(regisseur, caseIn('investigation'), { suspended: false })).toContain(
      'suspend_investigation',
    );
    expect(allowedOperations(regisseur, caseIn('investigation'), { suspended: true })).not.toContain(
      'suspend_investigation',
    );
    expect(allowedOperations(regisseur, caseIn('follow_up'), { suspended: false })).toContain('close');
    expect(allowedOperations(regisseur, caseIn('triage'), { suspended: false })).not.toContain('close');
  });

  it('holds the lifecycle back while an approval is pending; only another supervisor of regie may decide it', () => {
    const pending = { suspended: false, pendingApproval: { requestedBy: 'user-1' } };
    const followUp = caseIn('follow_up');
    const regisseur = principal(['caseworker']);
    expect(allowedOperations(regisseur, followUp, pending)).not.toContain('close');
    expect(allowedOperations(regisseur, caseIn('triage'), pending)).not.toContain('record_safety_assessment');
    expect(allowedOperations(regisseur, followUp, pending)).not.toContain('decide_approval');
    expect(allowedOperations(principal(['supervisor'], 'user-2'), followUp, pending)).toContain('decide_approval');
    // The requester, a supervisor elsewhere, and nobody while nothing is pending.
    expect(allowedOperations(principal(['supervisor'], 'user-1'), followUp, pending)).not.toContain('decide_approval');
    const elsewhere = principal(['supervisor'], 'user-3', 'shelter-1');
    expect(allowedOperations(elsewhere, followUp, pending)).not.toContain('decide_approval');
    const supervisor = principal(['supervisor'], 'user-2');
    expect(allowedOperations(supervisor, followUp, { suspended: false })).not.toContain('decide_approval');
  });

  it('leaves the statutory steps with the receiving Veilig Thuis when regie has moved to a partner', () => {
    const handedOver = {
      ...caseIn('investigation'),
      regieOrganisationId: 'shelter-1',
      regisseurUserId: 'user-9',
    } as Case;
    const receiving = principal(['caseworker']);
    expect(allowedOperations(receiving, handedOver, { suspended: false })).toEqual([
      'add_report',
      'suspend_investigation',
      'complete_investigation',
      'record_restraining_order',
    ]);
    expect(rowPermissions(receiving, handedOver, new Date()).suspension({ endedAt: null })).toBe(true);
    const regisseur = CaseReach.of({
      userId: 'user-9',
      organisationId: 'shelter-1',
      organisationKind: 'shelter',
      roles: ['caseworker'],
      tokenId: 't',
    });
    expect(allowedOperations(regisseur, handedOver, { suspended: false })).toEqual([
      'assign_regisseur',
      'manage_partners',
      'create_action',
      'raise_escalation',
      'record_restraining_order',
    ]);
    expect(rowPermissions(regisseur, handedOver, new Date()).suspension({ endedAt: null })).toBe(false);
  });

  it('offers the steps for children to the receiving caseworker only with a child, the referral once', () => {
    const caseworker = principal(['caseworker'], 'user-2');
    const children = (any: boolean, referred = false) =>
      allowedOperations(caseworker, caseIn('triage'), { suspended: false, children: { any, referred } }).filter(
        (operation) => operation === 'record_child_check' || operation === 'refer_child_protection',
      );
    expect(children(false)).toEqual([]);
    expect(children(true)).toEqual(['record_child_check', 'refer_child_protection']);
    expect(children(true, true)).toEqual(['record_child_check']);
    expect(allowedOperations(caseworker, caseIn('triage'), { suspended: false })).not.toContain('record_child_check');
    const supervisor = principal(['supervisor'], 'user-3');
    expect(
      allowedOperations(supervisor, caseIn('triage'), { suspended: false, children: { any: true, referred: false } }),
    ).not.toContain('record_child_check');
  });

  it('gives a partner caseworker only the restraining order', () => {
    const partner = principal(['caseworker'], 'user-9', 'police-1');
    expect(allowedOperations(partner, caseIn('triage'), { suspended: false })).toEqual(['record_restraining_order']);
  });

  it('marks rows by the same checks the services make', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const may = rowPermissions(principal(['caseworker'], 'user-9', 'police-1'), caseIn('triage'), now);
    expect(may.action({ assigneeOrganisationId: 'police-1', status: 'open' })).toBe(true);
    expect(may.action({ assigneeOrganisationId: 'police-1', status: 'done' })).toBe(false);
    expect(may.action({ assigneeOrganisationId: 'town-1', status: 'open' })).toBe(false);
    expect(may.escalation({ targetOrganisationId: 'police-1', resolvedAt: null })).toBe(false);
    expect(may.suspension({ endedAt: null })).toBe(false);
    const order = { endsAt: new Date('2026-11-30T12:00:00Z'), endedAt: null, advice: null, decision: null };
    // The police decide and record breaches; advice is the receiving Veilig Thuis's.
    expect(may.restrainingOrder(order)).toEqual({ mayDecide: true, mayAdvise: false, mayRecordBreach: true });
    expect(may.restrainingOrder({ ...order, endsAt: new Date('2026-11-20T12:00:00Z') }).mayDecide).toBe(false);
    expect(may.restrainingOrder({ ...order, decision: 'lifted', endedAt: now }).mayDecide).toBe(false);
    expect(may.protectiveMeasure({ status: 'active' })).toBe(true);
    expect(may.protectiveMeasure({ status: 'ended' })).toBe(false);
    const chief = rowPermissions(principal(['supervisor'], 'user-8', 'police-1'), caseIn('triage'), now);
    expect(chief.escalation({ targetOrganisationId: 'police-1', resolvedAt: null })).toBe(true);
    expect(chief.escalation({ targetOrganisationId: 'police-1', resolvedAt: now })).toBe(false);
    const closed = rowPermissions(principal(['caseworker']), caseIn('closed'), now);
    expect(closed.action({ assigneeOrganisationId: 'vt-1', status: 'open' })).toBe(false);
  });

  it('offers what a meeting lends for the case, as the writes allow it, and nothing without the grant', () => {
    // The meeting's chair, of a partner organisation: neither regisseur nor of the regie organisation.
    const chair = CaseReach.of({
      userId: 'user-7',
      organisationId: 'police-1',
      organisationKind: 'police',
      roles: ['chair'],
      tokenId: 't',
    });
    const lend = (caseId: string, actions: Action[]) => chair.lending(new Map([[caseId, new Set(actions)]]));
    const decision = lend('c-1', ['direct', 'assign_regie']);
    const followUp = caseIn('follow_up');
    expect(allowedOperations(chair, followUp, { suspended: false })).toEqual([]);
    expect(allowedOperations(decision, followUp, { suspended: false })).toEqual([
      'assign_regisseur',
      'create_action',
      'raise_escalation',
      'close',
    ]);
    // Lent for one case only.
    expect(allowedOperations(lend('c-2', ['direct', 'assign_regie']), followUp, { suspended: false })).toEqual([]);

    const now = new Date('2026-11-26T12:00:00Z');
    const order = { endsAt: new Date('2026-11-30T12:00:00Z'), endedAt: null, advice: null, decision: null };
    const without = rowPermissions(chair, caseIn('triage'), now);
    expect(without.protectiveMeasure({ status: 'active' })).toBe(false);
    expect(without.restrainingOrder(order)).toEqual({ mayDecide: false, mayAdvise: false, mayRecordBreach: false });
    expect(without.suspension({ endedAt: null })).toBe(false);
    const lent = rowPermissions(lend('c-1', ['record_order', 'investigate']), caseIn('triage'), now);
    expect(lent.protectiveMeasure({ status: 'active' })).toBe(true);
    expect(lent.restrainingOrder(order)).toEqual({ mayDecide: true, mayAdvise: false, mayRecordBreach: true });
    expect(lent.suspension({ endedAt: null })).toBe(true);
    expect(
      rowPermissions(lend('c-2', ['record_order']), caseIn('triage'), now).protectiveMeasure({ status: 'active' }),
    ).toBe(false);
  });
});
