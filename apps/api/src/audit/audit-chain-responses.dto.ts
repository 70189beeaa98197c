import { ApiProperty } from '@nestjs/swagger';

export class AuditChainBreakDto {
  @ApiProperty()
  fromSeq!: string;

  @ApiProperty()
  toSeq!: string;

  @ApiProperty()
  reason!: string;
}

export class AuditChainCheckpointDto {
  @ApiProperty()
  seq!: string;

  @ApiProperty()
  signedAt!: string;

  @ApiProperty()
  witnessed!: boolean;
}

export class AuditChainVerificationDto {
  @ApiProperty()
  valid!: boolean;

  @ApiProperty()
  checked!: number;

  @ApiProperty({ type: [AuditChainBreakDto] })
  broken!: AuditChainBreakDto[];

  @ApiProperty({ type: () => AuditChainCheckpointDto, nullable: true })
  checkpoint!: AuditChainCheckpointDto | null;

  @ApiProperty({ enum: ['ok', 'unavailable', 'not_configured'] })
  witness!: 'ok' | 'unavailable' | 'not_configured';

  @ApiProperty({ required: false })
  firstBrokenSeq?: string;
}

export class AuditCheckpointDto {
  @ApiProperty()
  seq!: string;

  @ApiProperty()
  hash!: string;

  @ApiProperty()
  signedAt!: string;

  @ApiProperty()
  keyId!: string;

  @ApiProperty({ enum: ['unavailable', 'not_configured', 'stored', 'held', 'conflict'] })
  witnessStatus!: 'unavailable' | 'not_configured' | 'stored' | 'held' | 'conflict';
}

export class AuditCheckpointWrittenDto {
  @ApiProperty()
  taken!: boolean;

  @ApiProperty({ type: () => AuditCheckpointDto, nullable: true })
  checkpoint!: AuditCheckpointDto | null;
}
