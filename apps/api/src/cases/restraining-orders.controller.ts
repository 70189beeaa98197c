import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CaseQueryService, RestrainingOrderService } from '@vt/cases';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { CaseIdParams } from './cases.dto';
import { actorOf, WRITE } from './cases.controller';
import { ExtendRestrainingOrderDto, RecordRestrainingOrderDto, RestrainingOrderParams } from './restraining-orders.dto';

/** Tijdelijk huisverbod: recorded on the case with its advice and end deadlines, and extended. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class RestrainingOrdersController {
  constructor(
    private readonly orders: RestrainingOrderService,
    private readonly query: CaseQueryService,
  ) {}

  @Post(':id/restraining-orders')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  async record(@Param() params: CaseIdParams, @Body() body: RecordRestrainingOrderDto, @Req() req: Request) {
    const order = await this.orders.record(actorOf(req), params.id, {
      imposedAt: new Date(body.imposedAt),
      imposedBy: body.imposedBy,
    });
    return this.query.written(principalOf(req), params.id, 'restrainingOrders', order.id);
  }

  @Post(':id/restraining-orders/:rid/extend')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  async extend(@Param() params: RestrainingOrderParams, @Body() body: ExtendRestrainingOrderDto, @Req() req: Request) {
    await this.orders.extend(actorOf(req), params.id, params.rid, new Date(body.until));
    return this.query.written(principalOf(req), params.id, 'restrainingOrders', params.rid);
  }
}
