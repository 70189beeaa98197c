import { Injectable } from '@nestjs/common';
import { CaseReach, OrganisationDirectory } from '@vt/access';
import { Transaction } from '@vt/database';
import { DeadlinesService, dutchTime, restrainingOrderDueAt } from '@vt/deadlines';
import { NotificationsService } from '@vt/notifications';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CaseWorkRepository } from './case-work.repository';
import { CasesException } from './cases.exception';
import { CLOCK_SKEW_MS } from './intake.service';
import { RiskAssessmentsRepository } from './risk-assessments.repository';
import { RiskAssessmentsService } from './risk-assessments.service';
import { assessRisk } from './risk';
import { OrderAdvice, OrderDecision, RestrainingOrder, RestrainingOrderBreach } from './restraining-order.entity';
import { RestrainingOrderRepository } from './restraining-order.repository';

export interface RestrainingOrderInput {
  imposedAt: Date;
  imposedBy: string;
  subjectPersonId: string;
}

export interface OrderDecisionInput {
  decision: OrderDecision;
  until?: Date;
}

export interface OrderBreachInput {
  occurredAt: Date;
  description: string;
}

export const breachView = (b: RestrainingOrderBreach) => ({
  id: b.id,
  orderId: b.orderId,
  occurredAt: b.occurredAt,
  description: b.description,
  recordedBy: b.recordedBy,
  recordedAt: b.recordedAt,
});

export const restrainingOrderView = (o: RestrainingOrder, breaches: RestrainingOrderBreach[] = []) => ({
  id: o.id,
  subjectPersonId: o.subjectPersonId,
  imposedAt: o.imposedAt,
  imposedBy: o.imposedBy,
  endsAt: o.endsAt,
  registeredBy: o.registeredBy,
  registeredAt: o.registeredAt,
  extendedBy: o.extendedBy,
  extendedAt: o.extendedAt,
  advice: o.advice,
  adviceSummary: o.adviceSummary,
  advisedAt: o.advisedAt,
  advisedBy: o.advisedBy,
  decision: o.decision,
  decidedAt: o.decidedAt,
  decidedBy: o.decidedBy,
  endedAt: o.endedAt,
  breaches: breaches.filter((b) => b.orderId === o.id).map(breachView),
});

/** Whether the order is still in force at `now`: not ended by a decision, its term not run out. */
export const orderRunning = (o: Pick<RestrainingOrder, 'endsAt' | 'endedAt'>, now: Date) =>
  o.endedAt === null && o.endsAt > now;

/**
 * Tijdelijk huisverbod. Its terms count calendar days at the wall-clock time of imposition
 * (restrainingOrderDueAt): the advice on extension on day 8, the end on day 10, an extension to
 * at most day 28. Its course: recorded, Veilig Thuis's advice, the mayor's decision, breaches.
 */
@Injectable()
export class RestrainingOrderService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly riskAssessments: RiskAssessmentsService,
    private readonly notifications: NotificationsService,
    private readonly repository: RestrainingOrderRepository,
    private readonly caseWork: CaseWorkRepository,
    private readonly assessments: RiskAssessmentsRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** 400 naming `field` unless the person is involved in the case (any role). */
  async assertPersonOfCase(
    reach: CaseReach,
    manager: Transaction,
    caseId: string,
    personId: string,
    field: string,
  ): Promise<void> {
    if (!(await this.repository.isPersonOfCase(reach, manager, caseId, personId))) {
      throw CasesException.invalid(field, 'geen persoon in deze casus / not a person of this case');
    }
  }

  /** A caseworker in the network records an order the mayor imposed; its two deadlines open. */
  record(actor: Actor, caseId: string, input: RestrainingOrderInput) {
    return this.store.write(
      actor,
      caseId,
      { operation: 'record_restraining_order', audit: { action: 'create', subjectType: 'RestrainingOrder' } },
      async (tx) => {
        if (input.imposedAt.getTime() > tx.now.getTime() + CLOCK_SKEW_MS) {
          throw CasesException.invalid('imposedAt', 'mag niet in de toekomst liggen / may not lie in the future');
        }
        if (!this.deadlines.covers(input.imposedAt)) {
          throw CasesException.invalid('imposedAt', 'buiten de termijnenkalender / outside the calendar');
        }
        const { reach } = actor;
        await this.assertPersonOfCase(reach, tx.manager, caseId, input.subjectPersonId, 'subjectPersonId');
        const policy = this.deadlines.policy;
        const order = await this.repository.saveNewOrder(reach, tx.manager, {
          caseId,
          subjectPersonId: input.subjectPersonId,
          imposedAt: input.imposedAt,
          imposedBy: input.imposedBy,
          endsAt: restrainingOrderDueAt(input.imposedAt, policy.restrainingOrderDays),
          registeredBy: actor.principal.userId,
          registeredAt: tx.now,
          extendedBy: null,
          extendedAt: null,
          advice: null,
          adviceSummary: null,
          advisedAt: null,
          advisedBy: null,
          decision: null,
          decidedAt: null,
          decidedBy: null,
          endedAt: null,
        });
        const ref = { caseId, subjectId: order.id };
        await this.deadlines.open(
          tx.manager,
          { ...ref, kind: 'restraining_order_advice' },
          order.imposedAt,
          restrainingOrderDueAt(order.imposedAt, policy.restrainingOrderAdviceDay),
        );
        await this.deadlines.open(tx.manager, { ...ref, kind: 'restraining_order_end' }, order.imposedAt, order.endsAt);
        await tx.event('restraining_order_recorded', 'safety', {
          orderId: order.id,
          imposedAt: order.imposedAt,
          endsAt: order.endsAt,
        });
        return { result: restrainingOrderView(order), subjectId: order.id };
      },
    );
  }

  /**
   * The receiving Veilig Thuis advises the mayor on extension, once, while the order runs and is
   * undecided; the advice deadline is met (late when after day 8).
   */
  advise(actor: Actor, caseId: string, orderId: string, input: { advice: OrderAdvice; summary: string }) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'assess', audit: { action: 'update', subjectType: 'RestrainingOrder' } },
      async (tx) => {
        const { reach } = actor;
        const order = await this.running(reach, tx, orderId);
        if (order.advice !== null || order.decision !== null) {
          throw CasesException.conflict('Er is al geadviseerd of besloten / already advised or decided', [
            { field: order.advice !== null ? 'advice' : 'decision', message: (order.advice ?? order.decision)! },
          ]);
        }
        Object.assign(order, {
          advice: input.advice,
          adviceSummary: input.summary,
          advisedAt: tx.now,
          advisedBy: actor.principal.userId,
        });
        await this.repository.saveOrder(reach, tx.manager, order);
        const met = await this.deadlines.complete(
          tx.manager,
          { caseId, subjectId: order.id, kind: 'restraining_order_advice' },
          tx.now,
        );
        await tx.event('restraining_order_advised', 'safety', {
          orderId: order.id,
          advice: input.advice,
          lateWorkingDays: met?.lateWorkingDays ?? null,
        });
        return { result: restrainingOrderView(order), subjectId: order.id };
      },
    );
  }

  /**
   * The mayor's decision. Extended: the end moves to `until` (at most day 28), which also meets the
   * advice deadline; it may be extended again within that limit. Not extended or lifted: final,
   * the order's open deadlines are closed so none of them breaches. Not extended, it runs out at
   * its term; lifted, it ends now.
   */
  decide(actor: Actor, caseId: string, orderId: string, input: OrderDecisionInput) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'record_order', audit: { action: 'update', subjectType: 'RestrainingOrder' } },
      async (tx) => {
        const { reach } = actor;
        const order = await this.running(reach, tx, orderId);
        if (input.decision === 'extended') return this.extendWithin(reach, tx, order, input.until);
        if (input.until !== undefined) {
          throw CasesException.invalid('until', 'alleen bij verlenging / only with an extension');
        }
        if (input.decision === 'not_extended' && order.decision === 'extended') {
          throw CasesException.conflict('Het huisverbod is al verlengd / the order was extended', [
            { field: 'decision', message: order.decision },
          ]);
        }
        Object.assign(order, {
          decision: input.decision,
          decidedAt: tx.now,
          decidedBy: actor.principal.userId,
          endedAt: input.decision === 'lifted' ? tx.now : order.endsAt,
        });
        await this.repository.saveOrder(reach, tx.manager, order);
        await this.deadlines.cancelOpen(tx.manager, caseId, tx.now, [order.id]);
        await tx.event('restraining_order_ended', 'safety', {
          orderId: order.id,
          decision: input.decision,
          endedAt: order.endedAt,
        });
        return { result: restrainingOrderView(order), subjectId: order.id };
      },
    );
  }

  /** The earlier endpoint for an extension: the decision `extended`. */
  extend(actor: Actor, caseId: string, orderId: string, until: Date) {
    return this.decide(actor, caseId, orderId, { decision: 'extended', until });
  }

  /**
   * A breach of the order: between its imposition and its end, not in the future. The case gets
   * the red flag `order_breached` (rated again while no instrument assessed it), is marked for
   * reassessment, and the regisseur and the police in the network are told.
   */
  recordBreach(actor: Actor, caseId: string, orderId: string, input: OrderBreachInput) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'record_order', audit: { action: 'create', subjectType: 'RestrainingOrderBreach' } },
      async (tx) => {
        const { reach } = actor;
        const order = await this.repository.order(reach, tx.manager, caseId, orderId);
        if (!order) throw CasesException.notFound();
        const at = input.occurredAt.getTime();
        if (at > tx.now.getTime() + CLOCK_SKEW_MS) {
          throw CasesException.invalid('occurredAt', 'mag niet in de toekomst liggen / may not lie in the future');
        }
        if (at < order.imposedAt.getTime()) {
          throw CasesException.invalid(
            'occurredAt',
            `ligt voor de oplegging (${dutchTime(order.imposedAt)}) / before the order was imposed`,
          );
        }
        const end = order.endedAt ?? order.endsAt;
        if (at > end.getTime()) {
          throw CasesException.invalid('occurredAt', `ligt na het einde (${dutchTime(end)}) / after the order ended`);
        }
        const breach = await this.repository.saveNewBreach(reach, tx.manager, {
          caseId,
          orderId,
          occurredAt: input.occurredAt,
          description: input.description,
          recordedBy: actor.principal.userId,
          recordedAt: tx.now,
        });
        const notified = await this.notifyBreach(reach, tx, breach.id);
        await tx.event('restraining_order_breached', 'safety', {
          orderId,
          breachId: breach.id,
          occurredAt: breach.occurredAt,
          notified,
        });
        await this.flagBreach(reach, tx);
        await this.riskAssessments.markReassessmentDue(reach, tx, 'order_breached');
        return { result: breachView(breach), subjectId: breach.id };
      },
    );
  }

  /** The order of this case, still running (409 naming the order otherwise). */
  private async running(reach: CaseReach, tx: CaseScope, orderId: string): Promise<RestrainingOrder> {
    const order = await this.repository.order(reach, tx.manager, tx.case.id, orderId);
    if (!order) throw CasesException.notFound();
    // An order that ran out or was ended cannot be decided on again; the mayor imposes a new one.
    if (!orderRunning(order, tx.now)) {
      throw CasesException.conflict('Het huisverbod is al afgelopen / the order has ended', [
        { field: 'orderId', message: order.id },
      ]);
    }
    return order;
  }

  private async extendWithin(reach: CaseReach, tx: CaseScope, order: RestrainingOrder, until: Date | undefined) {
    if (until === undefined) throw CasesException.invalid('until', 'verplicht bij verlenging / required to extend');
    const maxDays = this.deadlines.policy.restrainingOrderMaxDays;
    const latest = restrainingOrderDueAt(order.imposedAt, maxDays);
    if (until > latest) {
      throw CasesException.invalid(
        'until',
        `ten hoogste ${maxDays} dagen na oplegging (${dutchTime(latest)}) / at most ${maxDays} days after imposition`,
      );
    }
    if (until < order.endsAt) {
      throw CasesException.invalid(
        'until',
        `mag niet voor het huidige einde liggen (${dutchTime(order.endsAt)}) / may not lie before the current end`,
      );
    }
    const from = order.endsAt;
    Object.assign(order, {
      endsAt: until,
      extendedBy: tx.actor.principal.userId,
      extendedAt: tx.now,
      decision: 'extended',
      decidedBy: tx.actor.principal.userId,
      decidedAt: tx.now,
    });
    await this.repository.saveOrder(reach, tx.manager, order);
    const ref = { caseId: tx.case.id, subjectId: order.id };
    if (until.getTime() !== from.getTime()) {
      await this.deadlines.reschedule(tx.manager, { ...ref, kind: 'restraining_order_end' }, until);
    }
    await this.deadlines.complete(tx.manager, { ...ref, kind: 'restraining_order_advice' }, tx.now);
    await tx.event('restraining_order_extended', 'safety', { orderId: order.id, from, until });
    return { result: restrainingOrderView(order), subjectId: order.id };
  }

  /** Adds the red flag; a case no instrument assessed yet is rated from its flags again, as at intake. */
  private async flagBreach(reach: CaseReach, tx: CaseScope): Promise<void> {
    if (tx.case.redFlags.includes('order_breached')) return;
    tx.case.redFlags = [...tx.case.redFlags, 'order_breached'];
    const assessed = await this.assessments.hasAssessment(reach, tx.manager, tx.case.id);
    const risk = assessed
      ? null
      : assessRisk({
          acute: tx.case.acute,
          redFlags: tx.case.redFlags,
          violenceTypes: tx.case.violenceTypes,
          repeatWithin12Months: tx.case.repeatWithin12Months,
        });
    await this.caseWork.updateCase(reach, tx.manager, tx.case.id, {
      redFlags: tx.case.redFlags,
      ...(risk ? { riskLevel: risk.level, riskReasons: risk.reasons } : {}),
      updatedAt: tx.now,
    });
    if (risk) await tx.event('risk_assessed', 'safety', { riskLevel: risk.level, reasons: risk.reasons });
  }

  /** The regisseur and the caseworkers of every police organisation active in the network. */
  private async notifyBreach(reach: CaseReach, tx: CaseScope, breachId: string): Promise<number> {
    const message = {
      kind: 'order_breached' as const,
      caseId: tx.case.id,
      subjectId: breachId,
      title: `Huisverbod overtreden: casus ${tx.case.reference}`,
      body: `Er is een overtreding van het huisverbod vastgelegd in casus ${tx.case.reference}.`,
    };
    const partners = await this.caseWork.activePartners(reach, tx.manager, tx.case.id);
    const police = (await this.directory.cards(partners, tx.manager)).filter((card) => card.kind === 'police');
    // One notice: a regisseur who is also a police caseworker is told once.
    return this.notifications.notifyWithin(tx.manager, [
      {
        ...message,
        to: {
          users: [tx.case.regisseurUserId],
          roles: police.map(({ id }) => ({ organisationId: id, roles: ['caseworker'] })),
        },
      },
    ]);
  }
}
