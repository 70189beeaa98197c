import { Injectable } from '@nestjs/common';
import type { CaseReach } from '@vt/access';
import { AuditService } from '@vt/audit';
import { decodeSeqCursor, encodeSeqCursor } from '@vt/common';
import { Transaction } from '@vt/database';
import { AdviceRequestsRepository } from './advice-requests.repository';
import { CaseQueryRepository } from './case-query.repository';
import { Actor, actorFields, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { DataProtection } from './data-protection';
import { AdviceRequest, RequesterKind } from './follow-up.entity';
import { IntakeResult, IntakeService, ReportInput } from './intake.service';

export interface AdviceRequestInput {
  askedAt: Date;
  /** No identity kept at all: the requester did not give it, or asked to stay unknown. */
  anonymous: boolean;
  requester: { kind: RequesterKind; organisationKind?: string; name?: string; phone?: string; email?: string };
  subjects: string[];
  question: string;
  advice: string;
  durationMinutes: number;
}

export interface AdviceListFilter {
  limit: number;
  cursor?: string;
}

/**
 * Adviesvragen (docs/feedback-and-follow-up.md): consultations of a Veilig Thuis organisation
 * without a case, counted apart from reports, and the one step that turns one into a report.
 * Only the organisation's caseworkers (who may take reports) record and read them.
 */
@Injectable()
export class AdviceRequestsService {
  constructor(
    private readonly store: CaseStore,
    private readonly protection: DataProtection,
    private readonly intake: IntakeService,
    private readonly audits: AuditService,
    private readonly repository: AdviceRequestsRepository,
    private readonly cases: CaseQueryRepository,
  ) {}

  async create(actor: Actor, input: AdviceRequestInput) {
    this.assertAdviser(actor.reach);
    if (input.askedAt.getTime() > this.store.clock.now().getTime() + 2 * 60_000) {
      throw CasesException.invalid('askedAt', 'mag niet in de toekomst liggen / may not lie in the future');
    }
    const { kind, organisationKind, ...identity } = input.requester;
    if (input.anonymous && Object.values(identity).some((value) => value !== undefined)) {
      throw CasesException.invalid('requester', 'anoniem: geen naam, telefoon of e-mail / anonymous: no identity');
    }
    const sealed = input.anonymous ? null : this.protection.seal(JSON.stringify(identity), 'advice_requester');
    return this.store.transaction(async (manager) => {
      const saved = await this.repository.create(manager, {
        organisationId: actor.principal.organisationId,
        askedAt: input.askedAt,
        anonymous: input.anonymous,
        requesterKind: kind,
        requesterOrganisationKind: organisationKind ?? null,
        requesterCiphertext: sealed?.ciphertext ?? null,
        requesterKeyId: sealed?.keyId ?? null,
        subjects: [...new Set(input.subjects)],
        question: input.question,
        advice: input.advice,
        durationMinutes: input.durationMinutes,
        adviserUserId: actor.principal.userId,
      });
      await this.audit(manager, actor, 'create', saved);
      return this.view(saved);
    });
  }

  /** The organisation's advice requests, newest first, keyset-paged on seq. */
  async list(actor: Actor, filter: AdviceListFilter) {
    this.assertAdviser(actor.reach);
    let beforeSeq: string | undefined;
    if (filter.cursor) {
      const seq = decodeSeqCursor(filter.cursor);
      if (seq === null) throw CasesException.invalid('cursor', 'onbekende cursor / unknown cursor');
      beforeSeq = seq;
    }
    const rows = await this.repository.list(actor.reach, { beforeSeq, limit: filter.limit });
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map((row) => this.view(row)),
      nextCursor: rows.length > filter.limit ? encodeSeqCursor(page[page.length - 1].seq) : null,
    };
  }

  /**
   * The adviser decides it is a report: the intake and the link to it commit together. 404 for
   * another organisation's request, 409 when it was reported before.
   */
  async report(actor: Actor, id: string, input: ReportInput): Promise<IntakeResult> {
    this.assertAdviser(actor.reach);
    return this.intake.create(actor, input, async (manager, caseId) => {
      const found = await this.repository.lock(actor.reach, manager, id);
      if (!found) throw CasesException.notFound();
      if (found.caseId !== null) {
        throw CasesException.conflict('Deze adviesvraag is al een melding / already reported', [
          { field: 'id', message: 'al gemeld / already reported' },
        ]);
      }
      await this.repository.markReported(manager, id, caseId, this.store.clock.now());
      const created = await this.cases.caseById(manager, caseId);
      await this.store
        .scope(manager, actor, created)
        .event('advice_request_reported', 'reporter', { adviceRequestId: id });
      await this.audit(manager, actor, 'update', found);
    });
  }

  private assertAdviser(reach: CaseReach): void {
    if (!reach.ability.can('create', 'Case')) throw CasesException.forbidden();
  }

  private audit(manager: Transaction, actor: Actor, action: 'create' | 'update', row: AdviceRequest) {
    return this.audits.recordWithin(manager, {
      action,
      subjectType: 'AdviceRequest',
      subjectId: row.id,
      subjectOrganisationId: row.organisationId,
      caseId: null,
      personRefs: [],
      outcome: 'success',
      ...actorFields(actor),
    });
  }

  private view(row: AdviceRequest) {
    const identity =
      row.requesterCiphertext && row.requesterKeyId
        ? (JSON.parse(
            this.protection.open(
              { ciphertext: row.requesterCiphertext, keyId: row.requesterKeyId },
              'advice_requester',
            ),
          ) as Record<string, string>)
        : {};
    return {
      id: row.id,
      askedAt: row.askedAt,
      anonymous: row.anonymous,
      requester: { kind: row.requesterKind, organisationKind: row.requesterOrganisationKind, ...identity },
      subjects: row.subjects,
      question: row.question,
      advice: row.advice,
      durationMinutes: row.durationMinutes,
      adviserUserId: row.adviserUserId,
      caseId: row.caseId,
      reportedAt: row.reportedAt,
    };
  }
}
