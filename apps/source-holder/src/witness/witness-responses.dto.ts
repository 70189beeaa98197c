import { ApiProperty } from '@nestjs/swagger';
import { WitnessCheckpointDto } from './witness.dto';

export class CheckpointReceiptDto {
  @ApiProperty({ example: '2026-05-01T10:00:00.000Z' })
  ontvangenOp!: string;
}

/** The latest checkpoint held for a chain; null before the first. */
export class LatestCheckpointDto {
  @ApiProperty({ type: () => WitnessCheckpointDto, nullable: true })
  laatste!: WitnessCheckpointDto | null;
}
