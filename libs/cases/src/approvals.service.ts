import { Injectable } from '@nestjs/common';
import { CaseReach, UsersService } from '@vt/access';
import { CommonException, decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import { Transaction } from '@vt/database';
import { DeadlinesService, dutchTime } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { Approval, ApprovalDecision, ApprovalOperation, ApprovalStatus } from './approval.entity';
import { ApprovalsRepository } from './approvals.repository';
import { reveals, sightOf } from './case-sight';
import { CaseStore, CaseTx } from './case-store';
import { CasesException } from './cases.exception';

export interface ApprovalListFilter {
  status?: ApprovalStatus;
  limit: number;
  cursor?: string;
}

const OPERATION_NAMES: Record<ApprovalOperation, string> = {
  close: 'afsluiten',
  record_safety_assessment: 'afsluiten na veiligheidsbeoordeling',
};

/**
 * The approvals table: requests, decisions and the lists. The step an approval performs is the
 * case lifecycle's (CaseWorkService), which calls in here inside its own case transaction.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly notifications: NotificationsService,
    private readonly repository: ApprovalsRepository,
    private readonly users: UsersService,
  ) {}

  /** The case's pending approval, if any (the case row is locked by the write that asks). */
  pendingFor(manager: Transaction, caseId: string): Promise<Approval | null> {
    return this.repository.pending(manager, caseId);
  }

  /** While a step waits for approval, the case's lifecycle stands still: 409. */
  async assertNonePending(tx: CaseTx): Promise<void> {
    if (await this.pendingFor(tx.manager, tx.case.id)) {
      throw CasesException.conflict('Er wacht al een verzoek op goedkeuring / an approval is pending', [
        { field: 'approval', message: 'wacht op goedkeuring / pending' },
      ]);
    }
  }

  /**
   * Records the request, opens its term and tells the regie organisation's supervisors (not the
   * requester, who may not decide it).
   */
  async request(tx: CaseTx, operation: ApprovalOperation, reason: string | null): Promise<Approval> {
    await this.assertNonePending(tx);
    const approval = await this.repository.create(tx.manager, {
      caseId: tx.case.id,
      operation,
      reason,
      status: 'pending',
      requestedBy: tx.actor.principal.userId,
      requestedAt: tx.now,
    });
    const dueAt = this.deadlines.approvalDueAt(tx.now);
    await this.deadlines.open(
      tx.manager,
      { caseId: tx.case.id, kind: 'approval', subjectId: approval.id },
      tx.now,
      dueAt,
    );
    await this.notifications.notifyWithin(tx.manager, [
      {
        kind: 'approval_requested',
        caseId: tx.case.id,
        subjectId: approval.id,
        title: `Goedkeuring gevraagd: casus ${tx.case.reference}`,
        body: `Gevraagd: ${OPERATION_NAMES[operation]} van casus ${tx.case.reference}. Beslis vóór ${dutchTime(dueAt)}.`,
        to: {
          roles: [{ organisationId: tx.case.regieOrganisationId, roles: ['supervisor'] }],
          except: tx.actor.principal.userId,
        },
      },
    ]);
    await tx.event('approval_requested', 'basic', { approvalId: approval.id, operation });
    return approval;
  }

  /**
   * The decision: 404 for an approval of another case, 403 for anyone but a supervisor of the regie
   * organisation other than the requester, 409 once decided. Ends its term and tells the requester,
   * with the note. The caller performs the step when approved, in the same transaction.
   */
  async decide(tx: CaseTx, approvalId: string, decision: ApprovalDecision, note: string): Promise<Approval> {
    const approval = await this.repository.lockOfCase(tx.manager, tx.case.id, approvalId);
    if (!approval) throw CasesException.notFound();
    this.store.assertCan(tx.reach, 'decide', 'Approval', {
      regieOrganisationId: tx.case.regieOrganisationId,
      requestedBy: approval.requestedBy,
    });
    if (approval.status !== 'pending') {
      throw CasesException.conflict('Over dit verzoek is al beslist / already decided', [
        { field: 'approval', message: approval.status },
      ]);
    }
    Object.assign(approval, {
      status: decision,
      decidedBy: tx.actor.principal.userId,
      decidedAt: tx.now,
      note,
    });
    await this.repository.save(tx.manager, approval);
    await this.deadlines.complete(tx.manager, { caseId: tx.case.id, kind: 'approval', subjectId: approval.id }, tx.now);
    const verdict = decision === 'approved' ? 'goedgekeurd' : 'afgewezen';
    await this.notifications.notifyWithin(tx.manager, [
      {
        kind: `approval_${decision}`,
        caseId: tx.case.id,
        subjectId: approval.id,
        title: `Verzoek ${verdict}: casus ${tx.case.reference}`,
        body: `Uw verzoek (${OPERATION_NAMES[approval.operation]}) is ${verdict}. Toelichting: ${note}`,
        to: { users: [approval.requestedBy] },
      },
    ]);
    await tx.event('approval_decided', 'basic', { approvalId: approval.id, operation: approval.operation, decision });
    return approval;
  }

  /**
   * GET /approvals: the approvals of the cases the caller's organisation holds regie over (the
   * ability's 'read Approval' rule as SQL on the case), oldest first, keyset-paged on seq.
   */
  async list(reach: CaseReach, filter: ApprovalListFilter) {
    let afterSeq: string | undefined;
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null) {
        throw new CommonException('common.validation', 'Ongeldige cursor / invalid cursor', [
          { field: 'cursor', message: 'onbekende cursor / unknown cursor' },
        ]);
      }
      afterSeq = seq;
    }
    const rows = await this.repository.list(reach, {
      status: filter.status,
      afterSeq,
      limit: filter.limit,
    });
    const page = rows.slice(0, filter.limit).map((row) => row.approval);
    const [deadlines, names] = await Promise.all([this.dueDates(page), this.names(page)]);
    return {
      items: page.map((approval, i) => ({
        ...this.view(approval, true, names, deadlines),
        caseReference: rows[i].caseReference,
      })),
      nextCursor: rows.length > filter.limit ? encodeSeqCursor(page[page.length - 1].seq) : null,
    };
  }

  /** GET /cases/{id}/approvals: every network member; the decision's note with the safety data. */
  async forCase(reach: CaseReach, caseId: string) {
    const manager = this.repository.manager;
    const { case: found, membership } = await this.store.read(manager, reach, caseId);
    const withNote = reveals(sightOf(reach.principal, found, membership), 'approvalNotes');
    const approvals = await this.repository.ofCase(manager, caseId);
    const [deadlines, names] = await Promise.all([this.dueDates(approvals), this.names(approvals)]);
    return { items: approvals.map((approval) => this.view(approval, withNote, names, deadlines)) };
  }

  private view(approval: Approval, withNote: boolean, names: Map<string, string>, dueAts: Map<string, Date>) {
    return {
      id: approval.id,
      caseId: approval.caseId,
      operation: approval.operation,
      reason: approval.reason,
      status: approval.status,
      requestedBy: approval.requestedBy,
      requestedByName: names.get(approval.requestedBy) ?? null,
      requestedAt: approval.requestedAt,
      dueAt: dueAts.get(approval.id) ?? null,
      decidedBy: approval.decidedBy,
      decidedByName: approval.decidedBy ? (names.get(approval.decidedBy) ?? null) : null,
      decidedAt: approval.decidedAt,
      ...(withNote ? { note: approval.note } : {}),
    };
  }

  private dueDates(approvals: Approval[]): Promise<Map<string, Date>> {
    return this.repository.dueDates(approvals.map((a) => a.id));
  }

  private names(approvals: Approval[]): Promise<Map<string, string>> {
    return this.users.names(approvals.flatMap((a) => [a.requestedBy, ...(a.decidedBy ? [a.decidedBy] : [])]));
  }
}
