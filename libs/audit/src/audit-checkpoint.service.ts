import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock, CLOCK, HUB_CONFIG, HubConfig } from '@vt/common';
import { type AuditCheckpoint, signCheckpoint } from '@vt/lookups-protocol';
import { AuditChainRepository, StoredCheckpoint } from './audit-chain.repository';
import { AUDIT_WITNESS, type CheckpointWitness, type WitnessStatus } from './audit-witness';

/**
 * Signs the head of a chain with the checkpoint key (held in configuration, never in the
 * database) and hands it to the witness. Taken at a fixed interval by the worker and on demand by
 * a privacy officer; a chain that has not grown since its last checkpoint gets no new one.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly logger = new Logger(AuditCheckpointService.name);

  constructor(
    private readonly chains: AuditChainRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(AUDIT_WITNESS) private readonly witness: CheckpointWitness | null,
  ) {}

  /** The chain's newest checkpoint after this call (`taken`: a new one, as the chain had grown). */
  async take(chainId: string): Promise<{ checkpoint: StoredCheckpoint | null; taken: boolean }> {
    const [head, last] = await Promise.all([this.chains.head(chainId), this.chains.latestCheckpoint(chainId)]);
    const kept = { checkpoint: last, taken: false };
    if (!head || head.seq === '0' || (last && BigInt(last.seq) >= BigInt(head.seq))) return kept;
    // A head row that disagrees with the entry it names is not signed: verification reports it.
    if ((await this.chains.hashAt(chainId, head.seq)) !== head.hash) {
      this.logger.error({ msg: 'audit checkpoint refused: head does not match its entry', chainId, seq: head.seq });
      return kept;
    }
    const signed = signCheckpoint(this.config.audit.checkpointKey, {
      chainId,
      seq: head.seq,
      hash: head.hash,
      signedAt: this.clock.now().toISOString(),
    });
    const checkpoint: StoredCheckpoint = { ...signed, witnessStatus: await this.handToWitness(signed) };
    if (!(await this.chains.addCheckpoint(checkpoint))) {
      return { checkpoint: await this.chains.latestCheckpoint(chainId), taken: false };
    }
    if (checkpoint.witnessStatus === 'conflict') {
      this.logger.error({ msg: 'audit witness holds a contradicting checkpoint', chainId, seq: checkpoint.seq });
    }
    return { checkpoint, taken: true };
  }

  /** One pass over every chain, as the worker's interval runs it. */
  async takeAll(): Promise<number> {
    let taken = 0;
    for (const chainId of await this.chains.chainIds()) {
      if ((await this.take(chainId)).taken) taken += 1;
    }
    return taken;
  }

  private async handToWitness(checkpoint: AuditCheckpoint): Promise<WitnessStatus> {
    if (!this.witness) return 'not_configured';
    try {
      return await this.witness.submit(checkpoint);
    } catch (error) {
      // The checkpoint is kept all the same; the next one is offered again and verification says
      // whether the witness holds the newest.
      this.logger.warn({ msg: 'audit witness unavailable', chainId: checkpoint.chainId, error: String(error) });
      return 'unavailable';
    }
  }
}
