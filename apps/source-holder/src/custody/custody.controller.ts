import { Body, Controller, HttpCode, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { CustodyAnswer } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { CustodyRequestDto } from './custody.dto';
import { CustodyService } from './custody.service';

@Controller('gezag/v1')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class CustodyController {
  constructor(private readonly custody: CustodyService) {}

  @Post('bevragingen')
  @HttpCode(200)
  ask(@Body() body: CustodyRequestDto, @Req() req: Request): Promise<CustodyAnswer> {
    return this.custody.answer(body, req.requestLog!);
  }
}
