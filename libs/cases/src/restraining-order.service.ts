import { Injectable } from '@nestjs/common';
import { DeadlinesService, restrainingOrderDueAt } from '@vt/deadlines';
import { Actor, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { CLOCK_SKEW_MS } from './intake.service';
import { RestrainingOrder } from './restraining-order.entity';

export interface RestrainingOrderInput {
  imposedAt: Date;
  imposedBy: string;
}

export const restrainingOrderView = (o: RestrainingOrder) => ({
  id: o.id,
  imposedAt: o.imposedAt,
  imposedBy: o.imposedBy,
  endsAt: o.endsAt,
  registeredBy: o.registeredBy,
  registeredAt: o.registeredAt,
  extendedBy: o.extendedBy,
  extendedAt: o.extendedAt,
});

/**
 * Tijdelijk huisverbod. Its terms count calendar days at the wall-clock time of imposition
 * (restrainingOrderDueAt): the advice on extension on day 8, the end on day 10, an extension to
 * at most day 28.
 */
@Injectable()
export class RestrainingOrderService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
  ) {}

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
        const policy = this.deadlines.policy;
        const repository = tx.manager.getRepository(RestrainingOrder);
        const order = await repository.save(
          repository.create({
            caseId,
            imposedAt: input.imposedAt,
            imposedBy: input.imposedBy,
            endsAt: restrainingOrderDueAt(input.imposedAt, policy.restrainingOrderDays),
            registeredBy: actor.principal.userId,
            registeredAt: tx.now,
            extendedBy: null,
            extendedAt: null,
          }),
        );
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
   * The mayor extended the order: the end moves to `until`. An extension is decided on the advice,
   * so it also meets the advice deadline.
   */
  extend(actor: Actor, caseId: string, orderId: string, until: Date) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'record_order', audit: { action: 'update', subjectType: 'RestrainingOrder' } },
      async (tx) => {
        const repository = tx.manager.getRepository(RestrainingOrder);
        const order = await repository.findOneBy({ id: orderId, caseId });
        if (!order) throw CasesException.notFound();
        const maxDays = this.deadlines.policy.restrainingOrderMaxDays;
        const latest = restrainingOrderDueAt(order.imposedAt, maxDays);
        if (until > latest) {
          throw CasesException.invalid(
            'until',
            `ten hoogste ${maxDays} dagen na oplegging (${latest.toISOString()}) / at most ${maxDays} days after imposition`,
          );
        }
        if (until < order.endsAt) {
          throw CasesException.invalid(
            'until',
            `mag niet voor het huidige einde liggen (${order.endsAt.toISOString()}) / may not lie before the current end`,
          );
        }
        // An order that ran out cannot be extended; the mayor imposes a new one.
        if (order.endsAt <= tx.now) {
          throw CasesException.conflict('Het huisverbod is al afgelopen / the order has ended', [
            { field: 'orderId', message: order.id },
          ]);
        }
        const from = order.endsAt;
        order.endsAt = until;
        order.extendedBy = actor.principal.userId;
        order.extendedAt = tx.now;
        await repository.save(order);
        const ref = { caseId, subjectId: order.id };
        if (until.getTime() !== from.getTime()) {
          await this.deadlines.reschedule(tx.manager, { ...ref, kind: 'restraining_order_end' }, until);
        }
        await this.deadlines.complete(tx.manager, { ...ref, kind: 'restraining_order_advice' }, tx.now);
        await tx.event('restraining_order_extended', 'safety', { orderId: order.id, from, until });
        return { result: restrainingOrderView(order), subjectId: order.id };
      },
    );
  }
}
