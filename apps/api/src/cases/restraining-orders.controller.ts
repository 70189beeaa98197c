import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseQueryService, RestrainingOrderService } from '@vt/cases';
import type { Request } from 'express';
import { actorOf, reachOf } from '../security/actor';
import { Audit, CheckPolicy } from '../security/decorators';
import { CaseIdParams } from './cases.dto';
import { WRITE } from './cases.controller';
import {
  ExtendRestrainingOrderDto,
  OrderAdviceDto,
  OrderBreachDto,
  OrderDecisionDto,
  RecordRestrainingOrderDto,
  RestrainingOrderParams,
} from './restraining-orders.dto';
import { ApiWrittenRow, OrderBreachViewDto, RestrainingOrderViewDto } from './case-view.dto';

/**
 * Tijdelijk huisverbod (docs/protection.md): recorded on the case with its advice and end
 * deadlines, advised on, decided on (extended, not extended, lifted), and its breaches.
 */
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
  @ApiOperation({ summary: 'Records a restraining order (huisverbod)' })
  @ApiWrittenRow(RestrainingOrderViewDto)
  async record(@Param() params: CaseIdParams, @Body() body: RecordRestrainingOrderDto, @Req() req: Request) {
    const order = await this.orders.record(actorOf(req), params.id, {
      imposedAt: new Date(body.imposedAt),
      imposedBy: body.imposedBy,
      subjectPersonId: body.subjectPersonId.toLowerCase(),
    });
    return this.query.written(reachOf(req), params.id, 'restrainingOrders', order.id);
  }

  @Post(':id/restraining-orders/:rid/advice')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  @ApiOperation({ summary: 'Records the advice on extending a restraining order' })
  @ApiWrittenRow(RestrainingOrderViewDto)
  async advise(@Param() params: RestrainingOrderParams, @Body() body: OrderAdviceDto, @Req() req: Request) {
    await this.orders.advise(actorOf(req), params.id, params.rid, { advice: body.advice, summary: body.summary });
    return this.query.written(reachOf(req), params.id, 'restrainingOrders', params.rid);
  }

  @Post(':id/restraining-orders/:rid/decision')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  @ApiOperation({ summary: "Records the mayor's decision on a restraining order" })
  @ApiWrittenRow(RestrainingOrderViewDto, 200)
  async decide(@Param() params: RestrainingOrderParams, @Body() body: OrderDecisionDto, @Req() req: Request) {
    await this.orders.decide(actorOf(req), params.id, params.rid, {
      decision: body.decision,
      until: body.until === undefined ? undefined : new Date(body.until),
    });
    return this.query.written(reachOf(req), params.id, 'restrainingOrders', params.rid);
  }

  /** The decision `extended` under its earlier name. */
  @Post(':id/restraining-orders/:rid/extend')
  @HttpCode(200)
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrder'))
  @ApiOperation({ summary: 'Extends a restraining order' })
  @ApiWrittenRow(RestrainingOrderViewDto, 200)
  async extend(@Param() params: RestrainingOrderParams, @Body() body: ExtendRestrainingOrderDto, @Req() req: Request) {
    await this.orders.extend(actorOf(req), params.id, params.rid, new Date(body.until));
    return this.query.written(reachOf(req), params.id, 'restrainingOrders', params.rid);
  }

  @Post(':id/restraining-orders/:rid/breaches')
  @CheckPolicy('read', 'CasePartner')
  @Audit(WRITE('RestrainingOrderBreach'))
  @ApiOperation({ summary: 'Records a breach of a restraining order' })
  @ApiWrittenRow(OrderBreachViewDto)
  async breach(@Param() params: RestrainingOrderParams, @Body() body: OrderBreachDto, @Req() req: Request) {
    const breach = await this.orders.recordBreach(actorOf(req), params.id, params.rid, {
      occurredAt: new Date(body.occurredAt),
      description: body.description,
    });
    return this.query.written(reachOf(req), params.id, 'orderBreaches', breach.id);
  }
}
