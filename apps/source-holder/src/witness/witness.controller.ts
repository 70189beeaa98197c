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
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { WITNESS_PATH, WitnessCheckpoint } from '@vt/lookups-protocol';
import type { Request, Response } from 'express';
import { ProtocolGuard } from '../auth/protocol.guard';
import { RequestLogInterceptor } from '../request-log/request-log.interceptor';
import { ChainIdParams, CheckpointQuery, WitnessCheckpointDto } from './witness.dto';
import { CheckpointReceipt, WitnessService } from './witness.service';
import { CheckpointReceiptDto, LatestCheckpointDto } from './witness-responses.dto';

/** The hub hands its audit checkpoints to this source holder and reads them back; served in both modes. */
@ApiTags('getuige')
@ApiBearerAuth()
@Controller(WITNESS_PATH)
@UseGuards(ProtocolGuard)
@UseInterceptors(RequestLogInterceptor)
export class WitnessController {
  constructor(private readonly witness: WitnessService) {}

  /** 201 for a new checkpoint, 200 for one already held (a retry), each logged with its own status. */
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Neemt een ondertekend auditcheckpoint van de hub in bewaring (200 als het er al was)' })
  @ApiCreatedResponse({ type: CheckpointReceiptDto })
  @ApiOkResponse({ type: CheckpointReceiptDto, description: 'Het checkpoint was er al (een herhaling)' })
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
  @ApiOperation({ summary: 'Het laatste checkpoint van een keten, of dat met het gevraagde volgnummer' })
  @ApiExtraModels(LatestCheckpointDto, WitnessCheckpointDto)
  @ApiOkResponse({
    description: 'Zonder volgnummer het laatste (null voor het eerste), met volgnummer dat checkpoint',
    schema: { oneOf: [{ $ref: getSchemaPath(LatestCheckpointDto) }, { $ref: getSchemaPath(WitnessCheckpointDto) }] },
  })
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
