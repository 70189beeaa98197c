import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SecondFactorService } from '@vt/access';
import type { Request } from 'express';
import { UserParams } from '../organisations/users.dto';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { requestOrigin } from './auth-http';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class SecondFactorAdminController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @Delete('organisations/:orgId/users/:userId/second-factor')
  @HttpCode(204)
  @CheckPolicy('update', 'User')
  @Audit({ action: 'delete', subjectType: 'SecondFactor', idParam: 'userId', inService: true })
  @ApiOperation({
    summary: 'Removes every second factor of a user of the organisation and ends their sessions; they enrol anew',
  })
  async reset(@Param() params: UserParams, @Req() req: Request): Promise<void> {
    await this.secondFactor.reset(principalOf(req), params.orgId, params.userId, requestOrigin(req));
  }
}
