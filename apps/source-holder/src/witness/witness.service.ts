import { Inject, Injectable } from '@nestjs/common';
import { CommonException, FieldError, METRICS_REGISTRY } from '@vt/common';
import {
  AuditCheckpoint,
  checkpointSignatureValid,
  fromWitness,
  toWitness,
  WitnessCheckpoint,
} from '@vt/lookups-protocol';
import { Counter, Registry } from 'prom-client';
import type { HubPrincipal } from '../auth/hub-token.verifier';
import { RequestLogDraft, RequestLogService } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SourceHolderException } from '../source-holder.exception';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';
import { WitnessCheckpointDto } from './witness.dto';
import { WitnessedCheckpoint } from './witnessed-checkpoint.entity';
import { WitnessedCheckpointRepository } from './witnessed-checkpoint.repository';

export interface CheckpointReceipt {
  ontvangenOp: string;
}

/** Stored anew (201), or already held (200, with the receipt of its first arrival). */
export interface CheckpointOutcome {
  stored: boolean;
  receipt: CheckpointReceipt;
}

type Result = 'stored' | 'held' | 'conflict' | 'invalid_signature';

const invalid = (field: string, message: string) =>
  new CommonException('common.validation', 'Ongeldige invoer / invalid input', [{ field, message }]);

const toCheckpoint = (row: WitnessedCheckpoint): WitnessCheckpoint =>
  toWitness({
    chainId: row.chainId,
    seq: row.seq,
    hash: row.hash,
    signedAt: row.signedAt.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  });

/**
 * The witness: keeps the hub's signed checkpoints of its audit chains, outside the hub's reach.
 * A chain only moves forward: a seq held with another hash, or one below the highest held (the
 * chain rolled back), is a conflict and is not stored. The log row records chain and seq, never
 * the body.
 */
@Injectable()
export class WitnessService {
  private readonly checkpoints: Counter<'result'>;

  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly repository: WitnessedCheckpointRepository,
    private readonly log: RequestLogService,
  ) {
    this.checkpoints = new Counter({
      name: 'vt_witness_checkpoints_total',
      help: 'Audit checkpoints received from the hub, by result: stored, held (a repeat), conflict, invalid_signature',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  async receive(body: WitnessCheckpointDto, hub: HubPrincipal, draft: RequestLogDraft): Promise<CheckpointOutcome> {
    const checkpoint = fromWitness(body);
    draft.subjectRef = `${checkpoint.chainId}:${checkpoint.seq}`;
    this.verify(checkpoint, draft);
    const outcome = await this.log.inTransaction(draft, async (manager) => {
      await this.repository.lockChain(manager, hub.issuer, checkpoint.chainId);
      const held = await this.repository.at(hub.issuer, checkpoint.chainId, checkpoint.seq, manager);
      if (held && held.hash !== checkpoint.hash) {
        throw this.conflict(draft, 'andere_hash', {
          field: 'hash',
          message: 'dit volgnummer is vastgelegd met een andere hash / this seq is held with another hash',
        });
      }
      if (held) {
        draft.answerClass = 'AANWEZIG';
        await this.log.write(draft, 200, manager);
        return { stored: false, receipt: { ontvangenOp: held.receivedAt.toISOString() } };
      }
      const latest = await this.repository.latest(hub.issuer, checkpoint.chainId, manager);
      if (latest && BigInt(checkpoint.seq) < BigInt(latest.seq)) {
        throw this.conflict(draft, 'terugval', {
          field: 'volgnummer',
          message: `lager dan het hoogste vastgelegde volgnummer (${latest.seq}) / below the highest seq held (${latest.seq})`,
        });
      }
      const receivedAt = await this.repository.append(manager, hub.issuer, checkpoint);
      draft.answerClass = 'VASTGELEGD';
      await this.log.write(draft, 201, manager);
      return { stored: true, receipt: { ontvangenOp: receivedAt.toISOString() } };
    });
    this.count(outcome.stored ? 'stored' : 'held');
    return outcome;
  }

  async latest(
    hub: HubPrincipal,
    chainId: string,
    draft: RequestLogDraft,
  ): Promise<{ laatste: WitnessCheckpoint | null }> {
    draft.subjectRef = chainId;
    const row = await this.repository.latest(hub.issuer, chainId);
    draft.answerClass = row ? 'AANWEZIG' : 'NIET_AANWEZIG';
    return { laatste: row ? toCheckpoint(row) : null };
  }

  async at(hub: HubPrincipal, chainId: string, seq: string, draft: RequestLogDraft): Promise<WitnessCheckpoint> {
    draft.subjectRef = `${chainId}:${seq}`;
    const row = await this.repository.at(hub.issuer, chainId, seq);
    if (!row) throw SourceHolderException.notFound();
    draft.answerClass = 'AANWEZIG';
    return toCheckpoint(row);
  }

  /** Only what one of the hub's checkpoint keys signed is witnessed; anything else is a bad request. */
  private verify(checkpoint: AuditCheckpoint, draft: RequestLogDraft): void {
    const keys = this.config.auditCheckpointKeys;
    if (!keys.some((key) => key.kid === checkpoint.keyId)) {
      this.count('invalid_signature');
      draft.denialReason = 'onbekende_sleutel';
      throw invalid('sleutelId', 'geen checkpointsleutel van de hub / not a checkpoint key of the hub');
    }
    if (!checkpointSignatureValid(checkpoint, keys)) {
      this.count('invalid_signature');
      draft.denialReason = 'handtekening';
      throw invalid('handtekening', 'klopt niet bij deze velden en sleutel / does not match these fields and key');
    }
  }

  private conflict(draft: RequestLogDraft, reason: string, detail: FieldError): SourceHolderException {
    this.count('conflict');
    draft.denialReason = reason;
    return SourceHolderException.checkpointConflict(detail);
  }

  private count(result: Result): void {
    this.checkpoints.inc({ result });
  }
}
