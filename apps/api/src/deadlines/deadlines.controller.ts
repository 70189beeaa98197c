import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DashboardService, DeadlineListService } from '@vt/cases';
import { DeadlineFiguresService } from '@vt/deadlines';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { reachOf } from '../security/actor';
import { DeadlineListQuery, LeadTimeReportQuery } from './deadlines.dto';
import { DashboardDto, DeadlinePageDto } from './deadlines-responses.dto';

/**
 * Deadlines as the organisation holding regie sees them: the list for its users, and for its
 * supervisors the dashboard and the lead-time export. Scoped in SQL by the caller's reach: the
 * ability's 'Deadline' and 'Dashboard' rules.
 */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlineListService,
    private readonly dashboards: DashboardService,
    private readonly figures: DeadlineFiguresService,
  ) {}

  @Get('deadlines')
  @CheckPolicy('read', 'Deadline')
  @Audit({ action: 'search', subjectType: 'Deadline' })
  @ApiOperation({
    summary: 'The terms of the cases the organisation holds regie of, filtered by status, kind and due date',
  })
  @ApiOkResponse({ type: DeadlinePageDto })
  list(@Query() query: DeadlineListQuery, @Req() req: Request) {
    return this.deadlines.list(reachOf(req), {
      status: query.status,
      kind: query.kind,
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
      atRisk: query.atRisk === 'true',
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }

  @Get('dashboard')
  @CheckPolicy('read', 'Dashboard')
  @Audit({ action: 'read', subjectType: 'Dashboard' })
  @ApiOperation({ summary: "The organisation's dashboard: open terms by kind, lead times, waiting list" })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@Req() req: Request) {
    return this.dashboards.dashboard(reachOf(req));
  }

  @Get('reports/lead-times.csv')
  @CheckPolicy('read', 'Dashboard')
  @Audit({ action: 'export', subjectType: 'LeadTimeReport' })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="doorlooptijden.csv"')
  @ApiOperation({ summary: 'Lead times per case of a period as CSV' })
  @ApiOkResponse({ description: 'CSV, one line per case', content: { 'text/csv': { schema: { type: 'string' } } } })
  leadTimes(@Query() query: LeadTimeReportQuery, @Req() req: Request) {
    return this.figures.leadTimesCsv(reachOf(req), query.from, query.to);
  }
}
