import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApprovalsService, CaseWorkService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { ApprovalListQuery, ApprovalParams, DecideApprovalDto } from './approvals.dto';
import { CaseIdParams } from './cases.dto';
import { ApprovalDto, ApprovalListDto, PendingApprovalPageDto } from './approvals-responses.dto';

/**
 * Four eyes on closing (docs/approvals.md): the supervisor's list of approvals, a case's approvals
 * and the decision. Requests are made by the close and safety-assessment routes.
 */
@ApiTags('approvals')
@ApiBearerAuth()
@Controller()
export class ApprovalsController {
  constructor(
    private readonly approvals: ApprovalsService,
    private readonly work: CaseWorkService,
  ) {}

  @Get('approvals')
  @CheckPolicy('read', 'Approval')
  @Audit({ action: 'search', subjectType: 'Approval' })
  @ApiOperation({ summary: "The steps waiting for the caller's approval as supervisor" })
  @ApiOkResponse({ type: PendingApprovalPageDto })
  list(@Query() query: ApprovalListQuery, @Req() req: Request) {
    return this.approvals.list(reachOf(req), { ...query, limit: query.limit ?? 50 });
  }

  @Get('cases/:id/approvals')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'read', subjectType: 'Approval', caseParam: 'id' })
  @ApiOperation({ summary: 'The approvals of a case, pending and decided' })
  @ApiOkResponse({ type: ApprovalListDto })
  forCase(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.approvals.forCase(reachOf(req), params.id);
  }

  @Post('cases/:id/approvals/:aid/decide')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'update', subjectType: 'Approval', idParam: 'aid', caseParam: 'id', inService: true })
  @ApiOperation({
    summary: 'A supervisor approves or rejects a step waiting for approval; the step runs once approved',
  })
  @ApiOkResponse({ type: ApprovalDto })
  async decide(@Param() params: ApprovalParams, @Body() body: DecideApprovalDto, @Req() req: Request) {
    await this.work.decideApproval(actorOf(req), params.id, params.aid, body.decision, body.note);
    const { items } = await this.approvals.forCase(reachOf(req), params.id);
    return items.find((approval) => approval.id === params.aid);
  }
}
