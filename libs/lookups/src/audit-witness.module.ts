import { Global, Module } from '@nestjs/common';
import { AUDIT_WITNESS, type CheckpointWitness } from '@vt/audit';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { AuditWitnessClient } from './audit-witness.client';

/** The slug the hub's tokens name towards the witness; the witness files checkpoints by issuer. */
const CHECKPOINT_REQUESTER = 'audit-checkpoints';

/**
 * Provides the audit context's witness (`AUDIT_WITNESS`) from configuration: the witness is
 * reached over the source-holder protocol, with the hub's signing key. Without a configured
 * witness or signing key (development only) there is none, and checkpoints say so.
 */
@Global()
@Module({
  providers: [
    {
      provide: AUDIT_WITNESS,
      useFactory: (config: HubConfig): CheckpointWitness | null => {
        const { witness } = config.audit;
        const signingKey = config.lookups.signingKey;
        if (!witness || !signingKey) return null;
        return new AuditWitnessClient({
          url: witness.url,
          audience: witness.audience,
          issuer: config.lookups.issuer,
          signingKey,
          timeoutMs: config.lookups.timeoutMs,
          organisation: CHECKPOINT_REQUESTER,
          // The protocol knows partner kinds only; the witness ignores the kind for checkpoints.
          organisationKind: 'veilig_thuis',
          tls: config.sourceHolderTls,
        });
      },
      inject: [HUB_CONFIG],
    },
  ],
  exports: [AUDIT_WITNESS],
})
export class AuditWitnessModule {}
