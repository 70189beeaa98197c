import { Injectable } from '@nestjs/common';
import { AuditOutcome, AuditService } from '@vt/audit';

export type LookupKind = 'KnownByLookup' | 'CustodyLookup' | 'DetailRequest';

/** The acting professional, and where the request came from. */
export interface LookupActor {
  userId: string;
  organisationId: string;
  roles: string[];
  requestId: string | null;
  clientAddress: string | null;
}

/** One outgoing request to one source holder, as the audit log records it. */
export interface LookupTrail {
  kind: LookupKind;
  actor: LookupActor;
  sourceId: string;
  transactionId: string;
  caseId: string;
  /** The organisation that received the case: its privacy officer answers for who asked about it. */
  caseOrganisationId: string;
  /** The hub's person id: pseudonymous, never the BSN (nor the pseudonym sent to the source). */
  personIds: string[];
  purpose: string;
  legalBasis: string;
}

/**
 * Two append-only entries per outgoing request. The first is committed before the request leaves
 * (the caller sends nothing when it fails); the second records the outcome class and latency. The
 * subject id `<source>:<transaction id>` ties both to the source's own request log.
 */
@Injectable()
export class LookupAudit {
  constructor(private readonly audit: AuditService) {}

  /** Concurrent entries for one organisation are group-committed in one transaction. */
  beforeSend(trails: LookupTrail[]): Promise<void> {
    return Promise.all(trails.map((trail) => this.audit.record(this.entry(trail, 'success', trail.purpose)))).then(
      () => undefined,
    );
  }

  outcome(trail: LookupTrail, outcomeClass: string, latencyMs: number): Promise<void> {
    return this.audit.record(
      this.entry(trail, outcomeOf(outcomeClass), `uitkomst=${outcomeClass};latency_ms=${latencyMs}`),
    );
  }

  private entry(trail: LookupTrail, outcome: AuditOutcome, purpose: string) {
    return {
      action: 'lookup' as const,
      subjectType: trail.kind,
      subjectId: `${trail.sourceId}:${trail.transactionId}`,
      subjectOrganisationId: trail.caseOrganisationId,
      caseId: trail.caseId,
      personRefs: trail.personIds,
      purpose,
      legalBasis: trail.legalBasis,
      outcome,
      actorUserId: trail.actor.userId,
      actorOrganisationId: trail.actor.organisationId,
      actorRoles: trail.actor.roles,
      requestId: trail.actor.requestId,
      clientAddress: trail.actor.clientAddress,
    };
  }
}

function outcomeOf(outcomeClass: string): AuditOutcome {
  if (outcomeClass === 'refused') return 'denied';
  if (['timeout', 'unavailable', 'failed'].includes(outcomeClass)) return 'failure';
  return 'success';
}
