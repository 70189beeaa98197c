import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Transaction } from '@vt/database';
import {
  AlertedDeadline,
  DeadlineBreached,
  DeadlineEvents,
  DEADLINE_KIND_DEFINITIONS,
  DeadlineReminderDue,
  dutchTime,
} from '@vt/deadlines';
import { NoticeSummary, NotificationKind, NotificationsService } from '@vt/notifications';
import { DeadlineNoticesRepository } from './deadline-notices.repository';

/** Breaches and reminders come from the deadline timers: the system's, with no caller. */
const DEADLINE_NOTICES = CaseReach.system('deadline notices');

/**
 * More breaches than this in one breach transaction, and a recipient gets one notification saying
 * how many instead of one each. Up to three still read as separate events, each with its case at
 * hand; beyond that a list of alike notices buries the rest of the inbox (50 to a page), and the
 * list of breached terms, which the summary opens, shows the same cases sorted and current.
 */
const BREACH_SUMMARY_ABOVE = 3;

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
    private readonly repository: DeadlineNoticesRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('DeadlineBreached', (event) => this.breached(event));
    this.events.on('DeadlineReminderDue', (event) => this.reminderDue(event));
  }

  private async breached({ manager, deadlines, breachedAt }: DeadlineBreached): Promise<void> {
    // No case and no subject: the inbox opens the list of breached terms for it.
    const summary: NoticeSummary = {
      above: BREACH_SUMMARY_ABOVE,
      summary: (count) => ({
        kind: 'deadline_breached',
        caseId: null,
        subjectId: null,
        title: `${count} termijnen overschreden`,
        body: `${count} termijnen zijn op ${dutchTime(breachedAt)} als verstreken vastgesteld. U vindt ze bij de verlopen termijnen.`,
      }),
    };
    await this.notify(
      manager,
      'deadline_breached',
      deadlines.map((deadline) => {
        const what = DEADLINE_KIND_DEFINITIONS[deadline.kind].name;
        const reference = deadline.case.reference;
        return {
          deadline,
          organisationIds: [deadline.case.regieOrganisationId],
          title: `Termijn overschreden: ${what}, casus ${reference}`,
          body: `De termijn ${what} van casus ${reference} is op ${dutchTime(deadline.dueAt)} verstreken.`,
        };
      }),
      summary,
    );
    await this.repository.recordBreaches(
      DEADLINE_NOTICES,
      manager,
      deadlines.map((deadline) => ({
        caseId: deadline.caseId,
        data: JSON.stringify({ deadlineId: deadline.id, kind: deadline.kind, dueAt: deadline.dueAt }),
      })),
      breachedAt,
    );
  }

  private async reminderDue({ manager, deadline }: DeadlineReminderDue): Promise<void> {
    const what = DEADLINE_KIND_DEFINITIONS[deadline.kind].name;
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
  private async owingOrganisations(manager: Transaction, deadline: AlertedDeadline): Promise<string[]> {
    const regie = deadline.case.regieOrganisationId;
    const owing = await this.repository.owingOrganisation(DEADLINE_NOTICES, manager, deadline.kind, deadline.subjectId);
    if (owing === null) return [regie];
    return deadline.kind === 'action' ? [regie, owing] : [owing];
  }

  /**
   * One notification per recipient and deadline (or the summary, for a recipient of more than its
   * threshold): the regisseur, and the supervisors of the given organisations, but only while those
   * are active in the case's network.
   */
  private async notify(
    manager: Transaction,
    kind: NotificationKind,
    alerts: Alert[],
    summary?: NoticeSummary,
  ): Promise<void> {
    const pairs = alerts.flatMap(({ deadline, organisationIds }) =>
      organisationIds.map((organisationId) => ({ caseId: deadline.caseId, organisationId })),
    );
    const inNetwork = await this.repository.activePartners(DEADLINE_NOTICES, manager, pairs);
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
      summary,
    );
  }
}
