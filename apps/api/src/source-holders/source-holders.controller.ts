import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegistryActor, SourceHolderRegistry } from '@vt/lookups';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { CreateSourceHolderDto, SourceHolderParams, UpdateSourceHolderDto } from './source-holders.dto';
import { SourceHolderListDto, SourceHolderViewDto } from './source-holders-responses.dto';

function actorOf(req: Request): RegistryActor {
  const principal = principalOf(req);
  return {
    userId: principal.userId,
    organisationId: principal.organisationId,
    roles: principal.roles,
    requestId: req.requestId,
    clientAddress: req.ip ?? 'unknown',
  };
}

/**
 * The registry of source holders. Who may manage organisations (the platform admin) manages the
 * source holders that answer for them; the shared key goes in and never comes out.
 */
@ApiTags('source-holders')
@ApiBearerAuth()
@Controller('source-holders')
export class SourceHoldersController {
  constructor(private readonly registry: SourceHolderRegistry) {}

  @Get()
  @CheckPolicy('update', 'Organisation')
  @Audit({ action: 'search', subjectType: 'SourceHolder' })
  @ApiOperation({ summary: 'The registered source holders' })
  @ApiOkResponse({ type: SourceHolderListDto })
  async list() {
    return { items: await this.registry.list() };
  }

  @Get(':id')
  @CheckPolicy('update', 'Organisation')
  @Audit({ action: 'read', subjectType: 'SourceHolder', idParam: 'id' })
  @ApiOperation({ summary: 'A source holder' })
  @ApiOkResponse({ type: SourceHolderViewDto })
  get(@Param() params: SourceHolderParams) {
    return this.registry.get(params.id);
  }

  @Post()
  @CheckPolicy('update', 'Organisation')
  @Audit({ action: 'create', subjectType: 'SourceHolder', inService: true })
  @ApiOperation({ summary: 'Registers a source holder for lookups' })
  @ApiCreatedResponse({ type: SourceHolderViewDto })
  create(@Body() body: CreateSourceHolderDto, @Req() req: Request) {
    return this.registry.create(actorOf(req), body);
  }

  @Patch(':id')
  @CheckPolicy('update', 'Organisation')
  @Audit({ action: 'update', subjectType: 'SourceHolder', idParam: 'id', inService: true })
  @ApiOperation({ summary: 'Changes a source holder' })
  @ApiOkResponse({ type: SourceHolderViewDto })
  update(@Param() params: SourceHolderParams, @Body() body: UpdateSourceHolderDto, @Req() req: Request) {
    return this.registry.update(actorOf(req), params.id, body);
  }
}
