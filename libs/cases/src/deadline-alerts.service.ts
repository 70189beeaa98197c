import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@vt/audit';
import { Clock, CLOCK } from '@vt/common';
import { DEADLINE_POLICY, DeadlineKind, DeadlinePolicy, dutchTime } from '@vt/deadlines';
import { DataSource, EntityManager } from 'typeorm';
import { ACTIVE_PARTNER } from './case-store';

const KIND_NAMES: Record<DeadlineKind, string> = {
  safety_assessment: 'veiligheidsbeoordeling',
  investigation: 'onderzoek',
  restraining_order_advice: 'advies huisverbod',
  restraining_order_end: 'einde huisverbod',
  action: 'afspraak veiligheidsplan',
  escalation_response: 'reactie op doorzettingsmacht',
  child_check: 'kindcheck',
  approval: 'goedkeuring',
  protective_measure_end: 'einde beschermingsmaatregel',
  reporter_feedback: 'terugkoppeling aan melder',
  follow_up_check: 'controle na afsluiten',
};

/** A job runs at Redis's time; a worker whose clock lags by this much waits instead of skipping. */
const CLOCK_SKEW_MS = 5_000;
/** Breach transactions at a time in one sweep: enough to overlap commits and round trips. */
const SWEEP_PARALLEL = 4;

type Outcome = 'done' | 'skipped';

/** A deadline that is being breached or reminded of, with what its messages need from the case. */
interface DueRow {
  id: string;
  case_id: string;
  kind: DeadlineKind;
  due_at: Date;
  reference: string;
  organisation_id: string;
  regie_organisation_id: string;
  regisseur_user_id: string | null;
}

/** Which deadlines one breach transaction takes: a batch of one organisation's, or exactly one. */
type BreachSelection = { regieOrganisationId: string } | { deadlineId: string; version: number };

/** One message about one deadline, to its regisseur and the supervisors of some organisations. */
interface Alert {
  row: DueRow;
  organisationIds: string[];
  title: string;
  body: string;
}

/**
 * What happens when a deadline's timer fires. Jobs may run twice, late, or after a change: the row
 * decides, locked, and nothing happens when the deadline is no longer open or has moved.
 *
 * Breaches are set-based: the breach jobs of one worker share one sweep that breaches everything
 * due, a batch of one regie organisation per transaction and a few transactions at a time, so a
 * burst costs a few statements per hundreds of deadlines rather than ten per deadline. Sweeps of
 * other workers take other organisations; the jobs afterwards find their deadline breached.
 */
@Injectable()
export class DeadlineAlertsService {
  private sweep?: Promise<Set<string>>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    private readonly audit: AuditService,
  ) {}

  /**
   * The breach job of one deadline: breaches everything due (this deadline among it), then this
   * one alone if the sweep had to pass it by because a user's transaction held it.
   */
  async breach(deadlineId: string, version: number): Promise<Outcome> {
    if (!(await this.due(deadlineId, version))) return 'skipped';
    // The jobs of a burst in this process share one sweep instead of each listing what is due.
    this.sweep ??= this.breachDue().finally(() => (this.sweep = undefined));
    if ((await this.sweep).has(deadlineId)) return 'done';
    const alone = await this.dataSource.transaction((manager) =>
      this.breachBatch(manager, { deadlineId, version }, this.clock.now()),
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
      const organisations = (await this.dataSource.query(
        `SELECT DISTINCT regie_organisation_id AS id FROM deadlines WHERE status = 'open' AND due_at <= $1`,
        [now],
      )) as { id: string }[];
      let progressed = false;
      // Sweeps of other workers start at other organisations and skip those another one holds.
      const start = Math.floor(Math.random() * organisations.length);
      const queue = [...organisations.slice(start), ...organisations.slice(0, start)];
      const next = async (): Promise<void> => {
        for (let organisation = queue.shift(); organisation; organisation = queue.shift()) {
          const { id } = organisation;
          const rows = await this.dataSource.transaction(async (manager) => {
            const [{ locked }] = (await manager.query(
              `SELECT pg_try_advisory_xact_lock(hashtext('deadline-breach'), hashtext($1)) AS locked`,
              [id],
            )) as { locked: boolean }[];
            return locked ? this.breachBatch(manager, { regieOrganisationId: id }, now, breached) : 0;
          });
          progressed ||= rows > 0;
        }
      };
      await Promise.all(Array.from({ length: SWEEP_PARALLEL }, next));
      if (!progressed) return breached;
    }
  }

  /**
   * The breach, exactly once per deadline: the status change, the notifications to the regisseur
   * and the regie organisation's supervisors, the timeline event and the audit entry commit
   * together. A suspended investigation's term stands still (ending the suspension moves it).
   */
  private async breachBatch(
    manager: EntityManager,
    selection: BreachSelection,
    now: Date,
    breached = new Set<string>(),
  ): Promise<number> {
    const batch = 'regieOrganisationId' in selection;
    const rows = (await manager.query(
      `WITH due AS (
         SELECT d.id FROM deadlines d
          WHERE d.status = 'open' AND d.due_at <= $1
            AND ${batch ? 'd.regie_organisation_id = $2' : 'd.id = $2 AND d.version = $3'}
            AND NOT (d.kind = 'investigation' AND EXISTS (
              SELECT 1 FROM investigation_suspensions s WHERE s.case_id = d.case_id AND s.ended_at IS NULL))
          ORDER BY d.due_at LIMIT $${batch ? 3 : 4}
          FOR UPDATE OF d ${batch ? 'SKIP LOCKED' : ''})
       UPDATE deadlines d SET status = 'breached', breached_at = $1
         FROM due, cases c WHERE d.id = due.id AND c.id = d.case_id
       RETURNING d.id, d.case_id, d.kind, d.due_at, c.reference, c.organisation_id, c.regie_organisation_id,
                 c.regisseur_user_id`,
      batch
        ? [now, selection.regieOrganisationId, this.policy.breachBatchSize]
        : [now, selection.deadlineId, selection.version, 1],
    )) as [DueRow[], number];
    const due = rows[0];
    if (due.length === 0) return 0;
    await this.notify(
      manager,
      'deadline_breached',
      due.map((row) => {
        const what = KIND_NAMES[row.kind];
        return {
          row,
          organisationIds: [row.regie_organisation_id],
          title: `Termijn overschreden: ${what}, casus ${row.reference}`,
          body: `De termijn ${what} van casus ${row.reference} is op ${dutchTime(row.due_at)} verstreken.`,
        };
      }),
    );
    await manager.query(
      `INSERT INTO case_events (case_id, type, category, data, occurred_at)
       SELECT e.case_id, 'deadline_breached', 'basic', e.data::jsonb, $3 FROM unnest($1::uuid[], $2::text[]) AS e(case_id, data)`,
      [
        due.map((row) => row.case_id),
        due.map((row) => JSON.stringify({ deadlineId: row.id, kind: row.kind, dueAt: row.due_at })),
        now,
      ],
    );
    await this.audit.recordManyWithin(
      manager,
      due.map((row) => ({
        action: 'update' as const,
        subjectType: 'Deadline',
        subjectId: row.id,
        subjectOrganisationId: row.organisation_id,
        caseId: row.case_id,
        purpose: 'breach',
        outcome: 'success' as const,
        // The system acts; its entry goes in the chain of the organisation holding regie.
        actorOrganisationId: row.regie_organisation_id,
        actorRoles: ['system'],
      })),
    );
    due.forEach((row) => breached.add(row.id));
    return due.length;
  }

  /** The index-th reminder of a version, once: its row in deadline_reminders is the proof. */
  async remind(deadlineId: string, version: number, index: number): Promise<Outcome> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT d.id, d.case_id, d.kind, d.due_at, d.subject_id, c.reference, c.organisation_id,
                c.regie_organisation_id, c.regisseur_user_id
           FROM deadlines d JOIN cases c ON c.id = d.case_id
          WHERE d.id = $1 AND d.version = $2 AND d.status = 'open'
          FOR UPDATE OF d`,
        [deadlineId, version],
      )) as (DueRow & { subject_id: string | null })[];
      if (!row) return 'skipped';
      const inserted = (await manager.query(
        `INSERT INTO deadline_reminders (deadline_id, version, index, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING index`,
        [deadlineId, version, index, this.clock.now()],
      )) as unknown[];
      if (inserted.length === 0) return 'skipped';
      const what = KIND_NAMES[row.kind];
      await this.notify(manager, 'deadline_reminder', [
        {
          row,
          organisationIds: await this.owingOrganisations(manager, row),
          title: `Herinnering: ${what}, casus ${row.reference}`,
          body: `De termijn ${what} van casus ${row.reference} verstrijkt op ${dutchTime(row.due_at)}.`,
        },
      ]);
      return 'done';
    });
  }

  /** Reminders go to whoever owes the work: the assignee of an action, the target of an escalation. */
  private async owingOrganisations(manager: EntityManager, row: DueRow & { subject_id: string | null }) {
    const owing = (await manager.query(
      `SELECT assignee_organisation_id AS id FROM case_actions WHERE $1 = 'action' AND id = $2
       UNION ALL SELECT target_organisation_id FROM escalations WHERE $1 = 'escalation_response' AND id = $2`,
      [row.kind, row.subject_id],
    )) as { id: string }[];
    if (owing.length === 0) return [row.regie_organisation_id];
    return row.kind === 'action' ? [row.regie_organisation_id, owing[0].id] : [owing[0].id];
  }

  /**
   * One notification per recipient and deadline: the regisseur, and the supervisors of the given
   * organisations, but only while those are active in the case's network.
   */
  private async notify(manager: EntityManager, kind: string, alerts: Alert[]): Promise<void> {
    const rows = alerts.flatMap((alert) => alert.organisationIds.map((organisationId) => ({ alert, organisationId })));
    await manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, case_id, subject_id, title, body)
       SELECT DISTINCT r.user_id, $1::text, a.case_id, a.deadline_id, a.title, a.body
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])
              AS a(deadline_id, case_id, regisseur_id, organisation_id, title, body)
        CROSS JOIN LATERAL (
          SELECT u.id AS user_id FROM users u WHERE u.id = a.regisseur_id AND u.active
          UNION ALL
          SELECT u.id FROM users u
           WHERE u.organisation_id = a.organisation_id AND u.active AND 'supervisor' = ANY(u.roles)
             AND EXISTS (SELECT 1 FROM case_partners p WHERE p.case_id = a.case_id
                          AND p.organisation_id = a.organisation_id AND ${ACTIVE_PARTNER})) r`,
      [
        kind,
        rows.map((r) => r.alert.row.id),
        rows.map((r) => r.alert.row.case_id),
        rows.map((r) => r.alert.row.regisseur_user_id),
        rows.map((r) => r.organisationId),
        rows.map((r) => r.alert.title),
        rows.map((r) => r.alert.body),
      ],
    );
  }

  /**
   * Whether this version is still open and due; waits out a small clock difference between Redis
   * and this worker, a larger one skips (the reconciler retries).
   */
  private async due(deadlineId: string, version: number): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT due_at FROM deadlines WHERE id = $1 AND version = $2 AND status = 'open'`,
      [deadlineId, version],
    )) as { due_at: Date }[];
    if (!row) return false;
    const wait = row.due_at.getTime() - this.clock.now().getTime();
    if (wait > CLOCK_SKEW_MS) return false;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }
}
