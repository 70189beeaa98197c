import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminGuard } from '../auth/admin.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { InteractionIdParams, ReviewDecisionDto, ReviewListQuery } from './detail-requests.dto';
import { DetailRequestsService, ReviewItem } from './detail-requests.service';
import { ReviewItemDto, ReviewListDto } from './detail-requests-responses.dto';

/** The source's own small API for a person who decides the requests the policy leaves open. */
@ApiTags('beheer')
@ApiBearerAuth()
@Controller('beheer/v1/verzoeken')
@UseGuards(AdminGuard)
@UseInterceptors(RequestLogInterceptor)
export class DetailRequestReviewController {
  constructor(private readonly detailRequests: DetailRequestsService) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'De verzoeken, op status, voor wie over de open verzoeken besluit' })
  @ApiOkResponse({ type: ReviewListDto })
  list(@Query() query: ReviewListQuery, @Req() req: Request): Promise<{ items: ReviewItem[] }> {
    req.requestLog!.answerClass = 'LIJST';
    return this.detailRequests.list(query.status, query.limit ?? 50);
  }

  @Post(':interactieId/besluit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Besluit over een verzoek dat het beleid openlaat: toekennen (welke categorieën) of weigeren',
  })
  @ApiOkResponse({ type: ReviewItemDto })
  decide(
    @Param() params: InteractionIdParams,
    @Body() body: ReviewDecisionDto,
    @Req() req: Request,
  ): Promise<ReviewItem> {
    return this.detailRequests.decide(params.interactieId, body, req.requestLog!);
  }
}
