import { Inject, Injectable, Logger } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { AuditService } from '@vt/audit';
import { CaseStore, DataProtection, LookupSubjectsService } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import {
  DETAIL_REQUEST_STATUSES,
  DetailCategory,
  LegalBasis,
  PROTOCOL_PATHS,
  ReasonCode,
  REQUESTER_ROLES,
} from '@vt/lookups-protocol';
import { CaseSubjectResolver } from './case-subject';
import { DetailRequestsRepository, DetailRow } from './detail-requests.repository';
import { LookupAudit, LookupTrail } from './lookup-audit';
import { LookupsException } from './lookups.exception';
import { LookupsQueue } from './lookups-queue.service';
import { PURPOSE_CODE, legalBasisOf } from './lookups.service';
import { SourceHolderClient, SourceReply } from './source-holder.client';
import { SourceHolderRegistry } from './source-holder-registry.service';
import { uuidV7 } from '@vt/lookups-protocol';
import { newTraceId } from './trace';

export type DetailStatus = 'pending' | 'granted' | 'refused' | 'failed';

/** Associated data of a sealed answer, bound to its request so one cannot pass for another. */
const answerPurpose = (id: string) => `detail-answer:${id}`;

interface SealedAnswer {
  data?: Record<string, unknown>;
  refusalReason?: string;
  refusalCode?: string;
}

export interface DetailRequestInput {
  caseId: string;
  personId: string;
  organisationId: string;
  reasonCode: ReasonCode;
  legalBasis: LegalBasis;
  questions?: DetailCategory[];
  requestId: string;
  clientAddress: string;
}

/**
 * Detail requests (verrijkingsverzoeken): recorded here, sent and polled by the worker. The source's
 * answer is held only sealed, until the requesting organisation has read it once or for
 * DETAIL_ANSWER_TTL_HOURS at most; then it is deleted. The request row keeps ids and codes only.
 */
@Injectable()
export class DetailRequestsService {
  private readonly logger = new Logger(DetailRequestsService.name);

  constructor(
    private readonly store: CaseStore,
    private readonly requests: DetailRequestsRepository,
    private readonly cases: LookupSubjectsService,
    private readonly subjects: CaseSubjectResolver,
    private readonly registry: SourceHolderRegistry,
    private readonly client: SourceHolderClient,
    private readonly lookupAudit: LookupAudit,
    private readonly audit: AuditService,
    private readonly protection: DataProtection,
    private readonly queue: LookupsQueue,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async request(reach: CaseReach, input: DetailRequestInput): Promise<{ id: string; status: DetailStatus }> {
    const { principal } = reach;
    const subject = await this.subjects.resolve(reach, input.caseId, input.personId);
    const role = REQUESTER_ROLES.find((r) => principal.roles.includes(r));
    if (!role) throw LookupsException.notFound();
    const holder = await this.registry.detailHolderOf(input.organisationId);
    if (!holder) {
      throw LookupsException.invalid(
        'organisationId',
        'deze organisatie neemt geen verrijkingsverzoeken aan / this organisation takes no detail requests',
      );
    }
    const id = await this.requests.transaction(async (manager) => {
      const created = await this.requests.insert(manager, {
        caseId: subject.case.id,
        personId: subject.personId,
        sourceHolderId: holder,
        requestingOrganisationId: principal.organisationId,
        requestedBy: principal.userId,
        requesterRole: role,
        reasonCode: input.reasonCode,
        legalBasis: input.legalBasis,
        questions: [...new Set(input.questions ?? [])],
        requestId: input.requestId,
        transactionId: uuidV7(),
      });
      await this.audit.recordWithin(manager, {
        action: 'create',
        subjectType: 'DetailRequest',
        subjectId: created,
        subjectOrganisationId: subject.case.organisationId,
        caseId: subject.case.id,
        personRefs: [subject.personId],
        purpose: input.reasonCode,
        legalBasis: `${input.legalBasis}; ${legalBasisOf(subject)}`,
        outcome: 'success',
        actorUserId: principal.userId,
        actorOrganisationId: principal.organisationId,
        actorRoles: principal.roles,
        requestId: input.requestId,
        clientAddress: input.clientAddress,
      });
      return created;
    });
    // Without Redis the request stays pending; the worker's sweep queues it once Redis is back.
    await this.queue.step({ detailRequestId: id }, 0, 0).catch(() => undefined);
    return { id, status: 'pending' };
  }

  /**
   * The answer for the requesting organisation only (404 for anyone else). Reading it deletes the
   * sealed answer in the same transaction as the audit entry: it is shown once, then gone.
   */
  async read(reach: CaseReach, caseId: string, id: string, context: { requestId: string; clientAddress: string }) {
    const manager = this.store.reading;
    const { principal } = reach;
    await this.store.read(manager, reach, caseId);
    const found = await this.cases.lookupCase(reach, caseId);
    if (!found) throw LookupsException.notFound();
    return this.requests.transaction(async (tx) => {
      const row = await this.requests.lockOfRequester(tx, id, caseId, principal.organisationId);
      if (!row) throw LookupsException.notFound();
      let answer: SealedAnswer | undefined;
      if (row.answer_ciphertext && row.answer_key_id) {
        answer = JSON.parse(
          this.protection.open({ ciphertext: row.answer_ciphertext, keyId: row.answer_key_id }, answerPurpose(id)),
        ) as SealedAnswer;
        await this.requests.deleteReadAnswer(tx, id);
      }
      await this.audit.recordWithin(tx, {
        action: 'read',
        subjectType: 'DetailRequest',
        subjectId: id,
        subjectOrganisationId: found.organisationId,
        caseId,
        personRefs: [row.person_id],
        outcome: 'success',
        actorUserId: principal.userId,
        actorOrganisationId: principal.organisationId,
        actorRoles: principal.roles,
        requestId: context.requestId,
        clientAddress: context.clientAddress,
      });
      const decided = row.status === 'granted' || row.status === 'refused';
      return {
        id,
        status: row.status,
        organisationId: await this.registry.organisationOf(tx, row.source_holder_id),
        reasonCode: row.reason_code,
        legalBasis: row.legal_basis,
        questions: row.questions,
        createdAt: row.created_at,
        decidedAt: row.decided_at,
        ...(answer?.data ? { data: answer.data } : {}),
        ...(answer?.refusalReason ? { refusalReason: answer.refusalReason } : {}),
        ...(row.status === 'failed' ? { failure: row.failure_code } : {}),
        // Shown once: a later read, or one after the answer expired, says so instead.
        ...(decided && !answer ? { answerDeleted: true } : {}),
      };
    });
  }

  /** One step of the worker: send the request, or poll for the decision; idempotent. */
  async step(id: string): Promise<void> {
    const row = await this.requests.byId(id);
    if (!row || row.status !== 'pending') return;
    const reach = CaseReach.system('detail request step');
    const found = await this.cases.lookupCase(reach, row.case_id);
    if (!found) return;
    const ttlMs = this.config.lookups.detailAnswerTtlHours * 3_600_000;
    if (Date.now() - row.created_at.getTime() > ttlMs) {
      await this.fail(row, 'no_decision');
      return;
    }
    // A hub without a signing key can ask no source; the request says so instead of waiting a day.
    if (!this.client.configured) {
      await this.fail(row, 'not_configured');
      return;
    }
    const target = await this.registry.targetById(row.source_holder_id);
    const requester = await this.subjects.requester(row.requesting_organisation_id);
    const trail: LookupTrail = {
      kind: 'DetailRequest',
      actor: {
        userId: row.requested_by,
        organisationId: row.requesting_organisation_id,
        roles: [row.requester_role],
        requestId: row.request_id,
        clientAddress: null,
      },
      sourceId: target.sourceId,
      transactionId: row.transaction_id,
      caseId: row.case_id,
      caseOrganisationId: found.organisationId,
      personIds: [row.person_id],
      purpose: row.reason_code,
      legalBasis: row.legal_basis,
    };
    const started = performance.now();
    if (!row.interaction_id) {
      const bsn = await this.bsnOf(reach, row);
      await this.lookupAudit.beforeSend([trail]);
      const reply = await this.client.send({
        target,
        method: 'POST',
        path: PROTOCOL_PATHS.detailRequests,
        requester,
        transactionId: row.transaction_id,
        traceId: newTraceId(),
        body: {
          subject: { burgerservicenummer: bsn },
          redenVerzoek: row.reason_code,
          doelbinding: PURPOSE_CODE,
          grondslag: row.legal_basis,
          ...(row.questions.length > 0 ? { vragen: row.questions } : {}),
          zaakReferentie: found.reference,
          verzoeker: { rol: row.requester_role },
        },
      });
      const interactionId = acceptedId(reply);
      const latency = Math.round(performance.now() - started);
      if (interactionId) {
        await this.lookupAudit.outcome(trail, 'accepted', latency);
        await this.requests.setInteraction(id, interactionId);
        return this.next(row, 'accepted');
      }
      const outcome = reply.ok ? 'rejected' : reply.failure;
      await this.lookupAudit.outcome(trail, outcome, latency);
      // A refusal or a request the source cannot take will not change by asking again.
      if (outcome === 'rejected' || outcome === 'refused') return this.fail(row, outcome);
      return this.next(row, outcome);
    }
    const reply = await this.client.send({
      target,
      method: 'GET',
      path: `${PROTOCOL_PATHS.detailRequests}/${encodeURIComponent(row.interaction_id)}`,
      requester,
      transactionId: uuidV7(),
      traceId: newTraceId(),
    });
    const decision = decisionOf(reply);
    if (decision === null || decision.status === 'IN_BEHANDELING') return this.next(row, 'polled');
    const latency = Math.round(performance.now() - started);
    if (decision.status === 'FOUT') {
      await this.lookupAudit.outcome(trail, 'failed', latency);
      return this.fail(row, 'source_error');
    }
    const answer: SealedAnswer =
      decision.status === 'TOEGEKEND'
        ? { data: decision.gegevens ?? {} }
        : { refusalReason: decision.reden, refusalCode: decision.redenCode };
    const sealed = this.protection.seal(JSON.stringify(answer), answerPurpose(id));
    await this.lookupAudit.outcome(trail, decision.status === 'TOEGEKEND' ? 'granted' : 'refused', latency);
    await this.requests.decide(
      id,
      decision.status === 'TOEGEKEND' ? 'granted' : 'refused',
      sealed,
      this.config.lookups.detailAnswerTtlHours,
    );
  }

  /**
   * The periodic sweep: deletes answers past their time (read ones are deleted at reading), and
   * queues again requests whose next step was lost (Redis down when it was due).
   */
  async sweep(): Promise<{ purged: number; requeued: number }> {
    const purged = await this.requests.purgeExpiredAnswers();
    const lost = await this.requests.lost();
    for (const row of lost) await this.queue.step({ detailRequestId: row.id }, row.polls, 0);
    return { purged, requeued: lost.length };
  }

  /** The next step after a backoff that doubles up to DETAIL_POLL_MAX_MS. */
  private async next(row: DetailRow, why: string): Promise<void> {
    const { detailPollMs, detailPollMaxMs } = this.config.lookups;
    const delay = Math.min(detailPollMs * 2 ** Math.min(row.polls, 20), detailPollMaxMs);
    const step = row.polls + 1;
    await this.requests.scheduleNext(row.id, step, delay / 1000);
    this.logger.debug({ msg: 'detail request waits', detailRequestId: row.id, why, step, delay });
    await this.queue.step({ detailRequestId: row.id }, step, delay);
  }

  private async fail(row: DetailRow, code: string): Promise<void> {
    await this.requests.fail(row.id, code);
  }

  /** The person's BSN, opened for the one request that sends it. */
  private async bsnOf(reach: CaseReach, row: DetailRow): Promise<string> {
    const person = await this.cases.person(reach, row.case_id, row.person_id);
    if (!person?.openBsn) throw LookupsException.noBsn();
    return person.openBsn();
  }
}

function acceptedId(reply: SourceReply): string | null {
  if (!reply.ok || reply.status !== 202 || !reply.body || typeof reply.body !== 'object') return null;
  const id = (reply.body as { interactieId?: unknown }).interactieId;
  return typeof id === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(id) ? id : null;
}

interface Decision {
  status: (typeof DETAIL_REQUEST_STATUSES)[number];
  gegevens?: Record<string, unknown>;
  reden?: string;
  redenCode?: string;
}

/** A well-formed decision, or null (garbage, failure): then the worker asks again later. */
function decisionOf(reply: SourceReply): Decision | null {
  if (!reply.ok || reply.status !== 200 || !reply.body || typeof reply.body !== 'object') return null;
  const body = reply.body as Record<string, unknown>;
  if (!DETAIL_REQUEST_STATUSES.includes(body.status as Decision['status'])) return null;
  const gegevens =
    body.gegevens && typeof body.gegevens === 'object' ? (body.gegevens as Record<string, unknown>) : undefined;
  return {
    status: body.status as Decision['status'],
    ...(gegevens ? { gegevens } : {}),
    ...(typeof body.reden === 'string' ? { reden: body.reden.slice(0, 2000) } : {}),
    ...(typeof body.redenCode === 'string' ? { redenCode: body.redenCode.slice(0, 100) } : {}),
  };
}
