import { Body, Controller, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseQueryService, ProtectiveMeasuresService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { WRITE } from './cases.controller';
import {
  ProtectiveMeasureParams,
  RecordProtectiveMeasureDto,
  UpdateProtectiveMeasureDto,
} from './protective-measures.dto';
import { ApiWrittenRow, ProtectiveMeasureViewDto } from './case-view.dto';

const instant = (value: string | null | undefined) => (value === undefined || value === null ? value : new Date(value));

/** Protective measures besides the restraining order (docs/protection.md). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ProtectiveMeasuresController {
  constructor(
    private readonly measures: ProtectiveMeasuresService,
    private readonly query: CaseQueryService,
  ) {}

  @Post(':id/protective-measures')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('ProtectiveMeasure'))
  @ApiOperation({ summary: 'Records a protective measure: a contact or area ban, monitoring or an alarm' })
  @ApiWrittenRow(ProtectiveMeasureViewDto)
  async record(@Param() params: CaseIdParams, @Body() body: RecordProtectiveMeasureDto, @Req() req: Request) {
    const measure = await this.measures.record(actorOf(req), params.id, {
      type: body.type,
      subjectPersonId: body.subjectPersonId?.toLowerCase(),
      protectedPersonId: body.protectedPersonId?.toLowerCase(),
      authority: body.authority,
      description: body.description,
      startsAt: new Date(body.startsAt),
      endsAt: instant(body.endsAt) ?? undefined,
    });
    return this.query.written(reachOf(req), params.id, 'protectiveMeasures', measure.id);
  }

  @Patch(':id/protective-measures/:mid')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('ProtectiveMeasure'))
  @ApiOperation({ summary: 'Changes or ends a protective measure' })
  @ApiWrittenRow(ProtectiveMeasureViewDto, 200)
  async update(
    @Param() params: ProtectiveMeasureParams,
    @Body() body: UpdateProtectiveMeasureDto,
    @Req() req: Request,
  ) {
    await this.measures.update(actorOf(req), params.id, params.mid, {
      endsAt: instant(body.endsAt),
      authority: body.authority,
      description: body.description,
      status: body.status,
      endReason: body.endReason,
    });
    return this.query.written(reachOf(req), params.id, 'protectiveMeasures', params.mid);
  }
}
