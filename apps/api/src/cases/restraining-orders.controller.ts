import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RestrainingOrderService } from '@vt/cases';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { actorOf, WRITE } from './cases.controller';
import { ExtendRestrainingOrderDto, RecordRestrainingOrderDto, RestrainingOrderParams } from './restraining-orders.dto';

/** Tijdelijk huisverbod: recorded on the case with its advice and end deadlines, and extended. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class RestrainingOrdersController {
  constructor(private readonly orders: RestrainingOrderService) {}

  @Post(':id/restraining-orders')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  record(@Param() params: CaseIdParams, @Body() body: RecordRestrainingOrderDto, @Req() req: Request) {
    return this.orders.record(actorOf(req), params.id, {
      imposedAt: new Date(body.imposedAt),
      imposedBy: body.imposedBy,
    });
  }

  @Post(':id/restraining-orders/:rid/extend')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  extend(@Param() params: RestrainingOrderParams, @Body() body: ExtendRestrainingOrderDto, @Req() req: Request) {
    return this.orders.extend(actorOf(req), params.id, params.rid, new Date(body.until));
  }
}
