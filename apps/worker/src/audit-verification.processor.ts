import { Injectable, Logger } from '@nestjs/common';
import { AuditVerifierService } from '@vt/audit';
import { JobHandler } from '@vt/common';

/** The periodic tamper check: a broken chain is logged as an error for the operators' alerting. */
@Injectable()
export class AuditVerificationProcessor implements JobHandler<'audit.verify-chains'> {
  readonly name = 'audit.verify-chains' as const;
  private readonly logger = new Logger(AuditVerificationProcessor.name);

  constructor(private readonly verifier: AuditVerifierService) {}

  async handle(): Promise<void> {
    for (const chainId of await this.verifier.chainIds()) {
      const result = await this.verifier.verifyChain(chainId);
      if (result.valid) {
        this.logger.log({ msg: 'audit chain verified', chainId, checked: result.checked });
      } else {
        this.logger.error({ msg: 'audit chain broken', chainId, firstBrokenSeq: result.firstBrokenSeq });
      }
    }
  }
}
