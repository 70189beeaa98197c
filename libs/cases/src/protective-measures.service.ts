import { Injectable } from '@nestjs/common';
import { DeadlinesService } from '@vt/deadlines';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { ProtectiveMeasure, ProtectiveMeasureType } from './protective-measure.entity';
import { ProtectiveMeasuresRepository } from './protective-measures.repository';
import { RestrainingOrderService } from './restraining-order.service';

export interface ProtectiveMeasureInput {
  type: ProtectiveMeasureType;
  subjectPersonId?: string;
  protectedPersonId?: string;
  authority: string;
  description?: string;
  startsAt: Date;
  endsAt?: Date;
}

/** A change to a running measure: a new end (null: none known), other text, or its end now. */
export interface ProtectiveMeasureChange {
  endsAt?: Date | null;
  authority?: string;
  description?: string | null;
  status?: 'ended';
  endReason?: string;
}

export const protectiveMeasureView = (m: ProtectiveMeasure) => ({
  id: m.id,
  type: m.type,
  subjectPersonId: m.subjectPersonId,
  protectedPersonId: m.protectedPersonId,
  authority: m.authority,
  description: m.description,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  status: m.status,
  endReason: m.endReason,
  endedAt: m.endedAt,
  endedBy: m.endedBy,
  recordedBy: m.recordedBy,
  recordedAt: m.recordedAt,
  updatedBy: m.updatedBy,
  updatedAt: m.updatedAt,
});

/**
 * Protective measures besides the restraining order: contact or area ban, electronic monitoring,
 * a victim's alarm device. A known end date is a deadline of kind `protective_measure_end`,
 * reminded and breached like any other; ending the measure meets it.
 */
@Injectable()
export class ProtectiveMeasuresService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly orders: RestrainingOrderService,
    private readonly repository: ProtectiveMeasuresRepository,
  ) {}

  record(actor: Actor, caseId: string, input: ProtectiveMeasureInput) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'record_order', audit: { action: 'create', subjectType: 'ProtectiveMeasure' } },
      async (tx) => {
        if (!input.subjectPersonId && !input.protectedPersonId) {
          throw CasesException.invalid(
            'subjectPersonId',
            'noem de betrokkene of de beschermde persoon / name the subject or the protected person',
          );
        }
        const { reach } = actor;
        if (input.subjectPersonId) {
          await this.orders.assertPersonOfCase(reach, tx.manager, caseId, input.subjectPersonId, 'subjectPersonId');
        }
        if (input.protectedPersonId) {
          await this.orders.assertPersonOfCase(reach, tx.manager, caseId, input.protectedPersonId, 'protectedPersonId');
        }
        if (!this.deadlines.covers(input.startsAt)) {
          throw CasesException.invalid('startsAt', 'buiten de termijnenkalender / outside the calendar');
        }
        if (input.endsAt) this.assertEnd(tx, input.startsAt, input.endsAt);
        const measure = await this.repository.saveNewMeasure(reach, tx.manager, {
          caseId,
          type: input.type,
          subjectPersonId: input.subjectPersonId ?? null,
          protectedPersonId: input.protectedPersonId ?? null,
          authority: input.authority,
          description: input.description ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt ?? null,
          status: 'active',
          endReason: null,
          endedAt: null,
          endedBy: null,
          recordedBy: actor.principal.userId,
          recordedAt: tx.now,
          updatedBy: actor.principal.userId,
          updatedAt: tx.now,
        });
        if (measure.endsAt) {
          await this.deadlines.open(tx.manager, this.ref(measure), measure.startsAt, measure.endsAt);
        }
        await tx.event('protective_measure_recorded', 'safety', {
          measureId: measure.id,
          type: measure.type,
          startsAt: measure.startsAt,
          endsAt: measure.endsAt,
        });
        return { result: protectiveMeasureView(measure), subjectId: measure.id };
      },
    );
  }

  /** Changes a running measure; an ended one is history (409). */
  update(actor: Actor, caseId: string, measureId: string, change: ProtectiveMeasureChange) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'record_order', audit: { action: 'update', subjectType: 'ProtectiveMeasure' } },
      async (tx) => {
        const { reach } = actor;
        const measure = await this.repository.measure(reach, tx.manager, caseId, measureId);
        if (!measure) throw CasesException.notFound();
        if (measure.status === 'ended') {
          throw CasesException.conflict('De maatregel is al beëindigd / the measure has ended', [
            { field: 'status', message: measure.status },
          ]);
        }
        if (change.endReason !== undefined && change.status !== 'ended') {
          throw CasesException.invalid('endReason', 'alleen bij beëindigen / only when ending');
        }
        if (change.endsAt) this.assertEnd(tx, measure.startsAt, change.endsAt);
        const previousEnd = measure.endsAt;
        if (change.endsAt !== undefined) measure.endsAt = change.endsAt;
        if (change.authority !== undefined) measure.authority = change.authority;
        if (change.description !== undefined) measure.description = change.description;
        measure.updatedBy = actor.principal.userId;
        measure.updatedAt = tx.now;
        const ref = this.ref(measure);
        if (change.status === 'ended') {
          Object.assign(measure, {
            status: 'ended',
            endReason: change.endReason ?? null,
            endedAt: tx.now,
            endedBy: actor.principal.userId,
          });
          await this.repository.saveMeasure(reach, tx.manager, measure);
          await this.deadlines.complete(tx.manager, ref, tx.now);
          await tx.event('protective_measure_ended', 'safety', { measureId: measure.id, endedAt: tx.now });
        } else {
          await this.repository.saveMeasure(reach, tx.manager, measure);
          if (change.endsAt === null) {
            await this.deadlines.cancelOpen(tx.manager, caseId, tx.now, [measure.id]);
          } else if (change.endsAt && !(await this.deadlines.reschedule(tx.manager, ref, change.endsAt))) {
            // No end was known, or the last one passed: the new end is a deadline of its own.
            await this.deadlines.open(tx.manager, ref, tx.now, change.endsAt);
          }
          await tx.event('protective_measure_changed', 'safety', {
            measureId: measure.id,
            ...(change.endsAt !== undefined ? { from: previousEnd, endsAt: measure.endsAt } : {}),
          });
        }
        return { result: protectiveMeasureView(measure), subjectId: measure.id };
      },
    );
  }

  private ref(measure: ProtectiveMeasure) {
    return { caseId: measure.caseId, subjectId: measure.id, kind: 'protective_measure_end' as const };
  }

  /** An end after the start and still to come (a reminder for a past end helps no one). */
  private assertEnd(tx: CaseScope, startsAt: Date, endsAt: Date): void {
    if (endsAt <= startsAt)
      throw CasesException.invalid('endsAt', 'moet na het begin liggen / must lie after the start');
    if (endsAt <= tx.now) throw CasesException.invalid('endsAt', 'moet in de toekomst liggen / must lie in the future');
    if (!this.deadlines.covers(endsAt)) {
      throw CasesException.invalid('endsAt', 'buiten de termijnenkalender / outside the calendar');
    }
  }
}
