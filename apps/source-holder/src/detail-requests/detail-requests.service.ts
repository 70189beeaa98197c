import { Inject, Injectable } from '@nestjs/common';
import { CommonException } from '@vt/common';
import { DetailCategory, DetailRequestAccepted, DetailRequestAnswer, DetailRequestStatus } from '@vt/lookups-protocol';
import { randomUUID } from 'node:crypto';
import type { HubPrincipal } from '../auth/hub-token.verifier';
import { KnownPersonRepository } from '../records/known-person.repository';
import { SubjectKeys } from '../records/subject-keys';
import { RequestLogDraft, RequestLogService } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SourceHolderException } from '../source-holder.exception';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';
import { DetailRequest } from './detail-request.entity';
import { DetailRequestDto, ReviewDecisionDto } from './detail-requests.dto';
import { DetailRequestsRepository, ReviewRow } from './detail-requests.repository';
import { decideDisclosure } from './disclosure-policy';

export const NOT_KNOWN_REASON =
  'Deze bronhouder kent de betrokkene niet / this source holder does not know the person concerned';
const GONE_REASON =
  'De gegevens zijn bij de bron niet meer beschikbaar / the data is no longer available at the source';
const EXPIRED_REASON =
  'De termijn om dit antwoord op te halen is verstreken; dien zo nodig een nieuw verzoek in / ' +
  'the time to collect this answer has passed; file a new request if needed';
const CHANGED_REASON =
  'De gegevens zijn na het besluit gewijzigd; dien zo nodig een nieuw verzoek in / ' +
  'the data changed after the decision; file a new request if needed';

export interface ReviewItem {
  interactieId: string;
  ontvangenOp: string;
  status: DetailRequestStatus;
  verzoeker: { organisatie: string; soort: string; rol: string };
  redenVerzoek: string;
  doelbinding: string;
  grondslag: string;
  vragen: string[] | null;
  zaakReferentie: string;
  /** The source's own file of the person, for the reviewer to look up. */
  dossierReferentie: string | null;
  /** False when the source is unsure the record is this person: check before granting. */
  identiteitBevestigd: boolean | null;
  besluit?: { categorieen: string[]; reden?: string; door: string; op: string };
}

/**
 * Detail requests: decided at once by the policy table, or left for a person at the source.
 * The request keeps no BSN and no data; granted categories are read from the record when asked,
 * but only within the answer's lifetime and only as the record was when the grant was decided.
 */
/** What the request log records of a stored request: its codes and pseudonym, never its content. */
function logFieldsOf(request: DetailRequest): Partial<RequestLogDraft> {
  return {
    purpose: request.purpose,
    legalBasis: request.legalBasis,
    reason: request.reason,
    caseReference: request.caseReference,
    requesterRole: request.requesterRole,
    requestingOrganisationKind: request.requestingOrganisationKind,
    subjectRef: request.subjectPseudonym,
  };
}

@Injectable()
export class DetailRequestsService {
  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig,
    private readonly requests: DetailRequestsRepository,
    private readonly persons: KnownPersonRepository,
    private readonly keys: SubjectKeys,
    private readonly log: RequestLogService,
  ) {}

  async receive(body: DetailRequestDto, hub: HubPrincipal, draft: RequestLogDraft): Promise<DetailRequestAccepted> {
    const bsn = body.subject.burgerservicenummer;
    const pseudonym = this.keys.pseudonym(bsn);
    Object.assign(draft, {
      purpose: body.doelbinding,
      legalBasis: body.grondslag,
      reason: body.redenVerzoek,
      caseReference: body.zaakReferentie,
      requesterRole: body.verzoeker.rol,
      subjectRef: pseudonym,
    });
    const [person, rules] = await Promise.all([
      this.persons.bySubjectKey(this.keys.subject(bsn)),
      this.requests.policy(),
    ]);
    const outcome = decideDisclosure(rules, {
      organisationKind: hub.organisationKind,
      requesterRole: body.verzoeker.rol,
      reason: body.redenVerzoek,
      legalBasis: body.grondslag,
      questions: body.vragen,
    });
    const now = new Date();
    const request: DetailRequest = {
      id: randomUUID(),
      receivedAt: draft.receivedAt,
      transactionId: draft.transactionId!,
      requestingOrganisation: hub.organisation,
      requestingOrganisationKind: hub.organisationKind,
      requesterRole: body.verzoeker.rol,
      reason: body.redenVerzoek,
      purpose: body.doelbinding,
      legalBasis: body.grondslag,
      caseReference: body.zaakReferentie,
      questions: body.vragen ?? null,
      subjectPseudonym: pseudonym,
      personId: person?.id ?? null,
      status: 'IN_BEHANDELING',
      grantedCategories: [],
      refusalCode: null,
      refusalReason: null,
      decidedAt: null,
      decidedBy: null,
    };
    // A policy refusal comes first, so it does not tell whether the person is known.
    if (outcome.decision === 'WEIGEREN') {
      Object.assign(request, { status: 'GEWEIGERD', refusalCode: outcome.code, refusalReason: outcome.reason });
    } else if (!person) {
      Object.assign(request, { status: 'GEWEIGERD', refusalCode: 'niet_bekend', refusalReason: NOT_KNOWN_REASON });
    } else if (!person.identityConfirmed) {
      // The record may be someone else's: never released by policy, a person at the source decides.
      request.status = 'IN_BEHANDELING';
    } else if (outcome.decision === 'TOEKENNEN') {
      Object.assign(request, { status: 'TOEGEKEND', grantedCategories: outcome.categories });
    }
    if (request.status !== 'IN_BEHANDELING') {
      request.decidedAt = now;
      request.decidedBy = `beleid:${outcome.ruleId ?? 'geen-regel'}`;
    }
    draft.interactionId = request.id;
    draft.answerClass = request.status;
    // The request and its log entry commit together: no decision without its trace.
    await this.log.inTransaction(draft, async (manager) => {
      await this.requests.add(manager, request);
      await this.log.write(draft, 202, manager);
    });
    return { interactieId: request.id };
  }

  async answer(id: string, hub: HubPrincipal, draft: RequestLogDraft): Promise<DetailRequestAnswer> {
    draft.interactionId = id;
    // Only the organisation that asked may read the answer; anyone else learns nothing, not even existence.
    const request = await this.requests.ofOrganisation(id, hub.organisation);
    if (!request) throw SourceHolderException.notFound();
    Object.assign(draft, logFieldsOf(request));
    let answer: DetailRequestAnswer = { status: request.status };
    if (request.status === 'GEWEIGERD') {
      answer = { status: 'GEWEIGERD', reden: request.refusalReason!, redenCode: request.refusalCode ?? 'beoordeling' };
    } else if (request.status === 'TOEGEKEND') {
      answer = await this.granted(request);
    }
    draft.answerClass = answer.status;
    if (answer.status === 'FOUT') draft.denialReason = answer.redenCode;
    return answer;
  }

  /**
   * The data of a grant, for as long as the hub may collect it (it keeps an answer 24 hours at
   * most) and as the record was at the decision: a grant is one disclosure, not a standing feed.
   */
  private async granted(request: DetailRequest): Promise<DetailRequestAnswer> {
    const expiresAt = request.decidedAt!.getTime() + this.config.detailAnswerTtlHours * 3_600_000;
    if (Date.now() >= expiresAt) return { status: 'FOUT', reden: EXPIRED_REASON, redenCode: 'verlopen' };
    const person = request.personId ? await this.persons.byId(request.personId) : null;
    if (!person) return { status: 'FOUT', reden: GONE_REASON, redenCode: 'niet_meer_beschikbaar' };
    if (person.detailsChangedAt > request.decidedAt!) {
      return { status: 'FOUT', reden: CHANGED_REASON, redenCode: 'gewijzigd' };
    }
    return { status: 'TOEGEKEND', gegevens: pick(person.details, request.grantedCategories as DetailCategory[]) };
  }

  async list(status: DetailRequestStatus | undefined, limit: number): Promise<{ items: ReviewItem[] }> {
    const rows = await this.requests.review(status, limit);
    return { items: rows.map(toReviewItem) };
  }

  async decide(id: string, decision: ReviewDecisionDto, draft: RequestLogDraft): Promise<ReviewItem> {
    draft.interactionId = id;
    return this.log.inTransaction(draft, async (manager) => {
      const request = await this.requests.lockForDecision(manager, id);
      if (!request) throw SourceHolderException.notFound();
      Object.assign(draft, logFieldsOf(request));
      if (request.status !== 'IN_BEHANDELING') throw SourceHolderException.notPending(request.status);
      const outside = (decision.categorieen ?? []).filter(
        (category) => request.questions && !request.questions.includes(category),
      );
      if (decision.besluit === 'TOEKENNEN' && outside.length > 0) {
        throw new CommonException('common.validation', 'Ongeldige invoer / invalid input', [
          {
            field: 'categorieen',
            message: `niet gevraagd: ${outside.join(', ')} / not asked for: ${outside.join(', ')}`,
          },
        ]);
      }
      const decided =
        decision.besluit === 'TOEKENNEN'
          ? { status: 'TOEGEKEND' as const, grantedCategories: decision.categorieen! }
          : { status: 'GEWEIGERD' as const, refusalCode: 'beoordeling', refusalReason: decision.reden! };
      Object.assign(request, decided, { decidedAt: new Date(), decidedBy: `beheer:${decision.beoordelaar}` });
      await this.requests.save(manager, request);
      const row = await this.requests.reviewed(manager, id);
      draft.answerClass = request.status;
      await this.log.write(draft, 200, manager);
      return toReviewItem(row);
    });
  }
}

function pick(
  details: Record<string, unknown>,
  categories: DetailCategory[],
): Partial<Record<DetailCategory, unknown>> {
  return Object.fromEntries(
    categories.filter((category) => category in details).map((category) => [category, details[category]]),
  );
}

function toReviewItem(row: ReviewRow): ReviewItem {
  const decidedAt = row.decided_at;
  return {
    interactieId: row.id,
    ontvangenOp: row.received_at.toISOString(),
    status: row.status,
    verzoeker: {
      organisatie: row.requesting_organisation,
      soort: row.requesting_organisation_kind,
      rol: row.requester_role,
    },
    redenVerzoek: row.reason,
    doelbinding: row.purpose,
    grondslag: row.legal_basis,
    vragen: row.questions,
    zaakReferentie: row.case_reference,
    dossierReferentie: row.file_reference ?? null,
    identiteitBevestigd: row.identity_confirmed ?? null,
    ...(decidedAt
      ? {
          besluit: {
            categorieen: row.granted_categories,
            ...(row.refusal_reason ? { reden: row.refusal_reason } : {}),
            door: row.decided_by!,
            op: decidedAt.toISOString(),
          },
        }
      : {}),
  };
}
