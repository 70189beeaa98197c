import { ApiProperty } from '@nestjs/swagger';
import { CAPABILITIES } from '@vt/lookups';

export class SourceHolderViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  sourceId!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty()
  baseUrl!: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true })
  capabilities!: (typeof CAPABILITIES)[number][];

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: Date })
  createdAt!: Date;

  @ApiProperty({ type: Date })
  updatedAt!: Date;
}

export class SourceHolderListDto {
  @ApiProperty({ type: [SourceHolderViewDto] })
  items!: SourceHolderViewDto[];
}
