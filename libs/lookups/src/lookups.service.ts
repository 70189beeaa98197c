import { Injectable } from '@nestjs/common';
import type { CaseReach } from '@vt/access';
import { Principal, redactBsns } from '@vt/common';
import {
  Contactpunt,
  CustodyType,
  GezagRequest,
  GezagResponse,
  gezagResponseProblems,
  KNOWN_BY_OUTCOMES,
  PROTOCOL_PATHS,
  pseudonymFor,
  ReasonCode,
} from '@vt/lookups-protocol';
import { CaseSubjectResolver, LookupSubject } from './case-subject';
import { inArrivalOrder } from './in-arrival-order';
import { LookupActor, LookupAudit, LookupTrail } from './lookup-audit';
import { LookupsException } from './lookups.exception';
import { SourceHolderClient, SourceReply } from './source-holder.client';
import { SourceHolderRegistry, SourceHolderTarget } from './source-holder-registry.service';
import { uuidV7 } from '@vt/lookups-protocol';
import { newTraceId } from './trace';

export type KnownByStatus = 'known' | 'not_known' | 'undetermined' | 'timeout' | 'unavailable' | 'refused';

export interface KnownByResult {
  sourceHolderId: string;
  organisationId: string;
  organisationName: string;
  status: KnownByStatus;
  contact?: { name: string; phone?: string; email?: string };
  latencyMs: number;
}

export interface KnownByRequest {
  caseId: string;
  personId: string;
  reasonCode: ReasonCode;
  requestId: string;
  clientAddress: string;
}

/** A source being asked, named before it answers. */
export interface KnownBySource {
  sourceHolderId: string;
  organisationId: string;
  organisationName: string;
  /** Whether a detail request can follow a hit there. */
  detailRequests: boolean;
}

/** A known-by lookup under way: the sources asked, and their results as they come in. */
export interface KnownByRun {
  sources: KnownBySource[];
  results: AsyncIterable<KnownByResult>;
}

export interface CustodyView {
  type: CustodyType;
  holders: { kind: CustodyHolderKind; name: string; bsnLast4?: string }[];
  underInvestigation: boolean;
  explanation?: string;
}

/** A parent (`ouders`, `ouder`) or a third party (`derde`, the guardians in `derden`). */
export type CustodyHolderKind = 'ouder' | 'derde';

/** One custody relation as the source gave it: holders by BSN, not yet named. */
export interface CustodyAnswer extends Omit<CustodyView, 'holders'> {
  holders: { kind: CustodyHolderKind; bsn?: string }[];
}

/** How the hub names a holder who is not a person of the case (the national module names nobody). */
const UNNAMED: Record<CustodyHolderKind, string> = {
  ouder: 'Ouder buiten deze casus',
  derde: 'Derde buiten deze casus',
};
const WITHOUT_BSN = 'Derde zonder BSN (bijvoorbeeld een instelling)';

/** The purpose code (doelbinding) sent with every question: case coordination on domestic violence. */
export const PURPOSE_CODE = 'casusregie.huiselijk_geweld';

const UITSLAG_STATUS: Record<(typeof KNOWN_BY_OUTCOMES)[number], KnownByStatus> = {
  BEKEND: 'known',
  NIET_BEKEND: 'not_known',
  NIET_TE_BEPALEN: 'undetermined',
};

const MAX_TEXT = 200;
const text = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/** A contact point as the source gave it, or null when it is not one (then the answer is garbage). */
function contactOf(value: unknown): KnownByResult['contact'] | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Partial<Record<keyof Contactpunt, unknown>>;
  if (!text(c.naam)) return null;
  if (c.telefoon !== undefined && !text(c.telefoon)) return null;
  if (c.email !== undefined && !text(c.email)) return null;
  return { name: c.naam, ...(c.telefoon ? { phone: c.telefoon } : {}), ...(c.email ? { email: c.email } : {}) };
}

/** Classifies a known-by answer; anything that is not a well-formed protocol answer is `unavailable`. */
export function knownByStatus(reply: SourceReply): Pick<KnownByResult, 'status' | 'contact'> {
  if (!reply.ok) return { status: reply.failure };
  if (reply.status !== 200 || !reply.body || typeof reply.body !== 'object') return { status: 'unavailable' };
  const body = reply.body as { uitslag?: unknown; contactpunt?: unknown };
  const status = UITSLAG_STATUS[body.uitslag as keyof typeof UITSLAG_STATUS];
  if (!status) return { status: 'unavailable' };
  if (status !== 'known') return { status };
  const contact = contactOf(body.contactpunt);
  return contact ? { status, contact } : { status: 'unavailable' };
}

/**
 * Reads a BRP API Gezag answer for one minor: its first gezag relation, holders by BSN; null when
 * the answer is not one for this minor. Members a later version may add are ignored.
 */
export function custodyOf(reply: SourceReply, bsn: string): CustodyAnswer | null {
  if (!reply.ok || reply.status !== 200) return null;
  if (gezagResponseProblems(reply.body, { closed: false }).length > 0) return null;
  const person = ((reply.body as Partial<GezagResponse>).personen ?? []).find((p) => p.burgerservicenummer === bsn);
  const first = person?.gezag?.[0];
  // A relation about another minor is not an answer about this one.
  if (!first || (first.minderjarige && first.minderjarige.burgerservicenummer !== bsn)) return null;
  const holders: CustodyAnswer['holders'] = [];
  const add = (kind: CustodyHolderKind, holder: { burgerservicenummer?: string } | undefined) => {
    if (holder) holders.push({ kind, ...(holder.burgerservicenummer ? { bsn: holder.burgerservicenummer } : {}) });
  };
  if ('ouders' in first) first.ouders?.forEach((ouder) => add('ouder', ouder));
  if ('ouder' in first) add('ouder', first.ouder);
  if ('derde' in first) add('derde', first.derde);
  if ('derden' in first) first.derden?.forEach((derde) => add('derde', derde));
  const explanation = 'toelichting' in first ? first.toelichting : undefined;
  return {
    type: first.type,
    holders,
    underInvestigation: first.inOnderzoek === true,
    // Free text from the source: a BSN in it is shown no more than the holders' own.
    ...(text(explanation) ? { explanation: redactBsns(explanation) } : {}),
  };
}

/**
 * What the hub shows: a holder who is a person of the case by that person's name, anyone else by
 * kind; a BSN only by its last four digits, as for the case's own persons.
 */
export function custodyView(answer: CustodyAnswer, namesInCase: Map<string, string>): CustodyView {
  return {
    ...answer,
    holders: answer.holders.map(({ kind, bsn }) => ({
      kind,
      name: bsn ? (namesInCase.get(bsn) ?? UNNAMED[kind]) : WITHOUT_BSN,
      ...(bsn ? { bsnLast4: bsn.slice(-4) } : {}),
    })),
  };
}

function actorOf(principal: Principal, requestId: string, clientAddress: string): LookupActor {
  return {
    userId: principal.userId,
    organisationId: principal.organisationId,
    roles: principal.roles,
    requestId,
    clientAddress,
  };
}

export function legalBasisOf(subject: LookupSubject): string {
  return `${subject.membership.legalBasis}: ${subject.membership.legalBasisRef}`;
}

/** Whether the person is a minor in this case: a child in it, or under 18 by date of birth. */
function isMinor(subject: LookupSubject, today: Date): boolean {
  if (subject.roles.includes('child')) return true;
  if (!subject.dateOfBirth) return false;
  const eighteenth = new Date(`${subject.dateOfBirth}T00:00:00Z`);
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  return eighteenth > today;
}

/**
 * Known-by and custody, asked live at the sources. Nothing of an answer is stored: the results go
 * back to the professional, and the audit log keeps only the outcome class and latency.
 */
@Injectable()
export class LookupsService {
  constructor(
    private readonly subjects: CaseSubjectResolver,
    private readonly registry: SourceHolderRegistry,
    private readonly client: SourceHolderClient,
    private readonly audit: LookupAudit,
  ) {}

  /**
   * The documented JSON answer: every result at once, in registry order whatever order the sources
   * answered in.
   */
  async knownBy(reach: CaseReach, request: KnownByRequest): Promise<{ results: KnownByResult[] }> {
    const run = await this.startKnownBy(reach, request);
    const results: KnownByResult[] = [];
    for await (const result of run.results) results.push(result);
    const order = run.sources.map((source) => source.sourceHolderId);
    results.sort((a, b) => order.indexOf(a.sourceHolderId) - order.indexOf(b.sourceHolderId));
    return { results };
  }

  /**
   * Checks who may ask about whom, commits the audit entries, then sends to every source at once.
   * It throws (404, 409, 503 ...) before anything has been sent, so a caller can still answer with
   * an error; once it returns, every request is under way and each result, already audited, comes
   * out as its source answers, times out or fails. The requests run to the end (and their
   * outcomes are audited) even when nobody reads the results any more.
   */
  async startKnownBy(reach: CaseReach, request: KnownByRequest): Promise<KnownByRun> {
    // The registry is read beside the subject's checks; nothing is sent before both have passed.
    const [subject, holders] = await Promise.all([
      this.subjects.resolve(reach, request.caseId, request.personId),
      this.registry.active('known_by'),
    ]);
    if (holders.length > 0) this.client.assertConfigured();
    const actor = actorOf(reach.principal, request.requestId, request.clientAddress);
    const traceId = newTraceId();
    const trails = holders.map((holder) => this.trail('KnownByLookup', actor, holder, subject, request.reasonCode));
    // Committed before anything leaves; when it fails nothing is sent and the request fails (503).
    await this.audit.beforeSend(trails);
    const tasks = holders.map(async (holder, index): Promise<KnownByResult> => {
      const started = performance.now();
      const reply = await this.client.send({
        target: holder,
        method: 'POST',
        path: PROTOCOL_PATHS.knownBy,
        requester: subject.requester,
        transactionId: trails[index].transactionId,
        traceId,
        body: {
          subject: { pseudoniem: pseudonymFor(subject.bsn, holder.pseudonymKey) },
          redenVerzoek: request.reasonCode,
          doelbinding: PURPOSE_CODE,
          zaakReferentie: subject.case.reference,
        },
      });
      const result: KnownByResult = {
        sourceHolderId: holder.id,
        organisationId: holder.organisationId,
        organisationName: holder.organisationName,
        ...knownByStatus(reply),
        latencyMs: Math.round(performance.now() - started),
      };
      await this.audit.outcome(trails[index], result.status, result.latencyMs);
      return result;
    });
    return {
      sources: holders.map((holder) => ({
        sourceHolderId: holder.id,
        organisationId: holder.organisationId,
        organisationName: holder.organisationName,
        detailRequests: holder.capabilities.includes('detail'),
      })),
      results: inArrivalOrder(tasks),
    };
  }

  async custody(
    reach: CaseReach,
    request: { caseId: string; personId: string; requestId: string; clientAddress: string },
  ): Promise<{ status: 'ok' | 'unavailable'; custody?: CustodyView }> {
    const subject = await this.subjects.resolve(reach, request.caseId, request.personId);
    if (!isMinor(subject, new Date())) {
      throw LookupsException.invalid('personId', 'geen minderjarige in deze casus / not a minor in this case');
    }
    // Asked live every time and never cached: custody can change from one day to the next.
    const [holder] = await this.registry.active('custody');
    if (!holder) return { status: 'unavailable' };
    const access = this.client.custodyAccess();
    const trail = this.trail(
      'CustodyLookup',
      actorOf(reach.principal, request.requestId, request.clientAddress),
      holder,
      subject,
      'gezagsvraag',
    );
    await this.audit.beforeSend([trail]);
    const started = performance.now();
    const body: GezagRequest = { burgerservicenummer: [subject.bsn] };
    const reply = await this.client.send({
      target: holder,
      method: 'POST',
      path: PROTOCOL_PATHS.custody,
      requester: subject.requester,
      transactionId: trail.transactionId,
      traceId: newTraceId(),
      ...access,
      body,
    });
    const answer = custodyOf(reply, subject.bsn);
    const outcomeClass = answer ? 'ok' : reply.ok ? 'unavailable' : reply.failure;
    await this.audit.outcome(trail, outcomeClass, Math.round(performance.now() - started));
    if (!answer) return { status: 'unavailable' };
    const bsns = answer.holders.flatMap((h) => (h.bsn ? [h.bsn] : []));
    return {
      status: 'ok',
      custody: custodyView(answer, await this.subjects.namesInCase(subject.reach, subject.case.id, bsns)),
    };
  }

  private trail(
    kind: LookupTrail['kind'],
    actor: LookupActor,
    holder: SourceHolderTarget,
    subject: LookupSubject,
    purpose: string,
  ): LookupTrail {
    return {
      kind,
      actor,
      sourceId: holder.sourceId,
      transactionId: uuidV7(),
      caseId: subject.case.id,
      caseOrganisationId: subject.case.organisationId,
      personIds: [subject.personId],
      purpose,
      legalBasis: legalBasisOf(subject),
    };
  }
}
