import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { DetailRequestAccepted, DetailRequestAnswer } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { DetailRequestDto, InteractionIdParams } from './detail-requests.dto';
import { DetailRequestsService } from './detail-requests.service';

@Controller('verrijking/v1/verzoeken')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class DetailRequestsController {
  constructor(private readonly detailRequests: DetailRequestsService) {}

  @Post()
  @HttpCode(202)
  receive(@Body() body: DetailRequestDto, @Req() req: Request): Promise<DetailRequestAccepted> {
    return this.detailRequests.receive(body, req.hub!, req.requestLog!);
  }

  @Get(':interactieId')
  @HttpCode(200)
  answer(@Param() params: InteractionIdParams, @Req() req: Request): Promise<DetailRequestAnswer> {
    return this.detailRequests.answer(params.interactieId, req.hub!, req.requestLog!);
  }
}
