import { Body, Controller, HttpCode, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KnownByAnswer } from '@vt/lookups-protocol';
import type { Request } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { KnownByRequestDto } from './known-by.dto';
import { KnownByService } from './known-by.service';
import { KnownByAnswerDto } from './known-by-responses.dto';

@ApiTags('bekendheid')
@ApiBearerAuth()
@Controller('bekendheid/v1')
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class KnownByController {
  constructor(private readonly knownBy: KnownByService) {}

  @Post('bevragingen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Of de bron deze persoon kent (op pseudoniem), en zo ja bij wie de hub terecht kan' })
  @ApiOkResponse({ type: KnownByAnswerDto })
  ask(@Body() body: KnownByRequestDto, @Req() req: Request): Promise<KnownByAnswer> {
    return this.knownBy.answer(body, req.requestLog!);
  }
}
