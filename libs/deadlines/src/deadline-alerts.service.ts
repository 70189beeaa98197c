import { Inject, Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { AuditService } from '@vt/audit';
import { Clock, CLOCK } from '@vt/common';
import { Transaction } from '@vt/database';
import { BreachSelection, DeadlineAlertsRepository, DueRow } from './deadline-alerts.repository';
import { DEADLINE_CASE_FACTS, DeadlineCaseFacts } from './deadline-case-facts';
import { AlertedDeadline, DeadlineEvents } from './deadline-events';
import { DEADLINE_POLICY, DeadlinePolicy } from './deadline-policy';

/** A job runs at Redis's time; a worker whose clock lags by this much waits instead of skipping. */
const CLOCK_SKEW_MS = 5_000;
/** Breach transactions at a time in one sweep: enough to overlap commits and round trips. */
const SWEEP_PARALLEL = 4;

type Outcome = 'done' | 'skipped';

/**
 * What happens when a deadline's timer fires. Jobs may run twice, late, or after a change: the row
 * decides, locked, and nothing happens when the deadline is no longer open or has moved. What
 * follows a breach or a reminder (notifications, the case's timeline) is up to the subscribers of
 * DeadlineBreached and DeadlineReminderDue, in the same transaction.
 *
 * Breaches are set-based: the breach jobs of one worker share one sweep that breaches everything
 * due, a batch of one regie organisation per transaction and a few transactions at a time, so a
 * burst costs a few statements per hundreds of deadlines rather than ten per deadline. Sweeps of
 * other workers take other organisations; the jobs afterwards find their deadline breached.
 */
@Injectable()
export class DeadlineAlertsService {
  private sweep?: Promise<Set<string>>;
  private readonly breaches = CaseReach.system('deadline-breach');
  private readonly reminders = CaseReach.system('deadline-reminder');

  constructor(
    private readonly deadlines: DeadlineAlertsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    @Inject(DEADLINE_CASE_FACTS) private readonly facts: DeadlineCaseFacts,
    private readonly events: DeadlineEvents,
    private readonly audit: AuditService,
  ) {}

  /**
   * The breach job of one deadline: breaches everything due (this deadline among it), then this
   * one alone if the sweep had to pass it by because a user's transaction held it.
   */
  async breach(deadlineId: string, version: number): Promise<Outcome> {
    const caseId = await this.due(deadlineId, version);
    if (caseId === null) return 'skipped';
    // The jobs of a burst in this process share one sweep instead of each listing what is due.
    this.sweep ??= this.breachDue().finally(() => (this.sweep = undefined));
    if ((await this.sweep).has(deadlineId)) return 'done';
    const alone = await this.deadlines.transaction((manager) =>
      this.breachBatch(manager, { deadlineId, version, caseId }, this.clock.now()),
    );
    return alone > 0 ? 'done' : 'skipped';
  }

  /**
   * Breaches every open deadline that is due, organisation by organisation, until none is left or
   * the rest is being handled by another worker. Returns the ids it breached.
   */
  async breachDue(): Promise<Set<string>> {
    const breached = new Set<string>();
    for (;;) {
      const now = this.clock.now();
      const organisations = await this.deadlines.regieOrganisationsWithDue(this.breaches, now);
      let progressed = false;
      // Sweeps of other workers start at other organisations and skip those another one holds.
      const start = Math.floor(Math.random() * organisations.length);
      const queue = [...organisations.slice(start), ...organisations.slice(0, start)];
      const next = async (): Promise<void> => {
        for (let organisation = queue.shift(); organisation; organisation = queue.shift()) {
          const regieOrganisationId = organisation;
          const rows = await this.deadlines.transaction(async (manager) =>
            (await this.deadlines.tryLockBreachesOf(manager, regieOrganisationId))
              ? this.breachBatch(manager, { regieOrganisationId }, now, breached)
              : 0,
          );
          progressed ||= rows > 0;
        }
      };
      await Promise.all(Array.from({ length: SWEEP_PARALLEL }, next));
      if (!progressed) return breached;
    }
  }

  /**
   * The breach, exactly once per deadline: the status change, what the subscribers write and the
   * audit entry commit together. A term that stands still (a suspended investigation) is left open;
   * ending the pause moves it.
   */
  private async breachBatch(
    manager: Transaction,
    selection: BreachSelection,
    now: Date,
    breached = new Set<string>(),
  ): Promise<number> {
    const batch = 'regieOrganisationId' in selection;
    const paused = await this.facts.pausedTerms(manager, batch ? selection : { caseId: selection.caseId });
    const rows = await this.deadlines.breach(
      this.breaches,
      manager,
      selection,
      paused,
      now,
      this.policy.breachBatchSize,
    );
    if (rows.length === 0) return 0;
    const deadlines = await this.alerted(manager, rows);
    await this.events.publish('DeadlineBreached', { manager, deadlines, breachedAt: now });
    await this.audit.recordManyWithin(
      manager,
      deadlines.map((deadline) => ({
        action: 'update' as const,
        subjectType: 'Deadline',
        subjectId: deadline.id,
        subjectOrganisationId: deadline.case.organisationId,
        caseId: deadline.caseId,
        purpose: 'breach',
        outcome: 'success' as const,
        // The system acts; its entry goes in the chain of the organisation holding regie.
        actorOrganisationId: deadline.case.regieOrganisationId,
        actorRoles: ['system'],
      })),
    );
    deadlines.forEach((deadline) => breached.add(deadline.id));
    return deadlines.length;
  }

  /** The index-th reminder of a version, once: its row in deadline_reminders is the proof. */
  async remind(deadlineId: string, version: number, index: number): Promise<Outcome> {
    return this.deadlines.transaction(async (manager) => {
      const row = await this.deadlines.lockOpenVersion(this.reminders, manager, deadlineId, version);
      if (!row) return 'skipped';
      if (!(await this.deadlines.recordReminder(manager, deadlineId, version, index, this.clock.now()))) {
        return 'skipped';
      }
      const [deadline] = await this.alerted(manager, [row]);
      await this.events.publish('DeadlineReminderDue', { manager, deadline, index });
      return 'done';
    });
  }

  /** The rows with their cases, as the events carry them. */
  private async alerted(manager: Transaction, rows: DueRow[]): Promise<AlertedDeadline[]> {
    const cases = await this.facts.cases(manager, [...new Set(rows.map((row) => row.case_id))]);
    return rows.map((row) => {
      const found = cases.get(row.case_id);
      // deadlines.case_id references cases: a case missing here is a broken provider, not data.
      if (!found) throw new Error(`No case facts for case ${row.case_id}`);
      return {
        id: row.id,
        caseId: row.case_id,
        kind: row.kind,
        subjectId: row.subject_id,
        dueAt: row.due_at,
        case: found,
      };
    });
  }

  /**
   * The case of this version while it is still open and due, else null; waits out a small clock
   * difference between Redis and this worker, a larger one skips (the reconciler retries).
   */
  private async due(deadlineId: string, version: number): Promise<string | null> {
    const row = await this.deadlines.openVersion(this.breaches, deadlineId, version);
    if (!row) return null;
    const wait = row.due_at.getTime() - this.clock.now().getTime();
    if (wait > CLOCK_SKEW_MS) return null;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return row.case_id;
  }
}
