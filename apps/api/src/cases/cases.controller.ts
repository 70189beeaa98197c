import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  Approval,
  CaseQueryService,
  CaseWorkService,
  IntakeService,
  ReportInput,
  SafetyPlanService,
} from '@vt/cases';
import type { Request, Response } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
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

/** The answer (202) to a step that waits for a supervisor's approval. */
function approvalRequested(approval: Approval) {
  return { approval: { id: approval.id, status: approval.status } };
}

export function actorOf(req: Request): Actor {
  return { principal: principalOf(req), requestId: req.requestId, clientAddress: req.ip ?? 'unknown' };
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
  async create(@Body() body: CreateCaseDto, @Req() req: Request) {
    const { caseId } = await this.intake.create(actorOf(req), reportInput(body));
    return this.query.get(principalOf(req), caseId);
  }

  @Get()
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'search', subjectType: 'Case' })
  list(@Query() filter: CaseListQuery, @Req() req: Request) {
    return this.query.list(principalOf(req), { ...filter, limit: filter.limit ?? 50 });
  }

  @Get(':id')
  @CheckPolicy('read', 'CasePartner')
  @Audit(READ_CASE)
  get(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.get(principalOf(req), params.id);
  }

  @Get(':id/timeline')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, subjectType: 'CaseTimeline' })
  timeline(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.timeline(principalOf(req), params.id);
  }

  @Get(':id/related')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, action: 'search', subjectType: 'RelatedCases' })
  related(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.query.related(principalOf(req), params.id);
  }

  @Post(':id/reports')
  @CheckPolicy('create', 'Case')
  @Audit(WRITE('Report'))
  async addReport(@Param() params: CaseIdParams, @Body() body: AddReportDto, @Req() req: Request) {
    const { caseId } = await this.intake.addReport(actorOf(req), params.id, reportInput(body));
    return this.query.get(principalOf(req), caseId);
  }

  @Get(':id/regisseur-candidates')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...READ_CASE, action: 'search', subjectType: 'RegisseurCandidates' })
  regisseurCandidates(@Param() params: CaseIdParams, @Req() req: Request) {
    return this.work.regisseurCandidates(principalOf(req), params.id);
  }

  @Put(':id/regisseur')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Regie'))
  async assignRegisseur(@Param() params: CaseIdParams, @Body() body: AssignRegisseurDto, @Req() req: Request) {
    await this.work.assignRegisseur(actorOf(req), params.id, body.userId, body.reason);
    // The former regie organisation stays in the network, so the caller can still read the case.
    return this.query.get(principalOf(req), params.id);
  }

  @Post(':id/partners')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CasePartner'))
  async addPartner(@Param() params: CaseIdParams, @Body() body: AddPartnerDto, @Req() req: Request) {
    const partner = await this.work.addPartner(actorOf(req), params.id, body);
    return this.query.written(principalOf(req), params.id, 'partners', partner.organisationId);
  }

  @Delete(':id/partners/:organisationId')
  @HttpCode(204)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CasePartner'))
  async removePartner(@Param() params: PartnerParams, @Req() req: Request) {
    await this.work.removePartner(actorOf(req), params.id, params.organisationId);
  }

  /** 200 with the case; 202 with the approval when the close it decides waits for one. */
  @Post(':id/safety-assessment')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('SafetyAssessment'))
  async assess(
    @Param() params: CaseIdParams,
    @Body() body: SafetyAssessmentDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const requested = await this.work.assessSafety(actorOf(req), params.id, body);
    if (!requested) return this.query.get(principalOf(req), params.id);
    res.status(202);
    return approvalRequested(requested.approval);
  }

  @Post(':id/investigation/complete')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Investigation'))
  async completeInvestigation(
    @Param() params: CaseIdParams,
    @Body() body: CompleteInvestigationDto,
    @Req() req: Request,
  ) {
    await this.work.completeInvestigation(actorOf(req), params.id, body.conclusion, body.decision);
    return this.query.get(principalOf(req), params.id);
  }

  /** 202: the case closes once a supervisor of the regie organisation approves (docs/approvals.md). */
  @Post(':id/close')
  @HttpCode(202)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ ...WRITE('Approval'), action: 'create' })
  async close(@Param() params: CaseIdParams, @Body() body: CloseCaseDto, @Req() req: Request) {
    return approvalRequested(await this.work.close(actorOf(req), params.id, body.reason));
  }

  @Post(':id/actions')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseAction'))
  async createAction(@Param() params: CaseIdParams, @Body() body: CreateActionDto, @Req() req: Request) {
    const action = await this.plan.createAction(actorOf(req), params.id, body);
    return this.query.written(principalOf(req), params.id, 'actions', action.id);
  }

  @Patch(':id/actions/:actionId')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseAction'))
  async updateAction(@Param() params: ActionParams, @Body() body: UpdateActionDto, @Req() req: Request) {
    await this.plan.updateAction(actorOf(req), params.id, params.actionId, body.status, body.note);
    return this.query.written(principalOf(req), params.id, 'actions', params.actionId);
  }

  @Post(':id/escalations')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Escalation'))
  async escalate(@Param() params: CaseIdParams, @Body() body: CreateEscalationDto, @Req() req: Request) {
    const escalation = await this.plan.escalate(actorOf(req), params.id, body);
    return this.query.written(principalOf(req), params.id, 'escalations', escalation.id);
  }

  @Post(':id/escalations/:eid/resolve')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('Escalation'))
  async resolve(@Param() params: EscalationParams, @Body() body: ResolveEscalationDto, @Req() req: Request) {
    await this.plan.resolveEscalation(actorOf(req), params.id, params.eid, body.resolution);
    return this.query.written(principalOf(req), params.id, 'escalations', params.eid);
  }

  @Post(':id/notes')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('CaseNote'))
  async addNote(@Param() params: CaseIdParams, @Body() body: CreateNoteDto, @Req() req: Request) {
    const note = await this.work.addNote(actorOf(req), params.id, body.category, body.text);
    return this.query.written(principalOf(req), params.id, 'notes', note.id);
  }
}
