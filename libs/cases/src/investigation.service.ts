import { Injectable } from '@nestjs/common';
import { Transaction } from '@vt/database';
import {
  CalendarService,
  DeadlinesService,
  DeadlineTerm,
  extendedInvestigationDueAt,
  dueAtAfterWorkingDays,
  suspendedWorkingDays,
} from '@vt/deadlines';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { InvestigationExtension, InvestigationSuspension } from './investigation.entity';
import { InvestigationRepository } from './investigation.repository';

export interface ExtensionInput {
  weeks: number;
  reason: string;
}

export const suspensionView = (s: InvestigationSuspension) => ({
  id: s.id,
  reason: s.reason,
  startedAt: s.startedAt,
  startedBy: s.startedBy,
  endedAt: s.endedAt,
  endedBy: s.endedBy,
  workingDays: s.workingDays,
});

export const extensionView = (e: InvestigationExtension) => ({
  id: e.id,
  weeks: e.weeks,
  reason: e.reason,
  previousDueAt: e.previousDueAt,
  dueAt: e.dueAt,
  extendedBy: e.extendedBy,
  extendedAt: e.extendedAt,
});

/**
 * Opschorting and verlenging of the investigation term. Every move of the due date goes through
 * DeadlinesService.reschedule, whose new version replaces the deadline's timers.
 */
@Injectable()
export class InvestigationService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly calendars: CalendarService,
    private readonly repository: InvestigationRepository,
  ) {}

  /** A caseworker of the receiving Veilig Thuis suspends the investigation; one open suspension at a time. */
  suspend(actor: Actor, caseId: string, reason: string) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'suspend_investigation', audit: { action: 'create', subjectType: 'InvestigationSuspension' } },
      async (tx) => {
        const open = await this.repository.openSuspension(tx.manager, caseId);
        if (open) {
          throw CasesException.conflict('Het onderzoek is al opgeschort / investigation already suspended', [
            { field: 'suspensionId', message: open.id },
          ]);
        }
        const suspension = await this.repository.saveSuspension(tx.manager, {
          caseId,
          reason,
          startedAt: tx.now,
          startedBy: actor.principal.userId,
          endedAt: null,
          endedBy: null,
          workingDays: null,
        });
        await tx.event('investigation_suspended', 'safety', { suspensionId: suspension.id });
        return { result: suspensionView(suspension), subjectId: suspension.id };
      },
    );
  }

  endSuspension(actor: Actor, caseId: string, suspensionId: string) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'investigate', audit: { action: 'update', subjectType: 'InvestigationSuspension' } },
      async (tx) => {
        const suspension = await this.repository.suspension(tx.manager, caseId, suspensionId);
        if (!suspension) throw CasesException.notFound();
        if (suspension.endedAt) {
          throw CasesException.conflict('Opschorting is al beëindigd / suspension already ended', [
            { field: 'suspensionId', message: suspension.id },
          ]);
        }
        const dueAt = await this.end(tx, suspension, false);
        return { result: { ...suspensionView(suspension), investigationDueAt: dueAt }, subjectId: suspension.id };
      },
    );
  }

  /** Completing the investigation ends a running suspension first, so lateness counts the moved term. */
  async endOpenSuspension(tx: CaseScope): Promise<void> {
    const open = await this.repository.openSuspension(tx.manager, tx.case.id);
    if (open) await this.end(tx, open, true);
  }

  /**
   * Ends the suspension now and moves the open investigation term on by the working days it
   * touched (see suspendedWorkingDays). A breached term stays breached: its history is not rewritten.
   */
  private async end(tx: CaseScope, suspension: InvestigationSuspension, byCompletion: boolean): Promise<Date | null> {
    const workingDays = suspendedWorkingDays(suspension.startedAt, tx.now, this.calendars.calendar());
    suspension.endedAt = tx.now;
    suspension.endedBy = tx.actor.principal.userId;
    suspension.workingDays = workingDays;
    await this.repository.saveSuspension(tx.manager, suspension);
    const term = await this.openTerm(tx.manager, tx.case.id);
    let dueAt = term?.dueAt ?? null;
    if (term && workingDays > 0) {
      dueAt = dueAtAfterWorkingDays(term.dueAt, workingDays, this.calendars.calendar());
      await this.deadlines.reschedule(tx.manager, { caseId: tx.case.id, kind: 'investigation' }, dueAt);
    }
    await tx.event('investigation_suspension_ended', 'safety', {
      suspensionId: suspension.id,
      workingDays,
      dueAt,
      byCompletion,
    });
    return dueAt;
  }

  /** A supervisor of the receiving Veilig Thuis extends, with a reason, up to the configured total. */
  extend(actor: Actor, caseId: string, input: ExtensionInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'extend_investigation', audit: { action: 'create', subjectType: 'InvestigationExtension' } },
      async (tx) => {
        const max = this.deadlines.policy.investigationMaxExtensionWeeks;
        const used = await this.repository.extendedWeeks(tx.manager, caseId);
        if (used + input.weeks > max) {
          throw CasesException.invalid(
            'weeks',
            `ten hoogste ${max} weken verlenging in totaal, nog ${max - used} / at most ${max} weeks in total, ${max - used} left`,
          );
        }
        const term = await this.openTerm(tx.manager, caseId);
        if (!term) {
          throw CasesException.conflict('Geen lopende onderzoekstermijn / no open investigation term', [
            { field: 'deadline', message: 'investigation' },
          ]);
        }
        const dueAt = extendedInvestigationDueAt(term.dueAt, input.weeks, this.calendars.calendar());
        await this.deadlines.reschedule(tx.manager, { caseId, kind: 'investigation' }, dueAt);
        const extension = await this.repository.createExtension(tx.manager, {
          caseId,
          weeks: input.weeks,
          reason: input.reason,
          previousDueAt: term.dueAt,
          dueAt,
          extendedBy: actor.principal.userId,
          extendedAt: tx.now,
        });
        await tx.event('investigation_extended', 'safety', {
          extensionId: extension.id,
          weeks: input.weeks,
          previousDueAt: term.dueAt,
          dueAt,
        });
        return { result: extensionView(extension), subjectId: extension.id };
      },
    );
  }

  private async openTerm(manager: Transaction, caseId: string): Promise<DeadlineTerm | undefined> {
    const deadlines = await this.deadlines.forCases(manager, [caseId]);
    return deadlines.find((d) => d.kind === 'investigation' && d.status === 'open');
  }
}
