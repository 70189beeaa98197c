import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { type AuditCheckpoint, checkpointSignatureValid, type CheckpointKey } from '@vt/lookups-protocol';
import { createPublicKey } from 'node:crypto';
import { AuditChainRepository, BrokenRange } from './audit-chain.repository';
import { copiedEntryChecker, GENESIS_HASH } from './audit-hash';
import { AUDIT_WITNESS, type CheckpointWitness } from './audit-witness';

/** Why a range of a chain cannot be trusted. */
export type BreakReason =
  | 'hash_mismatch'
  | 'link_mismatch'
  | 'missing_entries'
  | 'head_mismatch'
  | 'truncated'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature'
  | 'witness_conflict';

export interface VerifyResult {
  valid: boolean;
  checked: number;
  /** Every range that cannot be trusted, in order; one bad entry never hides another. */
  broken: BrokenRange[];
  /** The newest signed checkpoint the chain still matches, and whether the witness holds it. */
  checkpoint: { seq: string; signedAt: string; witnessed: boolean } | null;
  /** Whether the witness could be asked for its newest checkpoint of this chain. */
  witness: 'ok' | 'unavailable' | 'not_configured';
  /** The first round's field: where the first broken range starts. */
  firstBrokenSeq?: string;
}

/** Collects broken ranges, joining a range to the one before it when they touch and agree. */
class Breaks {
  private readonly ranges: { from: bigint; to: bigint; reason: BreakReason }[] = [];

  add(from: bigint, to: bigint, reason: BreakReason): void {
    const last = this.ranges[this.ranges.length - 1];
    if (last && last.reason === reason && from <= last.to + 1n && from >= last.from) {
      if (to > last.to) last.to = to;
      return;
    }
    this.ranges.push({ from, to, reason });
  }

  sorted(): BrokenRange[] {
    return [...this.ranges]
      .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1))
      .map((r) => ({ fromSeq: r.from.toString(), toSeq: r.to.toString(), reason: r.reason }));
  }
}

/**
 * Walks a whole chain and names every range that is wrong: an entry whose content no longer
 * matches its hash, a link to the wrong predecessor, missing positions, a head that points
 * elsewhere. Then checks the chain against its signed checkpoints and the witness's newest one,
 * which catches a rewrite that was re-hashed consistently, and entries cut off the end.
 */
@Injectable()
export class AuditVerifierService {
  private readonly logger = new Logger(AuditVerifierService.name);
  private readonly keys: CheckpointKey[];

  constructor(
    private readonly chains: AuditChainRepository,
    @Inject(HUB_CONFIG) config: HubConfig,
    @Optional() @Inject(AUDIT_WITNESS) private readonly witness: CheckpointWitness | null,
  ) {
    const signing = config.audit.checkpointKey;
    this.keys = [{ kid: signing.kid, key: createPublicKey(signing.key) }];
  }

  chainIds(): Promise<string[]> {
    return this.chains.chainIds();
  }

  async verifyChain(chainId: string): Promise<VerifyResult> {
    const [own, witnessed] = await Promise.all([this.chains.checkpoints(chainId), this.witnessLatest(chainId)]);
    const checkpoints: AuditCheckpoint[] = [...own];
    if (witnessed.checkpoint) checkpoints.push(witnessed.checkpoint);
    const wanted = new Set(checkpoints.map((c) => c.seq));
    const hashes = new Map<string, string>();
    const breaks = new Breaks();

    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const check = copiedEntryChecker(chainId);
    for await (const rows of this.chains.streamEntries(chainId)) {
      for (const fields of rows) {
        const row = check(fields);
        const seq = BigInt(row.seq);
        const afterGap = seq !== expectedSeq;
        if (afterGap) breaks.add(expectedSeq, seq - 1n, 'missing_entries');
        if (!row.intact) breaks.add(seq, seq, 'hash_mismatch');
        // After a gap the predecessor is missing, which the gap already names.
        else if (!afterGap && row.prevHash !== prevHash) breaks.add(seq, seq, 'link_mismatch');
        if (wanted.has(row.seq)) hashes.set(row.seq, row.hash);
        prevHash = row.hash;
        expectedSeq = seq + 1n;
        checked += 1;
      }
    }
    const lastSeq = expectedSeq - 1n;

    const head = await this.chains.head(chainId);
    const headSeq = head ? BigInt(head.seq) : 0n;
    if (headSeq > lastSeq) breaks.add(lastSeq + 1n, headSeq, 'truncated');
    else if (headSeq < lastSeq) breaks.add(headSeq + 1n, lastSeq, 'head_mismatch');
    else if (head && head.hash !== prevHash) breaks.add(headSeq, headSeq, 'head_mismatch');

    const fromWitness = witnessed.checkpoint;
    let matched: AuditCheckpoint | null = null;
    let witnessMatched = false;
    let lastGood = 0n;
    for (const checkpoint of [...checkpoints].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))) {
      const seq = BigInt(checkpoint.seq);
      if (!checkpointSignatureValid(checkpoint, this.keys)) {
        breaks.add(seq, seq, 'checkpoint_signature');
      } else if (seq > lastSeq) {
        breaks.add(lastSeq + 1n, seq, 'truncated');
      } else if (hashes.get(checkpoint.seq) !== checkpoint.hash) {
        // Everything since the last checkpoint that still matched may have been rewritten.
        breaks.add(lastGood + 1n, seq, 'checkpoint_mismatch');
      } else {
        lastGood = seq;
        matched = checkpoint;
        if (checkpoint === fromWitness) witnessMatched = true;
      }
    }
    const ownAtWitnessed = fromWitness ? own.find((c) => c.seq === fromWitness.seq) : undefined;
    if (fromWitness && ownAtWitnessed && ownAtWitnessed.hash !== fromWitness.hash) {
      const seq = BigInt(fromWitness.seq);
      breaks.add(seq, seq, 'witness_conflict');
    }

    const broken = breaks.sorted();
    if (broken.length > 0) this.logger.warn({ msg: 'audit chain broken', chainId, ranges: broken.length });
    return {
      valid: broken.length === 0,
      checked,
      broken,
      checkpoint: matched
        ? {
            seq: matched.seq,
            signedAt: matched.signedAt,
            // The witness vouches for this head when the newest it holds is this very position and matched.
            witnessed: witnessMatched && fromWitness !== null && fromWitness.seq === matched.seq,
          }
        : null,
      witness: witnessed.status,
      ...(broken.length > 0 ? { firstBrokenSeq: broken[0].fromSeq } : {}),
    };
  }

  private async witnessLatest(
    chainId: string,
  ): Promise<{ status: VerifyResult['witness']; checkpoint: AuditCheckpoint | null }> {
    if (!this.witness) return { status: 'not_configured', checkpoint: null };
    try {
      return { status: 'ok', checkpoint: await this.witness.latest(chainId) };
    } catch (error) {
      this.logger.warn({ msg: 'audit witness unavailable', chainId, error: String(error) });
      return { status: 'unavailable', checkpoint: null };
    }
  }
}
