import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LookupsService } from '@vt/lookups';
import type { Request } from 'express';
import { CaseIdParams } from '../cases/cases.dto';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { CustodyDto, KnownByDto } from './lookups.dto';

/** The service writes an entry per source before each request leaves; the interceptor logs refusals. */
const LOOKUP = (subjectType: string) =>
  ({ action: 'lookup', subjectType, idParam: 'id', caseParam: 'id', inService: true }) as const;

/**
 * Lookups at the sources (Samen onder Handbereik), from a case the caller's organisation works
 * on (404 otherwise) and about one of its persons.
 */
@ApiTags('lookups')
@ApiBearerAuth()
@Controller('cases/:id/lookups')
export class LookupsController {
  constructor(private readonly lookups: LookupsService) {}

  @Post('known-by')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(LOOKUP('KnownByLookup'))
  knownBy(@Param() params: CaseIdParams, @Body() body: KnownByDto, @Req() req: Request) {
    return this.lookups.knownBy(principalOf(req), {
      caseId: params.id,
      personId: body.personId,
      reasonCode: body.reasonCode,
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    });
  }

  @Post('custody')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(LOOKUP('CustodyLookup'))
  custody(@Param() params: CaseIdParams, @Body() body: CustodyDto, @Req() req: Request) {
    return this.lookups.custody(principalOf(req), {
      caseId: params.id,
      personId: body.personId,
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    });
  }
}
