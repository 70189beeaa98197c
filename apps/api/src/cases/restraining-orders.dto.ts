import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CaseIdParams, ID, WITH_OFFSET } from './cases.dto';

const TIMESTAMP = { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' };
const OFFSET = { message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset' };

export class RecordRestrainingOrderDto {
  @ApiProperty({ example: '2026-11-23T14:30:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  imposedAt!: string;

  @ApiProperty({ example: 'Burgemeester van Utrecht (hulpofficier van justitie in mandaat)' })
  @IsString()
  @Matches(/\S/, { message: 'verplicht / required' })
  @MaxLength(200)
  imposedBy!: string;
}

export class RestrainingOrderParams extends CaseIdParams {
  @IsUUID('all', ID)
  rid!: string;
}

export class ExtendRestrainingOrderDto {
  @ApiProperty({ example: '2026-12-21T14:30:00+01:00', description: 'at most 28 days after imposedAt' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  until!: string;
}
