import { Body, Controller, HttpCode, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { KnownByAnswer } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { KnownByRequestDto } from './known-by.dto';
import { KnownByService } from './known-by.service';

@Controller('bekendheid/v1')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class KnownByController {
  constructor(private readonly knownBy: KnownByService) {}

  @Post('bevragingen')
  @HttpCode(200)
  ask(@Body() body: KnownByRequestDto, @Req() req: Request): Promise<KnownByAnswer> {
    return this.knownBy.answer(body, req.requestLog!);
  }
}
