import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { accessibleBy, defineAbilityFor } from '@vt/access';
import { AUDIT_ALIAS, AuditQueryService, AuditVerifierService } from '@vt/audit';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { AuditSearchDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifierService,
  ) {}

  @Get()
  @CheckPolicy('read', 'AuditEntry')
  @Audit({ action: 'search', subjectType: 'AuditEntry' })
  search(@Query() filter: AuditSearchDto, @Req() req: Request) {
    const ability = defineAbilityFor(principalOf(req));
    const access = accessibleBy(ability, 'read', 'AuditEntry', AUDIT_ALIAS, this.query.metadata);
    return this.query.search({ ...filter, limit: filter.limit ?? 50 }, access);
  }

  /** Verifies the chain of the privacy officer's own organisation. */
  @Get('verify')
  @CheckPolicy('verify', 'AuditEntry')
  @Audit({ action: 'verify', subjectType: 'AuditEntry' })
  verify(@Req() req: Request) {
    return this.verifier.verifyChain(principalOf(req).organisationId);
  }
}
