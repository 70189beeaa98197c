import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { DetailRequestsService, LookupsService } from '@vt/lookups';
import type { Request, Response } from 'express';
import { CaseIdParams } from '../cases/cases.dto';
import { Audit, CheckPolicy } from '../security/decorators';
import { reachOf } from '../security/actor';
import { knownByEvents, NDJSON } from './known-by-stream';
import { CustodyDto, DetailRequestDto, DetailRequestParams, KnownByDto } from './lookups.dto';
import {
  CustodyLookupDto,
  DetailRequestCreatedDto,
  DetailRequestViewDto,
  KNOWN_BY_LINES,
  KnownByResultsDto,
} from './lookups-responses.dto';

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
  constructor(
    private readonly lookups: LookupsService,
    private readonly detailRequests: DetailRequestsService,
  ) {}

  /**
   * JSON with every result at once; with `Accept: application/x-ndjson` one line per event as it
   * happens. Either way every check, and the audit entries, come before anything is sent.
   */
  @Post('known-by')
  @HttpCode(200)
  @ApiProduces('application/json', NDJSON)
  @CheckPolicy('read', 'CasePartner')
  @Audit(LOOKUP('KnownByLookup'))
  @ApiOperation({
    summary: 'Asks the sources whether they know a person of the case: all results, or NDJSON events as they come',
  })
  @ApiExtraModels(KnownByResultsDto, ...Object.values(KNOWN_BY_LINES))
  @ApiOkResponse({
    description:
      "Every source's result; with Accept: application/x-ndjson one event per line, each line a JSON object " +
      'of the schema given for that media type',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(KnownByResultsDto) } },
      [NDJSON]: {
        schema: {
          oneOf: Object.values(KNOWN_BY_LINES).map((line) => ({ $ref: getSchemaPath(line) })),
          discriminator: {
            propertyName: 'type',
            mapping: Object.fromEntries(
              Object.entries(KNOWN_BY_LINES).map(([type, line]) => [type, getSchemaPath(line)]),
            ),
          },
        },
      },
    },
  })
  async knownBy(
    @Param() params: CaseIdParams,
    @Body() body: KnownByDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const reach = reachOf(req);
    const request = {
      caseId: params.id,
      personId: body.personId,
      reasonCode: body.reasonCode,
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    };
    res.vary('Accept');
    if (req.accepts(['application/json', NDJSON]) !== NDJSON) return this.lookups.knownBy(reach, request);
    const run = await this.lookups.startKnownBy(reach, request);
    // Each line is written as it comes; no proxy may hold them back (no-store is set for all of /api).
    res.setHeader('X-Accel-Buffering', 'no');
    return knownByEvents(run, req.requestId);
  }

  @Post('custody')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(LOOKUP('CustodyLookup'))
  @ApiOperation({ summary: 'Asks who has custody (gezag) of a minor of the case' })
  @ApiOkResponse({ type: CustodyLookupDto })
  custody(@Param() params: CaseIdParams, @Body() body: CustodyDto, @Req() req: Request) {
    return this.lookups.custody(reachOf(req), {
      caseId: params.id,
      personId: body.personId,
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    });
  }

  /** Queued: the worker sends it and polls the source until it decides. */
  @Post('detail-requests')
  @HttpCode(202)
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'create', subjectType: 'DetailRequest', idParam: 'id', caseParam: 'id', inService: true })
  @ApiOperation({ summary: 'Asks a source for details about a person of the case; the source decides later' })
  @ApiAcceptedResponse({ type: DetailRequestCreatedDto })
  requestDetail(@Param() params: CaseIdParams, @Body() body: DetailRequestDto, @Req() req: Request) {
    return this.detailRequests.request(reachOf(req), {
      caseId: params.id,
      ...body,
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    });
  }

  /** For the requesting organisation only; the answer is shown once, then deleted. */
  @Get('detail-requests/:rid')
  @CheckPolicy('read', 'CasePartner')
  @Audit({ action: 'read', subjectType: 'DetailRequest', idParam: 'rid', caseParam: 'id', inService: true })
  @ApiOperation({ summary: 'A detail request and, once granted, its answer' })
  @ApiOkResponse({ type: DetailRequestViewDto })
  readDetail(@Param() params: DetailRequestParams, @Req() req: Request) {
    return this.detailRequests.read(reachOf(req), params.id, params.rid, {
      requestId: req.requestId,
      clientAddress: req.ip ?? 'unknown',
    });
  }
}
