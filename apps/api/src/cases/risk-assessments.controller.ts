import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RiskAssessmentsService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { RecordRiskAssessmentDto } from './risk-assessments.dto';
import { RiskAssessmentDto, RiskAssessmentHistoryDto, RiskInstrumentsDto } from './risk-assessments-responses.dto';

/** Risk assessed over time with an instrument; the instruments themselves for any user. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class RiskAssessmentsController {
  constructor(private readonly assessments: RiskAssessmentsService) {}

  @Get('risk-instruments')
  @Audit({ action: 'read', subjectType: 'RiskInstrument' })
  @ApiOperation({ summary: 'The risk instruments with their items and thresholds' })
  @ApiOkResponse({ type: RiskInstrumentsDto })
  instruments() {
    return this.assessments.instruments();
  }

  @Post('cases/:id/risk-assessments')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'create', subjectType: 'RiskAssessment', caseParam: 'id', inService: true })
  @ApiOperation({ summary: 'Records a risk assessment with an instrument: the score and the risk level' })
  @ApiCreatedResponse({ type: RiskAssessmentDto })
  record(@Param() params: CaseIdParams, @Body() body: RecordRiskAssessmentDto, @Req() req: Request) {
    return this.assessments.record(actorOf(req), params.id, body);
  }

  /** Read in the service: one audit entry for the case and one for each earlier case shown. */
  @Get('cases/:id/risk-assessments')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'read', subjectType: 'RiskAssessment', caseParam: 'id', inService: true })
  @ApiOperation({ summary: "The risk assessments of a case's household" })
  @ApiOkResponse({ type: RiskAssessmentHistoryDto })
  history(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.assessments.history(actorOf(req), params.id);
  }
}
