import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@vt/audit';
import { Clock, CLOCK } from '@vt/common';
import { Deadline, DeadlineKind, dutchTime } from '@vt/deadlines';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Case } from './case.entity';
import { ACTIVE_PARTNER } from './case-store';
import { InvestigationSuspension } from './investigation.entity';
import { CaseAction, Escalation } from './safety-plan.entity';

const KIND_NAMES: Record<DeadlineKind, string> = {
  safety_assessment: 'veiligheidsbeoordeling',
  investigation: 'onderzoek',
  restraining_order_advice: 'advies huisverbod',
  restraining_order_end: 'einde huisverbod',
  action: 'afspraak veiligheidsplan',
  escalation_response: 'reactie op doorzettingsmacht',
};

/** A job runs at Redis's time; a worker whose clock lags by this much waits instead of skipping. */
const CLOCK_SKEW_MS = 5_000;

type Outcome = 'done' | 'skipped';

/**
 * What happens when a deadline's timer fires. Each step reloads and locks the row and does
 * nothing when the deadline is no longer open or has moved (another version): jobs may run twice,
 * late, or after a change, and the row decides.
 */
@Injectable()
export class DeadlineAlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /**
   * The breach, exactly once: the status change, the notifications to the regisseur and the regie
   * organisation's supervisors, the timeline event and the audit entry commit together.
   */
  async breach(deadlineId: string, version: number): Promise<Outcome> {
    if (!(await this.due(deadlineId, version))) return 'skipped';
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const deadline = await this.lockOpen(manager, deadlineId, version);
      if (!deadline || deadline.dueAt > now) return 'skipped';
      // A suspended investigation's term stands still; ending the suspension moves it (a new version).
      if (deadline.kind === 'investigation' && (await this.suspended(manager, deadline.caseId))) return 'skipped';
      deadline.status = 'breached';
      deadline.breachedAt = now;
      await manager.getRepository(Deadline).save(deadline);
      const target = await manager.getRepository(Case).findOneByOrFail({ id: deadline.caseId });
      const what = KIND_NAMES[deadline.kind];
      await this.notify(manager, deadline, target, [target.regieOrganisationId], {
        kind: 'deadline_breached',
        title: `Termijn overschreden: ${what}, casus ${target.reference}`,
        body: `De termijn ${what} van casus ${target.reference} is op ${dutchTime(deadline.dueAt)} verstreken.`,
      });
      await manager.query(
        `INSERT INTO case_events (case_id, type, category, data, occurred_at) VALUES ($1, 'deadline_breached', 'basic', $2, $3)`,
        [target.id, JSON.stringify({ deadlineId, kind: deadline.kind, dueAt: deadline.dueAt }), now],
      );
      await this.audit.recordWithin(manager, {
        action: 'update',
        subjectType: 'Deadline',
        subjectId: deadlineId,
        subjectOrganisationId: target.organisationId,
        caseId: target.id,
        purpose: 'breach',
        outcome: 'success',
        // The system acts; its entry goes in the chain of the organisation holding regie.
        actorOrganisationId: target.regieOrganisationId,
        actorRoles: ['system'],
      });
      return 'done';
    });
  }

  /** The index-th reminder of a version, once: its row in deadline_reminders is the proof. */
  async remind(deadlineId: string, version: number, index: number): Promise<Outcome> {
    return this.dataSource.transaction(async (manager) => {
      const deadline = await this.lockOpen(manager, deadlineId, version);
      if (!deadline) return 'skipped';
      const inserted = (await manager.query(
        `INSERT INTO deadline_reminders (deadline_id, version, index, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING index`,
        [deadlineId, version, index, this.clock.now()],
      )) as unknown[];
      if (inserted.length === 0) return 'skipped';
      const target = await manager.getRepository(Case).findOneByOrFail({ id: deadline.caseId });
      const what = KIND_NAMES[deadline.kind];
      await this.notify(manager, deadline, target, await this.owingOrganisations(manager, deadline, target), {
        kind: 'deadline_reminder',
        title: `Herinnering: ${what}, casus ${target.reference}`,
        body: `De termijn ${what} van casus ${target.reference} verstrijkt op ${dutchTime(deadline.dueAt)}.`,
      });
      return 'done';
    });
  }

  /** Reminders go to whoever owes the work: the assignee of an action, the target of an escalation. */
  private async owingOrganisations(manager: EntityManager, deadline: Deadline, target: Case): Promise<string[]> {
    if (deadline.kind === 'action' && deadline.subjectId) {
      const action = await manager.getRepository(CaseAction).findOneBy({ id: deadline.subjectId });
      if (action) return [target.regieOrganisationId, action.assigneeOrganisationId];
    }
    if (deadline.kind === 'escalation_response' && deadline.subjectId) {
      const escalation = await manager.getRepository(Escalation).findOneBy({ id: deadline.subjectId });
      if (escalation) return [escalation.targetOrganisationId];
    }
    return [target.regieOrganisationId];
  }

  /**
   * One notification per recipient: the regisseur, and the supervisors of the given organisations,
   * but only while those are active in the network.
   */
  private async notify(
    manager: EntityManager,
    deadline: Deadline,
    target: Case,
    organisationIds: string[],
    message: { kind: string; title: string; body: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT DISTINCT u.id, $4::text, $1::uuid, $5::uuid, $6::text, $7::text FROM users u
        WHERE u.active AND (u.id = $2::uuid OR ('supervisor' = ANY(u.roles) AND u.organisation_id = ANY($3::uuid[])
          AND EXISTS (SELECT 1 FROM case_partners p WHERE p.case_id = $1::uuid AND p.organisation_id = u.organisation_id
                      AND ${ACTIVE_PARTNER})))`,
      [target.id, target.regisseurUserId, organisationIds, message.kind, deadline.id, message.title, message.body],
    );
  }

  private async suspended(manager: EntityManager, caseId: string): Promise<boolean> {
    return manager.getRepository(InvestigationSuspension).existsBy({ caseId, endedAt: IsNull() });
  }

  private lockOpen(manager: EntityManager, deadlineId: string, version: number): Promise<Deadline | null> {
    return manager
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :deadlineId AND d.version = :version AND d.status = :open', { deadlineId, version, open: 'open' })
      .getOne();
  }

  /** Waits out a small clock difference between Redis and this worker; a larger one skips (the reconciler retries). */
  private async due(deadlineId: string, version: number): Promise<boolean> {
    const deadline = await this.dataSource.getRepository(Deadline).findOneBy({ id: deadlineId, version });
    if (!deadline) return false;
    const wait = deadline.dueAt.getTime() - this.clock.now().getTime();
    if (wait > CLOCK_SKEW_MS) return false;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }
}
