import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseQueryService, InvestigationService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { WRITE } from './cases.controller';
import { ExtendInvestigationDto, SuspendInvestigationDto, SuspensionParams } from './investigation.dto';
import { ApiWrittenRow, ExtensionViewDto, SuspensionViewDto } from './case-view.dto';
import { SuspensionEndedDto } from './investigation-responses.dto';

/** Opschorting and verlenging of the investigation; each moves the investigation deadline. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class InvestigationController {
  constructor(
    private readonly investigation: InvestigationService,
    private readonly query: CaseQueryService,
  ) {}

  @Post(':id/investigation/suspensions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationSuspension'))
  @ApiOperation({ summary: "Suspends the investigation's term" })
  @ApiWrittenRow(SuspensionViewDto)
  async suspend(@Param() params: CaseIdParams, @Body() body: SuspendInvestigationDto, @Req() req: Request) {
    const suspension = await this.investigation.suspend(actorOf(req), params.id, body.reason);
    return this.query.written(reachOf(req), params.id, 'suspensions', suspension.id);
  }

  @Post(':id/investigation/suspensions/:sid/end')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationSuspension'))
  @ApiOperation({ summary: 'Ends a suspension of the investigation; the term moves on by the days it lasted' })
  @ApiOkResponse({ type: SuspensionEndedDto })
  async endSuspension(@Param() params: SuspensionParams, @Req() req: Request) {
    const ended = await this.investigation.endSuspension(actorOf(req), params.id, params.sid);
    // The moved term is a deadline, which every network member sees (basic).
    const row = await this.query.written(reachOf(req), params.id, 'suspensions', params.sid);
    return { ...row, investigationDueAt: ended.investigationDueAt };
  }

  @Post(':id/investigation/extensions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('InvestigationExtension'))
  @ApiOperation({ summary: "Extends the investigation's term by a number of weeks" })
  @ApiWrittenRow(ExtensionViewDto)
  async extend(@Param() params: CaseIdParams, @Body() body: ExtendInvestigationDto, @Req() req: Request) {
    const extension = await this.investigation.extend(actorOf(req), params.id, body);
    return this.query.written(reachOf(req), params.id, 'extensions', extension.id);
  }
}
