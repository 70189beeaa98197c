import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseQueryService, ChildChecksService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { WRITE } from './cases.controller';
import { ChildCheckDto, ChildParams, ChildProtectionReferralDto } from './child-checks.dto';
import { ChildCheckRecordDto, ChildProtectionReferralViewDto } from './child-checks-responses.dto';

/** Text left empty is no text. */
const text = (value: string | null | undefined) => (value?.trim() ? value : null);

/**
 * Children in a case (docs/children.md): the check per child, and the child protection board
 * brought in after (attempted) partner killing. Caseworkers of the receiving Veilig Thuis.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ChildChecksController {
  constructor(
    private readonly children: ChildChecksService,
    private readonly query: CaseQueryService,
  ) {}

  @Put(':id/persons/:pid/child-check')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('ChildCheck'))
  @ApiOperation({ summary: 'Records or updates the check of a child (kindcheck)' })
  @ApiOkResponse({ type: ChildCheckRecordDto })
  async record(@Param() params: ChildParams, @Body() body: ChildCheckDto, @Req() req: Request) {
    await this.children.record(actorOf(req), params.id, params.pid, {
      seen: body.seen,
      spokenTo: body.spokenTo,
      childView: text(body.childView),
      involvement: body.involvement,
      caregivers: text(body.caregivers),
      schoolKnown: body.schoolKnown,
      school: text(body.school),
    });
    return this.query.written(reachOf(req), params.id, 'childChecks', params.pid);
  }

  @Post(':id/child-protection-referral')
  @HttpCode(201)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('ChildProtectionReferral'), action: 'create' })
  @ApiOperation({ summary: 'Refers the children of the case to the child protection board' })
  @ApiCreatedResponse({ type: ChildProtectionReferralViewDto })
  refer(@Param() params: CaseIdParams, @Body() body: ChildProtectionReferralDto, @Req() req: Request) {
    return this.children.refer(actorOf(req), params.id, body);
  }
}
