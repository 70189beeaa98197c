import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DetailRequestAccepted, DetailRequestAnswer } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { DetailRequestDto, InteractionIdParams } from './detail-requests.dto';
import { DetailRequestsService } from './detail-requests.service';
import { DetailRequestAcceptedDto, DetailRequestAnswerDto } from './detail-requests-responses.dto';

@ApiTags('verrijking')
@ApiBearerAuth()
@Controller('verrijking/v1/verzoeken')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class DetailRequestsController {
  constructor(private readonly detailRequests: DetailRequestsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Een verzoek om gegevens over een persoon; de bron besluit later' })
  @ApiAcceptedResponse({ type: DetailRequestAcceptedDto })
  receive(@Body() body: DetailRequestDto, @Req() req: Request): Promise<DetailRequestAccepted> {
    return this.detailRequests.receive(body, req.hub!, req.requestLog!);
  }

  @Get(':interactieId')
  @HttpCode(200)
  @ApiOperation({ summary: 'De stand van een verzoek en, eenmaal toegekend, de gegevens' })
  @ApiOkResponse({ type: DetailRequestAnswerDto })
  answer(@Param() params: InteractionIdParams, @Req() req: Request): Promise<DetailRequestAnswer> {
    return this.detailRequests.answer(params.interactieId, req.hub!, req.requestLog!);
  }
}
