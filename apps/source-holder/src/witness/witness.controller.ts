import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { WITNESS_PATH, WitnessCheckpoint } from '@vt/lookups-protocol';
import type { Request, Response } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { ChainIdParams, CheckpointQuery, WitnessCheckpointDto } from './witness.dto';
import { CheckpointReceipt, WitnessService } from './witness.service';

/** The hub hands its audit checkpoints to this source holder and reads them back; served in both modes. */
@Controller(WITNESS_PATH)
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class WitnessController {
  constructor(private readonly witness: WitnessService) {}

  /** 201 for a new checkpoint, 200 for one already held (a retry), each logged with its own status. */
  @Post()
  @HttpCode(201)
  async receive(
    @Body() body: WitnessCheckpointDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CheckpointReceipt> {
    const { stored, receipt } = await this.witness.receive(body, req.hub!, req.requestLog!);
    if (!stored) res.status(200);
    return receipt;
  }

  @Get(':ketenId')
  @HttpCode(200)
  read(
    @Param() params: ChainIdParams,
    @Query() query: CheckpointQuery,
    @Req() req: Request,
  ): Promise<{ laatste: WitnessCheckpoint | null } | WitnessCheckpoint> {
    return query.volgnummer === undefined
      ? this.witness.latest(req.hub!, params.ketenId, req.requestLog!)
      : this.witness.at(req.hub!, params.ketenId, query.volgnummer, req.requestLog!);
  }
}
