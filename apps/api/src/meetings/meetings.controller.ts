import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MeetingsService, renderMinutesHtml } from '@vt/meetings';
import type { Request } from 'express';
import { actorOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import {
  AddItemDto,
  CreateMeetingDto,
  DecisionDto,
  MeetingCaseParams,
  MeetingIdParams,
  MeetingItemParams,
  MeetingListQuery,
  MeetingPartnerDto,
} from './meetings.dto';
import {
  MeetingDecisionDto,
  MeetingDto,
  MeetingMinutesDto,
  MeetingPageDto,
  MeetingPartnerViewDto,
  MeetingPreparationDto,
  VisibleAgendaItemDto,
} from './meetings-responses.dto';
import { RegisseurCandidatesDto } from '../cases/cases-responses.dto';

/** Reads audit the meeting and every case shown to this reader in the service; failures here. */
const READ = (subjectType: string) => ({ action: 'read', subjectType, idParam: 'id', inService: true }) as const;
const WRITE = (subjectType: string) => ({ action: 'update', subjectType, idParam: 'id', inService: true }) as const;

/**
 * Meetings (overleggen). Participants are found in SQL through their organisation (404 for anyone
 * else); chairs of the holding organisation run the meeting; each agenda item shows a reader only
 * what their organisation may see of the case.
 */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @CheckPolicy('create', 'Meeting')
  @Audit({ action: 'create', subjectType: 'Meeting', inService: true })
  @ApiOperation({ summary: 'Plans a meeting (MDO) with its participants' })
  @ApiCreatedResponse({ type: MeetingDto })
  create(@Body() body: CreateMeetingDto, @Req() req: Request) {
    return this.meetings.create(actorOf(req), { ...body, scheduledAt: new Date(body.scheduledAt) });
  }

  @Get()
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit({ action: 'search', subjectType: 'Meeting' })
  @ApiOperation({ summary: "The meetings the caller's organisation takes part in" })
  @ApiOkResponse({ type: MeetingPageDto })
  list(@Query() query: MeetingListQuery, @Req() req: Request) {
    return this.meetings.list(actorOf(req).reach, {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('Meeting'))
  @ApiOperation({ summary: 'A meeting with its participants and agenda' })
  @ApiOkResponse({ type: MeetingDto })
  get(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.get(actorOf(req), params.id);
  }

  @Post(':id/items')
  @CheckPolicy('update', 'Meeting')
  @Audit(WRITE('MeetingItem'))
  @ApiOperation({ summary: "Puts a case on the meeting's agenda" })
  @ApiCreatedResponse({
    type: VisibleAgendaItemDto,
    description: 'the item as the chair, who reaches its case, sees it',
  })
  addItem(@Param() params: MeetingIdParams, @Body() body: AddItemDto, @Req() req: Request) {
    return this.meetings.addItem(actorOf(req), params.id, body.caseId);
  }

  @Post(':id/items/:caseId/decisions')
  @CheckPolicy('update', 'Meeting')
  @Audit({ ...WRITE('MeetingDecision'), caseParam: 'caseId' })
  @ApiOperation({ summary: 'Records a decision on an agenda item, with its actions' })
  @ApiCreatedResponse({ type: MeetingDecisionDto })
  decide(@Param() params: MeetingCaseParams, @Body() body: DecisionDto, @Req() req: Request) {
    return this.meetings.decide(actorOf(req), params.id, params.caseId, {
      text: body.text,
      regisseurUserId: body.regisseurUserId,
      actions: body.actions.map((action) => ({ ...action, dueAt: new Date(action.dueAt) })),
    });
  }

  /** Whom a decision may make regisseur: asked under the decision's own checks (see the service). */
  @Get(':id/items/:caseId/regisseur-candidates')
  @CheckPolicy('update', 'Meeting')
  @Audit({ action: 'search', subjectType: 'RegisseurCandidates', idParam: 'id', caseParam: 'caseId' })
  @ApiOperation({ summary: 'Whom a decision on the agenda item may make regisseur' })
  @ApiOkResponse({ type: RegisseurCandidatesDto })
  regisseurCandidates(@Param() params: MeetingCaseParams, @Req() req: Request) {
    return this.meetings.regisseurCandidates(actorOf(req), params.id, params.caseId);
  }

  @Post(':id/items/:itemId/partners')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(WRITE('CasePartner'))
  @ApiOperation({ summary: "Adds a participant's organisation to the network of an agenda item's case" })
  @ApiCreatedResponse({ type: MeetingPartnerViewDto })
  addPartner(@Param() params: MeetingItemParams, @Body() body: MeetingPartnerDto, @Req() req: Request) {
    return this.meetings.addPartner(actorOf(req), params.id, params.itemId, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @CheckPolicy('update', 'Meeting')
  @Audit(WRITE('Meeting'))
  @ApiOperation({ summary: 'Closes the meeting; its minutes are final' })
  @ApiOkResponse({ type: MeetingDto })
  close(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.close(actorOf(req), params.id);
  }

  @Get(':id/preparation')
  @CheckPolicy('update', 'Meeting')
  @Audit(READ('MeetingPreparation'))
  @ApiOperation({
    summary: "What the chair reads before the meeting: each agenda item's case as its organisation may see it",
  })
  @ApiOkResponse({ type: MeetingPreparationDto })
  preparation(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.preparation(actorOf(req), params.id);
  }

  @Get(':id/minutes')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('MeetingMinutes'))
  @ApiOperation({ summary: 'The minutes of a meeting: decisions per agenda item' })
  @ApiOkResponse({ type: MeetingMinutesDto })
  minutes(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.minutes(actorOf(req), params.id);
  }

  @Get(':id/minutes.html')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('MeetingMinutes'))
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  @ApiOperation({ summary: 'The minutes of a meeting as a printable HTML page' })
  @ApiOkResponse({
    description: 'A self-contained HTML page',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async minutesHtml(@Param() params: MeetingIdParams, @Req() req: Request) {
    return renderMinutesHtml(await this.meetings.minutes(actorOf(req), params.id));
  }
}
