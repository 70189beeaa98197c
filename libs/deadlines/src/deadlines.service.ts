import { Inject, Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Transaction } from '@vt/database';
import { amsterdamDate } from './amsterdam-time';
import { CalendarService } from './calendar.service';
import { DeadlineScheduler } from './deadline-scheduler.service';
import { Deadline, DeadlineKind, DeadlineStatus } from './deadline.entity';
import { DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';
import { DeadlinesRepository } from './deadlines.repository';
import {
  approvalDueAt,
  atRiskThreshold,
  childCheckDueAt,
  escalationResponseDueAt,
  investigationDueAt,
  safetyAssessmentDueAt,
  workingDaysLate,
} from './due-dates';

export interface DeadlineRef {
  caseId: string;
  kind: DeadlineKind;
  subjectId?: string | null;
}

/** A deadline as other contexts read it: the row's values, not the entity. */
export interface DeadlineTerm {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  subjectId: string | null;
  startsAt: Date;
  dueAt: Date;
  status: DeadlineStatus;
  completedAt: Date | null;
  lateWorkingDays: number | null;
  breachedAt: Date | null;
  version: number;
}

export interface Completion {
  deadline: Deadline;
  lateWorkingDays: number;
}

/**
 * Opens, completes and cancels deadline rows inside the caller's transaction, so a deadline
 * changes together with the case change that causes it.
 */
@Injectable()
export class DeadlinesService {
  /** Deadlines changed per open transaction, so their timers follow once it has committed. */
  private readonly touched = new WeakMap<Transaction, Set<string>>();
  /**
   * A term follows the case change that causes it, which the caller (the cases context) has
   * already been allowed in the same transaction; no user picks a deadline row. So the rows are
   * kept by a system reach, as the timers keep them.
   */
  private readonly reach = CaseReach.system('deadline-terms');

  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly calendars: CalendarService,
    private readonly scheduler: DeadlineScheduler,
    @Inject(DEADLINE_POLICY) readonly policy: DeadlinePolicy,
  ) {}

  private touch(manager: Transaction, ids: string[]): void {
    const set = this.touched.get(manager) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    this.touched.set(manager, set);
  }

  /** Call after the transaction of `manager` committed: replaces the timers of what it changed. */
  async afterCommit(manager: Transaction): Promise<void> {
    const ids = [...(this.touched.get(manager) ?? [])];
    this.touched.delete(manager);
    await this.scheduler.sync(ids);
  }

  safetyAssessmentDueAt(receivedAt: Date, acute: boolean): Date {
    return safetyAssessmentDueAt(receivedAt, acute, this.calendars.calendar(), this.policy);
  }

  childCheckDueAt(receivedAt: Date, acute: boolean): Date {
    return childCheckDueAt(receivedAt, acute, this.calendars.calendar(), this.policy);
  }

  investigationDueAt(startedAt: Date): Date {
    return investigationDueAt(startedAt, this.calendars.calendar(), this.policy);
  }

  escalationResponseDueAt(raisedAt: Date): Date {
    return escalationResponseDueAt(raisedAt, this.calendars.calendar(), this.policy);
  }

  approvalDueAt(requestedAt: Date): Date {
    return approvalDueAt(requestedAt, this.calendars.calendar(), this.policy);
  }

  /** Whether terms can be counted from this instant: its year is in the calendar's statutory data. */
  covers(instant: Date): boolean {
    const covered = this.calendars.calendar().covered;
    const year = Number(amsterdamDate(instant).slice(0, 4));
    return covered !== undefined && year >= covered.fromYear && year <= covered.toYear;
  }

  /** Open deadlines due before this instant count as at risk. */
  atRiskThreshold(now: Date): Date {
    return atRiskThreshold(now, this.calendars.calendar(), this.policy);
  }

  async open(manager: Transaction, ref: DeadlineRef, startsAt: Date, dueAt: Date): Promise<Deadline> {
    const saved = await this.deadlines.insert(this.reach, manager, {
      ...ref,
      subjectId: ref.subjectId ?? null,
      startsAt,
      dueAt,
      status: 'open',
      version: 1,
    });
    this.touch(manager, [saved.id]);
    return saved;
  }

  /**
   * Marks the open (or breached) deadline met and records how many working days late it was. A
   * breached deadline stays recognisable by its breachedAt.
   */
  async complete(manager: Transaction, ref: DeadlineRef, at: Date): Promise<Completion | null> {
    const deadline = await this.deadlines.lockLatest(this.reach, manager, ref, ['open', 'breached']);
    if (!deadline) return null;
    const lateWorkingDays = workingDaysLate(deadline.dueAt, at, this.calendars.calendar());
    deadline.status = 'met';
    deadline.completedAt = at;
    deadline.lateWorkingDays = lateWorkingDays;
    await this.deadlines.save(this.reach, manager, deadline);
    this.touch(manager, [deadline.id]);
    return { deadline, lateWorkingDays };
  }

  /** Moves an open deadline; the version changes so a timer set for the old time never fires. */
  async reschedule(manager: Transaction, ref: DeadlineRef, dueAt: Date): Promise<Deadline | null> {
    const deadline = await this.deadlines.lockLatest(this.reach, manager, ref, ['open']);
    if (!deadline) return null;
    deadline.dueAt = dueAt;
    deadline.version += 1;
    this.touch(manager, [deadline.id]);
    return this.deadlines.save(this.reach, manager, deadline);
  }

  /** Cancels the open deadlines of a case: all of them, or those of the given subjects. */
  async cancelOpen(manager: Transaction, caseId: string, at: Date, subjectIds?: string[]): Promise<void> {
    this.touch(manager, await this.deadlines.cancelOpen(this.reach, manager, caseId, at, subjectIds ?? null));
  }

  forCases(manager: Transaction, caseIds: string[]): Promise<DeadlineTerm[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.deadlines.forCases(this.reach, manager, caseIds);
  }
}
