import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { GEZAG_TRANSACTION_HEADER, GezagResponse, OIN_HEADER } from '@vt/lookups-protocol';
import type { Request, Response } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { CustodyRequestDto } from './custody.dto';
import { CustodyService } from './custody.service';
import { CustodyUnavailableFilter } from './custody-unavailable.filter';

/** `POST /api/v1/opvragenBevoegdheidTotGezag` of the BRP API Gezag, behind the hub's token. */
@Controller('api/v1')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
@UseFilters(CustodyUnavailableFilter)
export class CustodyController {
  constructor(private readonly custody: CustodyService) {}

  @Post('opvragenBevoegdheidTotGezag')
  @HttpCode(200)
  ask(
    @Body() body: CustodyRequestDto,
    @Headers(OIN_HEADER.toLowerCase()) oin: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GezagResponse> {
    // The guard admits only a UUID v7 transaction id, which names the transaction back.
    res.setHeader(GEZAG_TRANSACTION_HEADER, req.requestLog!.transactionId!);
    return this.custody.answer(body, oin, req.requestLog!);
  }
}
