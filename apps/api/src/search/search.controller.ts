import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseSearchService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf } from '../security/actor';
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

  /**
   * The same search with the query in the body: a BSN or a name in a URL ends up in the logs of
   * every proxy on the way, so the web app searches this way.
   */
  @Post()
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'search', subjectType: 'Case', inService: true })
  @ApiOperation({ summary: 'The same search with the query in the body, so a BSN or name stays out of URLs and logs' })
  @ApiOkResponse({ type: SearchResultsDto })
  searchInBody(@Body() body: SearchQueryDto, @Req() req: Request) {
    return this.cases.search(actorOf(req), body.q, body.limit);
  }
}
