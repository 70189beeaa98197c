import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MeetingsService, renderMinutesHtml } from '@vt/meetings';
import type { Request } from 'express';
import { actorOf } from '../cases/cases.controller';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
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
  create(@Body() body: CreateMeetingDto, @Req() req: Request) {
    return this.meetings.create(actorOf(req), { ...body, scheduledAt: new Date(body.scheduledAt) });
  }

  @Get()
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit({ action: 'search', subjectType: 'Meeting' })
  list(@Query() query: MeetingListQuery, @Req() req: Request) {
    return this.meetings.list(principalOf(req), {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('Meeting'))
  get(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.get(actorOf(req), params.id);
  }

  @Post(':id/items')
  @CheckPolicy('update', 'Meeting')
  @Audit(WRITE('MeetingItem'))
  addItem(@Param() params: MeetingIdParams, @Body() body: AddItemDto, @Req() req: Request) {
    return this.meetings.addItem(actorOf(req), params.id, body.caseId);
  }

  @Post(':id/items/:caseId/decisions')
  @CheckPolicy('update', 'Meeting')
  @Audit({ ...WRITE('MeetingDecision'), caseParam: 'caseId' })
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
  regisseurCandidates(@Param() params: MeetingCaseParams, @Req() req: Request) {
    return this.meetings.regisseurCandidates(actorOf(req), params.id, params.caseId);
  }

  @Post(':id/items/:itemId/partners')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(WRITE('CasePartner'))
  addPartner(@Param() params: MeetingItemParams, @Body() body: MeetingPartnerDto, @Req() req: Request) {
    return this.meetings.addPartner(actorOf(req), params.id, params.itemId, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @CheckPolicy('update', 'Meeting')
  @Audit(WRITE('Meeting'))
  close(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.close(actorOf(req), params.id);
  }

  @Get(':id/preparation')
  @CheckPolicy('update', 'Meeting')
  @Audit(READ('MeetingPreparation'))
  preparation(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.preparation(actorOf(req), params.id);
  }

  @Get(':id/minutes')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('MeetingMinutes'))
  minutes(@Param() params: MeetingIdParams, @Req() req: Request) {
    return this.meetings.minutes(actorOf(req), params.id);
  }

  @Get(':id/minutes.html')
  @CheckPolicy('read', 'MeetingParticipant')
  @Audit(READ('MeetingMinutes'))
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  async minutesHtml(@Param() params: MeetingIdParams, @Req() req: Request) {
    return renderMinutesHtml(await this.meetings.minutes(actorOf(req), params.id));
  }
}
