import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AlertedDeadline,
  DeadlineBreached,
  DeadlineEvents,
  DeadlineKind,
  DeadlineReminderDue,
  dutchTime,
} from '@vt/deadlines';
import { NotificationKind, NotificationsService } from '@vt/notifications';
import { EntityManager } from 'typeorm';
import { ACTIVE_PARTNER } from './case-store';

/** In reminder and breach texts; a new kind without its name does not compile. */
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

/** One message about one deadline, to its regisseur and the supervisors of some organisations. */
interface Alert {
  deadline: AlertedDeadline;
  organisationIds: string[];
  title: string;
  body: string;
}

/**
 * What a breach or a reminder means for the case: the notifications to the regisseur and the
 * supervisors, and a breach on the case's timeline. Subscribed to the deadline events, so it runs
 * in the transaction of the breach or reminder and fails it when it fails.
 */
@Injectable()
export class DeadlineNoticesService implements OnModuleInit {
  constructor(
    private readonly events: DeadlineEvents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.on('DeadlineBreached', (event) => this.breached(event));
    this.events.on('DeadlineReminderDue', (event) => this.reminderDue(event));
  }

  private async breached({ manager, deadlines, breachedAt }: DeadlineBreached): Promise<void> {
    await this.notify(
      manager,
      'deadline_breached',
      deadlines.map((deadline) => {
        const what = KIND_NAMES[deadline.kind];
        const reference = deadline.case.reference;
        return {
          deadline,
          organisationIds: [deadline.case.regieOrganisationId],
          title: `Termijn overschreden: ${what}, casus ${reference}`,
          body: `De termijn ${what} van casus ${reference} is op ${dutchTime(deadline.dueAt)} verstreken.`,
        };
      }),
    );
    await manager.query(
      `INSERT INTO case_events (case_id, type, category, data, occurred_at)
       SELECT e.case_id, 'deadline_breached', 'basic', e.data::jsonb, $3 FROM unnest($1::uuid[], $2::text[]) AS e(case_id, data)`,
      [
        deadlines.map((deadline) => deadline.caseId),
        deadlines.map((deadline) =>
          JSON.stringify({ deadlineId: deadline.id, kind: deadline.kind, dueAt: deadline.dueAt }),
        ),
        breachedAt,
      ],
    );
  }

  private async reminderDue({ manager, deadline }: DeadlineReminderDue): Promise<void> {
    const what = KIND_NAMES[deadline.kind];
    const reference = deadline.case.reference;
    await this.notify(manager, 'deadline_reminder', [
      {
        deadline,
        organisationIds: await this.owingOrganisations(manager, deadline),
        title: `Herinnering: ${what}, casus ${reference}`,
        body: `De termijn ${what} van casus ${reference} verstrijkt op ${dutchTime(deadline.dueAt)}.`,
      },
    ]);
  }

  /** Reminders go to whoever owes the work: the assignee of an action, the target of an escalation. */
  private async owingOrganisations(manager: EntityManager, deadline: AlertedDeadline): Promise<string[]> {
    const regie = deadline.case.regieOrganisationId;
    const owing = (await manager.query(
      `SELECT assignee_organisation_id AS id FROM case_actions WHERE $1 = 'action' AND id = $2
       UNION ALL SELECT target_organisation_id FROM escalations WHERE $1 = 'escalation_response' AND id = $2`,
      [deadline.kind, deadline.subjectId],
    )) as { id: string }[];
    if (owing.length === 0) return [regie];
    return deadline.kind === 'action' ? [regie, owing[0].id] : [owing[0].id];
  }

  /**
   * One notification per recipient and deadline: the regisseur, and the supervisors of the given
   * organisations, but only while those are active in the case's network.
   */
  private async notify(manager: EntityManager, kind: NotificationKind, alerts: Alert[]): Promise<void> {
    const pairs = alerts.flatMap(({ deadline, organisationIds }) =>
      organisationIds.map((organisationId) => ({ caseId: deadline.caseId, organisationId })),
    );
    const active = (await manager.query(
      `SELECT DISTINCT p.case_id, p.organisation_id
         FROM unnest($1::uuid[], $2::uuid[]) AS a(case_id, organisation_id)
         JOIN case_partners p ON p.case_id = a.case_id AND p.organisation_id = a.organisation_id
        WHERE ${ACTIVE_PARTNER}`,
      [pairs.map((pair) => pair.caseId), pairs.map((pair) => pair.organisationId)],
    )) as { case_id: string; organisation_id: string }[];
    const inNetwork = new Set(active.map((row) => `${row.case_id}/${row.organisation_id}`));
    await this.notifications.notifyWithin(
      manager,
      alerts.map(({ deadline, organisationIds, title, body }) => ({
        kind,
        caseId: deadline.caseId,
        subjectId: deadline.id,
        title,
        body,
        to: {
          users: [deadline.case.regisseurUserId],
          roles: organisationIds
            .filter((organisationId) => inNetwork.has(`${deadline.caseId}/${organisationId}`))
            .map((organisationId) => ({ organisationId, roles: ['supervisor'] })),
        },
      })),
    );
  }
}
