import { ApiProperty } from '@nestjs/swagger';
import { PROTECTIVE_MEASURE_TYPES, ProtectiveMeasureType } from '@vt/cases';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CaseIdParams, ID, WITH_OFFSET } from './cases.dto';
import { OFFSET, oneOf, REQUIRED, TIMESTAMP } from './restraining-orders.dto';

export class RecordProtectiveMeasureDto {
  @ApiProperty({ enum: PROTECTIVE_MEASURE_TYPES })
  @IsIn(PROTECTIVE_MEASURE_TYPES, oneOf(PROTECTIVE_MEASURE_TYPES))
  type!: ProtectiveMeasureType;

  @ApiProperty({ required: false, description: 'the person of the case the measure restricts' })
  @IsOptional()
  @IsUUID('all', ID)
  subjectPersonId?: string;

  @ApiProperty({ required: false, description: 'the person of the case the measure protects' })
  @IsOptional()
  @IsUUID('all', ID)
  protectedPersonId?: string;

  @ApiProperty({ example: 'Officier van justitie Midden-Nederland' })
  @IsString()
  @Matches(/\S/, REQUIRED)
  @MaxLength(200)
  authority!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: '2026-11-26T09:00:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  startsAt!: string;

  @ApiProperty({ required: false, example: '2027-02-26T09:00:00+01:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  endsAt?: string;
}

/** Every field optional; `endsAt` and `description` null clear them, `status: ended` ends the measure. */
export class UpdateProtectiveMeasureDto {
  @ApiProperty({ type: String, required: false, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  endsAt?: string | null;

  @ApiProperty({ required: false })
  @ValidateIf((o: UpdateProtectiveMeasureDto) => o.authority !== undefined)
  @IsString()
  @Matches(/\S/, REQUIRED)
  @MaxLength(200)
  authority?: string;

  @ApiProperty({ type: String, required: false, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiProperty({ required: false, enum: ['ended'] })
  @ValidateIf((o: UpdateProtectiveMeasureDto) => o.status !== undefined)
  @IsIn(['ended'], oneOf(['ended']))
  status?: 'ended';

  @ApiProperty({ required: false })
  @ValidateIf((o: UpdateProtectiveMeasureDto) => o.endReason !== undefined)
  @IsString()
  @MaxLength(1000)
  endReason?: string;
}

export class ProtectiveMeasureParams extends CaseIdParams {
  @IsUUID('all', ID)
  mid!: string;
}
