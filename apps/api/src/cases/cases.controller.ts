import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApprovalStatus,
  CaseQueryService,
  CaseWorkService,
  IntakeService,
  ReportInput,
  SafetyPlanService,
} from '@vt/cases';
import type { Request, Response } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { actorOf, reachOf } from '../security/actor';
import {
  ActionParams,
  AddPartnerDto,
  AddReportDto,
  AssignRegisseurDto,
  CaseIdParams,
  CaseListQuery,
  CloseCaseDto,
  CompleteInvestigationDto,
  CreateActionDto,
  CreateCaseDto,
  CreateEscalationDto,
  CreateNoteDto,
  EscalationParams,
  PartnerParams,
  ResolveEscalationDto,
  SafetyAssessmentDto,
  UpdateActionDto,
} from './cases.dto';
import {
  ApprovalRequestedDto,
  CasePageDto,
  RegisseurCandidatesDto,
  RelatedCasesDto,
  TimelineDto,
} from './cases-responses.dto';
import {
  ApiWrittenRow,
  CaseActionDto,
  CaseNoteDto,
  CasePartnerViewDto,
  CaseViewDto,
  EscalationViewDto,
} from './case-view.dto';

/** The answer (202) to a step that waits for a supervisor's approval. */
function approvalRequested(approval: { id: string; status: ApprovalStatus }) {
  return { approval: { id: approval.id, status: approval.status } };
}

function reportInput(body: AddReportDto): ReportInput {
  return { ...body, receivedAt: new Date(body.receivedAt) };
}

const READ_CASE = { action: 'read', subjectType: 'Case', idParam: 'id', caseParam: 'id' } as const;
export const WRITE = (subjectType: string) =>
  ({ action: 'update', subjectType, idParam: 'id', caseParam: 'id', inService: true }) as const;

/**
 * Case work. Every route finds the case through the caller's network membership (404 outside it);
 * writes are audited in the service's transaction, reads by the interceptor.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly query: CaseQueryService,
    private readonly work: CaseWorkService,
    private readonly plan: SafetyPlanService,
  ) {}

  @Post()
  @CheckPolicy('create', 'Case')
  @Audit({ action: 'create', subjectType: 'Case', inService: true })
  @ApiOperation({ summary: 'Registers a report as a new case: the case' })
  @ApiCreatedResponse({ type: CaseViewDto })
  async create(@Body() body: CreateCaseDto, @Req() req: Request) {
    const { caseId } = await this.intake.create(actorOf(req), reportInput(body));
    return this.query.get(reachOf(req), caseId);
  }

  @Get()
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'search', subjectType: 'Case' })
  @ApiOperation({ summary: "The work queue: the cases of the caller's network, newest first, a page at a time" })
  @ApiOkResponse({ type: CasePageDto })
  list(@Query() filter: CaseListQuery, @Req() req: Request) {
    return this.query.list(reachOf(req), { ...filter, limit: filter.limit ?? 50 });
  }

  @Get(':id')
  @CheckPolicy('read', 'CasePartner')
  @Audit(READ_CASE)
  @ApiOperation({ summary: 'The case as the caller may see it; sections outside their categories are absent' })
  @ApiOkResponse({ type: CaseViewDto })
  get(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.get(reachOf(req), params.id);
  }

  @Get(':id/timeline')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, subjectType: 'CaseTimeline' })
  @ApiOperation({ summary: "The case's events the caller may see, oldest first, with who did what" })
  @ApiOkResponse({ type: TimelineDto })
  timeline(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.timeline(reachOf(req), params.id);
  }

  @Get(':id/related')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, action: 'search', subjectType: 'RelatedCases' })
  @ApiOperation({ summary: 'Earlier and later cases of the receiving organisation that share persons (radar)' })
  @ApiOkResponse({ type: RelatedCasesDto })
  related(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.related(reachOf(req), params.id);
  }

  /**
   * The radar across regions again (docs/search.md), for whoever sees the radar: the receiving
   * organisation. 200 with the case; new hits are audited for both organisations.
   */
  @Post(':id/radar/refresh')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('RegionRadar'), action: 'search' })
  @ApiOperation({
    summary: 'Asks the other Veilig Thuis regions again whether they know a person of the case: the case',
  })
  @ApiOkResponse({ type: CaseViewDto })
  async refreshRadar(@Param() params: CaseIdParams, @Req() req: Request) {
    await this.intake.refreshRadar(actorOf(req), params.id);
    return this.query.get(reachOf(req), params.id);
  }

  @Post(':id/reports')
  @CheckPolicy('create', 'Case')
  @Audit(WRITE('Report'))
  @ApiOperation({ summary: 'Adds a new report to an open case: the case' })
  @ApiCreatedResponse({ type: CaseViewDto })
  async addReport(@Param() params: CaseIdParams, @Body() body: AddReportDto, @Req() req: Request) {
    const { caseId } = await this.intake.addReport(actorOf(req), params.id, reportInput(body));
    return this.query.get(reachOf(req), caseId);
  }

  @Get(':id/regisseur-candidates')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, action: 'search', subjectType: 'RegisseurCandidates' })
  @ApiOperation({ summary: 'Whom the caller may make regisseur of the case' })
  @ApiOkResponse({ type: RegisseurCandidatesDto })
  regisseurCandidates(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.work.regisseurCandidates(actorOf(req).reach, params.id);
  }

  @Put(':id/regisseur')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Regie'))
  @ApiOperation({ summary: "Makes a user of the regie organisation (or a partner) the case's regisseur: the case" })
  @ApiOkResponse({ type: CaseViewDto })
  async assignRegisseur(@Param() params: CaseIdParams, @Body() body: AssignRegisseurDto, @Req() req: Request) {
    await this.work.assignRegisseur(actorOf(req), params.id, body.userId, body.reason);
    // The former regie organisation stays in the network, so the caller can still read the case.
    return this.query.get(reachOf(req), params.id);
  }

  @Post(':id/partners')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CasePartner'))
  @ApiOperation({ summary: "Adds an organisation to the case's network, with its legal basis and data categories" })
  @ApiCreatedResponse({ type: CasePartnerViewDto })
  async addPartner(@Param() params: CaseIdParams, @Body() body: AddPartnerDto, @Req() req: Request) {
    const partner = await this.work.addPartner(actorOf(req), params.id, body);
    return this.query.written(reachOf(req), params.id, 'partners', partner.organisationId);
  }

  @Delete(':id/partners/:organisationId')
  @HttpCode(204)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CasePartner'))
  @ApiOperation({ summary: "Removes an organisation from the case's network" })
  async removePartner(@Param() params: PartnerParams, @Req() req: Request) {
    await this.work.removePartner(actorOf(req), params.id, params.organisationId);
  }

  /** 200 with the case; 202 with the approval when the close it decides waits for one. */
  @Post(':id/safety-assessment')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('SafetyAssessment'))
  @ApiOperation({ summary: 'Records the safety assessment: the case, or 202 with the approval a close waits for' })
  @ApiOkResponse({ type: CaseViewDto })
  @ApiAcceptedResponse({ type: ApprovalRequestedDto })
  async assess(
    @Param() params: CaseIdParams,
    @Body() body: SafetyAssessmentDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const requested = await this.work.assessSafety(actorOf(req), params.id, body);
    if (!requested) return this.query.get(reachOf(req), params.id);
    res.status(202);
    return approvalRequested(requested.approval);
  }

  @Post(':id/investigation/complete')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Investigation'))
  @ApiOperation({ summary: 'Completes the investigation with its conclusion and decision: the case' })
  @ApiOkResponse({ type: CaseViewDto })
  async completeInvestigation(
    @Param() params: CaseIdParams,
    @Body() body: CompleteInvestigationDto,
    @Req() req: Request,
  ) {
    await this.work.completeInvestigation(actorOf(req), params.id, body.conclusion, body.decision);
    return this.query.get(reachOf(req), params.id);
  }

  /** 202: the case closes once a supervisor of the regie organisation approves (docs/approvals.md). */
  @Post(':id/close')
  @HttpCode(202)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('Approval'), action: 'create' })
  @ApiOperation({ summary: 'Asks to close the case; it closes once a supervisor approves' })
  @ApiAcceptedResponse({ type: ApprovalRequestedDto })
  async close(@Param() params: CaseIdParams, @Body() body: CloseCaseDto, @Req() req: Request) {
    return approvalRequested(await this.work.close(actorOf(req), params.id, body.reason));
  }

  @Post(':id/actions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseAction'))
  @ApiOperation({ summary: 'Adds an action to the safety plan' })
  @ApiWrittenRow(CaseActionDto)
  async createAction(@Param() params: CaseIdParams, @Body() body: CreateActionDto, @Req() req: Request) {
    const action = await this.plan.createAction(actorOf(req), params.id, body);
    return this.query.written(reachOf(req), params.id, 'actions', action.id);
  }

  @Patch(':id/actions/:actionId')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseAction'))
  @ApiOperation({ summary: "Updates an action's status or note" })
  @ApiWrittenRow(CaseActionDto, 200)
  async updateAction(@Param() params: ActionParams, @Body() body: UpdateActionDto, @Req() req: Request) {
    await this.plan.updateAction(actorOf(req), params.id, params.actionId, body.status, body.note);
    return this.query.written(reachOf(req), params.id, 'actions', params.actionId);
  }

  @Post(':id/escalations')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Escalation'))
  @ApiOperation({ summary: 'Raises an escalation with a partner organisation' })
  @ApiWrittenRow(EscalationViewDto)
  async escalate(@Param() params: CaseIdParams, @Body() body: CreateEscalationDto, @Req() req: Request) {
    const escalation = await this.plan.escalate(actorOf(req), params.id, body);
    return this.query.written(reachOf(req), params.id, 'escalations', escalation.id);
  }

  @Post(':id/escalations/:eid/resolve')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Escalation'))
  @ApiOperation({ summary: 'Resolves an escalation' })
  @ApiWrittenRow(EscalationViewDto, 200)
  async resolve(@Param() params: EscalationParams, @Body() body: ResolveEscalationDto, @Req() req: Request) {
    await this.plan.resolveEscalation(actorOf(req), params.id, params.eid, body.resolution);
    return this.query.written(reachOf(req), params.id, 'escalations', params.eid);
  }

  @Post(':id/notes')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseNote'))
  @ApiOperation({ summary: 'Adds a note in a category the caller may write' })
  @ApiWrittenRow(CaseNoteDto)
  async addNote(@Param() params: CaseIdParams, @Body() body: CreateNoteDto, @Req() req: Request) {
    const note = await this.work.addNote(actorOf(req), params.id, body.category, body.text);
    return this.query.written(reachOf(req), params.id, 'notes', note.id);
  }
}
