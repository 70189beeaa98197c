import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganisationsService, UsersService } from '@vt/access';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { CreateUserDto, OrganisationParams, UpdateUserDto, UserParams } from './users.dto';
import { MeDto, OrganisationListDto, UserViewDto } from './organisations-responses.dto';

function auditContext(req: Request) {
  return { requestId: req.requestId, clientAddress: req.ip ?? 'unknown' };
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
  ) {}

  @Get('me')
  @Audit({ action: 'read', subjectType: 'User' })
  @ApiOperation({ summary: 'The signed-in user with their organisation' })
  @ApiOkResponse({ type: MeDto })
  me(@Req() req: Request) {
    return this.users.me(principalOf(req));
  }

  @Get('organisations')
  @CheckPolicy('read', 'Organisation')
  @Audit({ action: 'search', subjectType: 'Organisation' })
  @ApiOperation({ summary: 'The organisations, for choosing partners and participants' })
  @ApiOkResponse({ type: OrganisationListDto })
  async list() {
    return { items: await this.organisations.list() };
  }

  @Post('organisations/:orgId/users')
  @CheckPolicy('create', 'User')
  @Audit({ action: 'create', subjectType: 'User', inService: true })
  @ApiOperation({ summary: 'Adds a user to the organisation' })
  @ApiCreatedResponse({ type: UserViewDto })
  create(@Param() params: OrganisationParams, @Body() body: CreateUserDto, @Req() req: Request) {
    return this.users.create(principalOf(req), params.orgId, body, auditContext(req));
  }

  @Patch('organisations/:orgId/users/:userId')
  @CheckPolicy('update', 'User')
  @Audit({ action: 'update', subjectType: 'User', idParam: 'userId', inService: true })
  @ApiOperation({ summary: 'Changes a user of the organisation: name, roles, active' })
  @ApiOkResponse({ type: UserViewDto })
  update(@Param() params: UserParams, @Body() body: UpdateUserDto, @Req() req: Request) {
    return this.users.update(principalOf(req), params.orgId, params.userId, body, auditContext(req));
  }
}
