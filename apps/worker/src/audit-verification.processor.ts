import { Injectable, Logger } from '@nestjs/common';
import { OrganisationsService } from '@vt/access';
import {
  ANONYMOUS_CHAIN,
  AuditChainRepository,
  AuditCheckpointService,
  AuditMetrics,
  AuditVerifierService,
  BrokenRange,
} from '@vt/audit';
import { JobHandler } from '@vt/common';
import { NotificationsService } from '@vt/notifications';

/** Dutch for each reason a range is broken, as the notification states it. */
const REASON_TEXT: Record<string, string> = {
  hash_mismatch: 'inhoud gewijzigd',
  link_mismatch: 'verkeerde koppeling aan de vorige regel',
  missing_entries: 'regels ontbreken',
  head_mismatch: 'het einde van de keten wijst elders heen',
  truncated: 'regels aan het eind verwijderd',
  checkpoint_mismatch: 'herschreven sinds een ondertekend controlepunt',
  checkpoint_signature: 'controlepunt met ongeldige handtekening',
  witness_conflict: 'de getuige houdt een ander controlepunt',
};

/**
 * The periodic tamper check: walks every chain with its checkpoints, puts the number of broken
 * ranges per chain on /metrics, and tells the chain's privacy officers once about each new break
 * (the anonymous chain's to the platform's privacy officers).
 */
@Injectable()
export class AuditVerificationProcessor implements JobHandler<'audit.verify-chains'> {
  readonly name = 'audit.verify-chains' as const;
  private readonly logger = new Logger(AuditVerificationProcessor.name);

  constructor(
    private readonly verifier: AuditVerifierService,
    private readonly chains: AuditChainRepository,
    private readonly metrics: AuditMetrics,
    private readonly notifications: NotificationsService,
    private readonly organisations: OrganisationsService,
  ) {}

  async handle(): Promise<void> {
    for (const chainId of await this.verifier.chainIds()) {
      const result = await this.verifier.verifyChain(chainId);
      await this.metrics.report(chainId, result.broken.length);
      if (result.valid) {
        this.logger.log({ msg: 'audit chain verified', chainId, checked: result.checked });
        continue;
      }
      this.logger.error({ msg: 'audit chain broken', chainId, ranges: result.broken });
      await this.alert(chainId, result.broken);
    }
  }

  private async alert(chainId: string, broken: BrokenRange[]): Promise<void> {
    const recipients =
      chainId === ANONYMOUS_CHAIN
        ? (await this.organisations.list()).filter((org) => org.kind === 'platform').map((org) => org.id)
        : [chainId];
    // Recorded and notified together: a break is reported once, and never recorded unreported.
    await this.chains.reportNewBreaks(chainId, broken, async (range, manager) => {
      for (const organisationId of recipients) {
        await this.notifications.notifyRole(manager, organisationId, 'privacy_officer', {
          kind: 'audit_chain_broken',
          caseId: null,
          subjectId: null,
          title: 'Auditlog: keten verbroken',
          body: `Volgnummers ${range.fromSeq} tot en met ${range.toSeq}: ${REASON_TEXT[range.reason] ?? range.reason}. Controleer de keten in het auditlog.`,
        });
      }
    });
  }
}

/** Signs and hands to the witness the head of every chain that grew since its last checkpoint. */
@Injectable()
export class AuditCheckpointProcessor implements JobHandler<'audit.checkpoint-chains'> {
  readonly name = 'audit.checkpoint-chains' as const;
  private readonly logger = new Logger(AuditCheckpointProcessor.name);

  constructor(private readonly checkpoints: AuditCheckpointService) {}

  async handle(): Promise<void> {
    const taken = await this.checkpoints.takeAll();
    this.logger.log({ msg: 'audit checkpoints taken', taken });
  }
}
