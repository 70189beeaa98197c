import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { UsersService } from '@vt/access';
import { ActorLookup, auditCsv, AuditQueryService } from '@vt/audit';
import { CaseQueryService } from '@vt/cases';
import { addCalendarDays, startOfAmsterdamDay } from '@vt/deadlines';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { reachOf } from '../security/actor';
import { AuditExportQuery, AuditPageDto, AuditSearchDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly cases: CaseQueryService,
    private readonly users: UsersService,
  ) {}

  private readonly actors: ActorLookup = (ids) => this.users.namesOf(ids);

  @Get()
  @CheckPolicy('read', 'AuditEntry')
  @Audit({ action: 'search', subjectType: 'AuditEntry' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiOperation({ summary: 'Searches the audit log the caller may read, newest first' })
  async search(@Query() filter: AuditSearchDto, @Req() req: Request) {
    const { reference, fromSeq, toSeq, caseId, ...rest } = filter;
    const caseIds = reference ? await this.cases.idsByReference(reference) : undefined;
    return this.query.search(
      reachOf(req),
      {
        ...rest,
        // Both given: the one case, if it carries the reference.
        caseIds: caseId ? (caseIds ?? [caseId]).filter((id) => id === caseId) : caseIds,
        // Positions are those a verification of the caller's own chain names.
        chain: fromSeq || toSeq ? { chainId: reachOf(req).organisationId, fromSeq, toSeq } : undefined,
        limit: filter.limit ?? 50,
      },
      this.actors,
    );
  }

  /**
   * The entries of a period as search finds them, oldest first, as CSV. Read and written a chunk
   * at a time; the export's own audit entry is committed before the first line leaves.
   */
  @Get('export.csv')
  @CheckPolicy('read', 'AuditEntry')
  @Audit({ action: 'export', subjectType: 'AuditEntry' })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The audit entries of a period as CSV, oldest first' })
  @ApiOkResponse({ description: 'CSV, one line per entry', content: { 'text/csv': { schema: { type: 'string' } } } })
  exportCsv(@Query() period: AuditExportQuery, @Req() req: Request): Response {
    const chunks = this.query.chunks(
      reachOf(req),
      { from: startOfAmsterdamDay(period.from), to: startOfAmsterdamDay(addCalendarDays(period.to, 1)) },
      this.actors,
    );
    const encoder = new TextEncoder();
    async function* bytes() {
      for await (const text of auditCsv(chunks)) yield encoder.encode(text);
    }
    // A web Response, so the CSV headers go out with the file only: a refusal stays a JSON error.
    return new Response(ReadableStream.from(bytes()), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="auditlog-${period.from}-${period.to}.csv"`,
      },
    });
  }
}
