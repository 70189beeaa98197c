import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AdviceRequestsService,
  CaseQueryService,
  FiguresService,
  FollowUpChecksService,
  ReporterFeedbackService,
} from '@vt/cases';
import type { Request, Response } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams, CreateCaseDto } from './cases.dto';
import { WRITE } from './cases.controller';
import {
  AdviceRequestDto,
  AdviceRequestListQuery,
  AdviceRequestParams,
  FiguresQuery,
  FollowUpCheckDto,
  FollowUpCheckParams,
  ReportParams,
  ReporterFeedbackDto,
} from './follow-up.dto';
import { ApiWrittenRow, CaseFollowUpCheckDto, CaseReportDto, CaseViewDto } from './case-view.dto';
import { AdviceRequestPageDto, AdviceRequestViewDto, FiguresDto, FollowUpChecksDto } from './follow-up-responses.dto';

/**
 * Feedback to the reporter, follow-up after closing (docs/feedback-and-follow-up.md) and the
 * quarterly figures (docs/figures.md).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class FollowUpController {
  constructor(
    private readonly feedback: ReporterFeedbackService,
    private readonly followUp: FollowUpChecksService,
    private readonly query: CaseQueryService,
  ) {}

  /** 201 with the report as the caller's GET shows it, its feedback included. */
  @Post('cases/:id/reports/:reportId/feedback')
  @HttpCode(201)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('ReporterFeedback'), action: 'create' })
  @ApiOperation({ summary: 'Records the feedback to the reporter of a report' })
  @ApiWrittenRow(CaseReportDto)
  async recordFeedback(@Param() params: ReportParams, @Body() body: ReporterFeedbackDto, @Req() req: Request) {
    await this.feedback.record(actorOf(req), params.id, params.reportId, body.note?.trim() || undefined);
    return this.query.written(reachOf(req), params.id, 'reports', params.reportId);
  }

  @Get('cases/:id/follow-up-checks')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'read', subjectType: 'FollowUpCheck', idParam: 'id', caseParam: 'id' })
  @ApiOperation({ summary: 'The checks after closing of a closed case' })
  @ApiOkResponse({ type: FollowUpChecksDto })
  listChecks(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.followUp.list(reachOf(req), params.id);
  }

  @Post('cases/:id/follow-up-checks/:cid')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('FollowUpCheck'), idParam: 'cid' })
  @ApiOperation({ summary: 'Records the outcome of a check after closing' })
  @ApiWrittenRow(CaseFollowUpCheckDto, 200)
  async recordCheck(@Param() params: FollowUpCheckParams, @Body() body: FollowUpCheckDto, @Req() req: Request) {
    await this.followUp.record(actorOf(req), params.id, params.cid, body.outcome, body.note?.trim() || undefined);
    return this.query.written(reachOf(req), params.id, 'followUpChecks', params.cid);
  }
}

/** Adviesvragen: consultations without a case, for the caseworkers of a Veilig Thuis organisation. */
@ApiTags('advice-requests')
@ApiBearerAuth()
@Controller('advice-requests')
export class AdviceRequestsController {
  constructor(
    private readonly advice: AdviceRequestsService,
    private readonly query: CaseQueryService,
  ) {}

  @Post()
  @HttpCode(201)
  @CheckPolicy('create', 'Case')
  @Audit({ action: 'create', subjectType: 'AdviceRequest', inService: true })
  @ApiOperation({ summary: 'Records an advice request (adviesvraag): a consultation without a case' })
  @ApiCreatedResponse({ type: AdviceRequestViewDto })
  create(@Body() body: AdviceRequestDto, @Req() req: Request) {
    return this.advice.create(actorOf(req), { ...body, askedAt: new Date(body.askedAt) });
  }

  @Get()
  @CheckPolicy('create', 'Case')
  @Audit({ action: 'search', subjectType: 'AdviceRequest' })
  @ApiOperation({ summary: "The organisation's advice requests, newest first" })
  @ApiOkResponse({ type: AdviceRequestPageDto })
  list(@Query() query: AdviceRequestListQuery, @Req() req: Request) {
    return this.advice.list(actorOf(req), { limit: query.limit ?? 50, cursor: query.cursor });
  }

  /** The adviser's one step from advice to report: 201 with the new case. */
  @Post(':id/report')
  @HttpCode(201)
  @CheckPolicy('create', 'Case')
  @Audit({ action: 'create', subjectType: 'Case', idParam: 'id', inService: true })
  @ApiOperation({ summary: 'Turns an advice request into a report: the new case' })
  @ApiCreatedResponse({ type: CaseViewDto })
  async report(@Param() params: AdviceRequestParams, @Body() body: CreateCaseDto, @Req() req: Request) {
    const { caseId } = await this.advice.report(actorOf(req), params.id, {
      ...body,
      receivedAt: new Date(body.receivedAt),
    });
    return this.query.get(reachOf(req), caseId);
  }
}

/** Kwartaalcijfers for the supervisors of an organisation: JSON, or CSV when asked for text/csv. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class FiguresController {
  constructor(private readonly figures: FiguresService) {}

  @Get('figures')
  @CheckPolicy('read', 'Figures')
  @Audit({ action: 'export', subjectType: 'Figures' })
  @ApiProduces('application/json', 'text/csv')
  @Header('Vary', 'Accept')
  @ApiOperation({ summary: "Quarterly figures of the caller's organisation: JSON, or CSV when asked for text/csv" })
  @ApiExtraModels(FiguresDto)
  @ApiOkResponse({
    description: 'The figures per quarter; as CSV with Accept: text/csv',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FiguresDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async get(@Query() query: FiguresQuery, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const reach = reachOf(req);
    // JSON unless the client prefers CSV (a browser's */* gets JSON).
    if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') {
      return this.figures.figures(reach, query.from, query.to);
    }
    const csv = await this.figures.csv(reach, query.from, query.to);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="kwartaalcijfers.csv"');
    return csv;
  }
}
