import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessException } from '@vt/access';
import { ANONYMOUS_CHAIN, AuditCheckpointService, AuditVerifierService } from '@vt/audit';
import type { Request } from 'express';
import { reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { AuditChainQuery } from './audit-chain.dto';
import { AuditChainVerificationDto, AuditCheckpointWrittenDto } from './audit-chain-responses.dto';

/** Verifying a chain and taking a signed checkpoint of its head, for the privacy officer. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditChainController {
  constructor(
    private readonly verifier: AuditVerifierService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  /** Walks the whole chain and its checkpoints; every broken range is named. */
  @Get('verify')
  @CheckPolicy('verify', 'AuditEntry')
  @Audit({ action: 'verify', subjectType: 'AuditEntry' })
  @ApiOperation({ summary: 'Walks the whole audit chain and its checkpoints; names every broken range' })
  @ApiOkResponse({ type: AuditChainVerificationDto })
  verify(@Query() query: AuditChainQuery, @Req() req: Request) {
    return this.verifier.verifyChain(this.chainOf(query, req));
  }

  /** Signs the chain's head now and hands it to the witness (the worker also does so at an interval). */
  @Post('checkpoints')
  @HttpCode(201)
  @CheckPolicy('verify', 'AuditEntry')
  @Audit({ action: 'checkpoint', subjectType: 'AuditCheckpoint' })
  @ApiOperation({ summary: "Signs the audit chain's head now and hands the checkpoint to the witness" })
  @ApiCreatedResponse({ type: AuditCheckpointWrittenDto })
  async checkpoint(@Body() body: AuditChainQuery, @Req() req: Request) {
    const { checkpoint, taken } = await this.checkpoints.take(this.chainOf(body, req));
    return {
      taken,
      checkpoint: checkpoint && {
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        signedAt: checkpoint.signedAt,
        keyId: checkpoint.keyId,
        witnessStatus: checkpoint.witnessStatus,
      },
    };
  }

  private chainOf(query: AuditChainQuery, req: Request): string {
    const principal = principalOf(req);
    const chainId = query.chain === 'anonymous' ? ANONYMOUS_CHAIN : principal.organisationId;
    if (!reachOf(req).ability.can('verify', { __type: 'AuditEntry', chainId })) {
      throw AccessException.forbidden();
    }
    return chainId;
  }
}
