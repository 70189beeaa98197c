import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseSearchService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf } from '../cases/cases.controller';
import { Audit, CheckPolicy } from '../security/decorators';
import { SearchQueryDto } from './search.dto';
import { SearchResultsDto } from './search-responses.dto';

/**
 * Search within reach: cases by reference, a person's name, date of birth or BSN, only in the
 * networks the caller's organisation belongs to. The service audits each search (the query's kind,
 * never the query); the interceptor records refusals.
 */
@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly cases: CaseSearchService) {}

  @Get()
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'search', subjectType: 'Case', inService: true })
  @ApiOperation({ summary: "Finds cases of the caller's networks by reference, a person's name, date of birth or BSN" })
  @ApiOkResponse({ type: SearchResultsDto })
  search(@Query() query: SearchQueryDto, @Req() req: Request) {
    return this.cases.search(actorOf(req), query.q, query.limit);
  }
}
