import type { AuditCheckpoint } from '@vt/lookups-protocol';

/** What the witness answered to a checkpoint; `unavailable`/`not_configured` when it was not asked. */
export type WitnessStatus = 'stored' | 'held' | 'conflict' | 'unavailable' | 'not_configured';

/**
 * A witness outside the hub database that keeps every checkpoint it is handed and refuses one that
 * contradicts or rolls back what it holds. The apps provide it (`AUDIT_WITNESS`), so this context
 * does not depend on how it is reached.
 */
export interface CheckpointWitness {
  submit(checkpoint: AuditCheckpoint): Promise<'stored' | 'held' | 'conflict'>;
  latest(chainId: string): Promise<AuditCheckpoint | null>;
}

export const AUDIT_WITNESS = Symbol('AUDIT_WITNESS');
