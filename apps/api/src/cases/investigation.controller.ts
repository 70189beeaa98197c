import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvestigationService } from '@vt/cases';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { actorOf, WRITE } from './cases.controller';
import { ExtendInvestigationDto, SuspendInvestigationDto, SuspensionParams } from './investigation.dto';

/** Opschorting and verlenging of the investigation; each moves the investigation deadline. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class InvestigationController {
  constructor(private readonly investigation: InvestigationService) {}

  @Post(':id/investigation/suspensions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationSuspension'))
  suspend(@Param() params: CaseIdParams, @Body() body: SuspendInvestigationDto, @Req() req: Request) {
    return this.investigation.suspend(actorOf(req), params.id, body.reason);
  }

  @Post(':id/investigation/suspensions/:sid/end')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationSuspension'))
  endSuspension(@Param() params: SuspensionParams, @Req() req: Request) {
    return this.investigation.endSuspension(actorOf(req), params.id, params.sid);
  }

  @Post(':id/investigation/extensions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationExtension'))
  extend(@Param() params: CaseIdParams, @Body() body: ExtendInvestigationDto, @Req() req: Request) {
    return this.investigation.extend(actorOf(req), params.id, body);
  }
}
